"""Who follows what, the changes waiting to be told, and the outbox.

Personal data here is the e-mail address alone, kept only for these alerts
(Datenschutz says so): it is never shown in the admin (moderators see
counts), never exported but by ``manage.py alerts_personal_data``, and
deleted with the subscriber on unsubscribe or when a sign-up is not
confirmed within ``UNCONFIRMED_LIFETIME``.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A sign-up not confirmed by its link within this time is deleted.
UNCONFIRMED_LIFETIME = dt.timedelta(hours=48)


def new_secret():
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def with_address(self, email):
        """The subscriber of ``email`` in any case, looked up by the same
        LOWER() as the unique constraint, so that PostgreSQL uses its index
        (``email__iexact`` compares UPPER() and reads the whole table)."""
        return self.alias(email_any_case=Lower("email")).filter(
            email_any_case=Lower(models.Value(email))
        )

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def expired(self, now=None):
        """Sign-ups whose confirmation link was never clicked in time."""
        now = now or timezone.now()
        return self.filter(confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_LIFETIME)


class Subscriber(models.Model):
    """One e-mail address that receives alerts, in one language.

    ``secret`` signs the links in every mail (confirm, manage, unsubscribe):
    a new one makes all earlier links void."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    language = models.CharField(_("Sprache"), max_length=8, choices=settings.LANGUAGES)
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the last alert mail to this address was queued: at most one per
    # ALERT_INTERVAL (alerts.batching).
    last_alert_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Abonnent/in")
        verbose_name_plural = _("Abonnentinnen und Abonnenten")
        constraints = [
            # Mail servers treat an address's case as one; so does the
            # sign-up (with_address), and two sign-ups racing with
            # "Anna@" and "anna@" must not store it twice.
            models.UniqueConstraint(Lower("email"), name="alerts_subscriber_email_any_case"),
        ]

    def __str__(self):
        # Never the address: this shows up in logs and admin messages.
        return f"Abonnent/in {self.pk}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Follow(models.Model):
    """What a subscriber follows: the events of one page (a calendar,
    agency, focus area, project or event page, in any language: matched by
    its translation key), or, with ``page`` empty, all events."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="follows")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("Folgt")
        verbose_name_plural = _("Folgt")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "page"],
                condition=Q(page__isnull=False),
                name="alerts_follow_one_per_page",
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=Q(page__isnull=True),
                name="alerts_follow_all_once",
            ),
        ]

    def __str__(self):
        return f"Folgt {self.page_id or 'allen Veranstaltungen'}"

    @property
    def follows_all(self):
        return self.page_id is None


class PendingChange(models.Model):
    """A change visitors may have to be told of, waiting for its batching
    window to close (alerts.batching). Written in the publish's
    transaction, so no publish loses its alert, and it never waits for mail.

    ``before`` is the date as visitors saw it before the first change in
    the window: a change undone within the window compares equal and sends
    nothing."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("abgesagt")
        MOVED = "moved", _("verschoben")
        NOTE = "note", _("Hinweis")
        NEW_EVENT = "new_event", _("neue Veranstaltung")

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="+")
    # The original date of the series; empty for a new event.
    date = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    before = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set when the window closed and the change was told (or found undone).
    handled_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("Ausstehende Änderung")
        verbose_name_plural = _("Ausstehende Änderungen")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.event_id} {self.date or ''}".strip()


class Delivery(models.Model):
    """One mail in the outbox: queued, sent, retrying, or given up (a dead
    letter moderators see and can send again). The message (address
    included) is kept only until it is sent; afterwards the row is a count
    for the dashboard."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Bestätigung")
        ALERT = "alert", _("Änderungsmeldung")
        MANUAL = "manual", _("Nachricht der Moderation")
        DIGEST = "digest", _("Übersetzungs-Übersicht")

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RETRYING = "retrying", _("neuer Versuch geplant")
        SENT = "sent", _("gesendet")
        DEAD = "dead", _("nicht zustellbar")

    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    # {"to": [...], "subject": ..., "body": ..., "html": ..., "headers": {...}}
    message = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("Versand")
        verbose_name_plural = _("Versand")

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk} ({self.get_status_display()})"


class TranslationDigestOptIn(models.Model):
    """A member of the Übersetzung group who wants a daily mail listing the
    pages with text waiting for translation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translation_digest"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Tägliche Übersetzungs-Übersicht")
        verbose_name_plural = _("Tägliche Übersetzungs-Übersichten")

    def __str__(self):
        return f"Übersetzungs-Übersicht für {self.user}"
