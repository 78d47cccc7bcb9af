"""The record of a German event whose dates have yet to reach its
translations (``events.sync``)."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A record without an error this old belongs to a sync that never ran to
# its end (the process stopped after the German publish): it is shown too.
STUCK_AFTER = dt.timedelta(minutes=5)


class PendingDateSyncQuerySet(models.QuerySet):
    def to_show(self):
        """Those moderators must see: failed, or stuck."""
        return self.filter(
            Q(failed_at__isnull=False) | Q(created_at__lt=timezone.now() - STUCK_AFTER)
        )


class PendingDateSync(models.Model):
    """Written in the same transaction as the German event's publish and
    deleted when its schedule has reached every live translation, so that a
    sync that failed, or never ran, stays on record until it succeeds."""

    source = models.OneToOneField(
        "events.EventPage",
        verbose_name=_("Veranstaltung"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("veröffentlicht am"), default=timezone.now)
    failed_at = models.DateTimeField(_("zuletzt fehlgeschlagen am"), null=True, blank=True)
    error = models.TextField(_("Fehler"), blank=True)

    objects = PendingDateSyncQuerySet.as_manager()

    class Meta:
        verbose_name = _("nicht übertragene Termine")
        verbose_name_plural = _("nicht übertragene Termine")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.source_id}: {self.error or 'ausstehend'}"
