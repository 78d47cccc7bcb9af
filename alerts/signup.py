"""Double opt-in: a sign-up stores the address unconfirmed and queues only
the confirmation mail; the link in it confirms the address and adds what
was asked for. Unconfirmed addresses are deleted after
UNCONFIRMED_LIFETIME (``expire_unconfirmed``).

Whoever types an address learns nothing about it: a new, an unconfirmed
and a confirmed address get the same answer, and nothing is confirmed or
added to a confirmed address without the link from its mailbox."""

import datetime as dt
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Page

from . import links
from .models import Delivery, Follow, Subscriber
from .outbox import queue_mail
from .tokens import CONFIRM_MAX_AGE

# A second sign-up of the same address within this time sends no second
# mail: the first one is on its way.
RESEND_INTERVAL = dt.timedelta(minutes=10)


def expire_unconfirmed(now=None):
    """Delete the sign-ups whose confirmation link was not clicked in time
    (with their follows and queued mails). Returns how many."""
    deleted, per_model = Subscriber.objects.expired(now).delete()
    return per_model.get(Subscriber._meta.label, 0)


@transaction.atomic
def request_alerts(email, page, language):
    """A visitor asked for alerts about ``page`` (None: all events) in
    ``language`` at ``email``: store what may be stored before the link is
    clicked, and queue the confirmation mail (unless one went out moments
    ago)."""
    subscriber = Subscriber.objects.select_for_update().with_address(email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, language=language)
        except IntegrityError:
            # The same address sent twice at once: the other request stored it.
            subscriber = Subscriber.objects.select_for_update().with_address(email).get()
    if not subscriber.is_confirmed:
        # Nothing is sent to an unconfirmed address but this mail, so its
        # choices may be stored now; the link confirms them all.
        subscriber.language = language
        subscriber.save(update_fields=["language"])
        Follow.objects.get_or_create(subscriber=subscriber, page=page)
    if recently_asked(subscriber):
        return
    queue_confirmation(subscriber, page, language)


def recently_asked(subscriber):
    return Delivery.objects.filter(
        subscriber=subscriber,
        kind=Delivery.Kind.CONFIRMATION,
        created_at__gte=timezone.now() - RESEND_INTERVAL,
    ).exists()


def queue_confirmation(subscriber, page, language):
    """The confirmation mail, in the language the visitor chose, text and
    HTML."""
    with translation.override(language):
        context = {
            "confirm_url": links.confirm_url(subscriber, page=page, language=language),
            "page_title": localized_title(page, language),
            "is_confirmed": subscriber.is_confirmed,
            "hours": CONFIRM_MAX_AGE // dt.timedelta(hours=1),
            "site_url": links.site_root_url(),
        }
        queue_mail(
            kind=Delivery.Kind.CONFIRMATION,
            to=[subscriber.email],
            subject=_("Bitte bestätigen Sie Ihre Benachrichtigungen"),
            body=render_to_string("alerts/mail/confirmation.txt", context),
            html=render_to_string("alerts/mail/confirmation.html", context),
            subscriber=subscriber,
        )


@transaction.atomic
def confirm(subscriber, page_id, language):
    """The link was clicked: the address is confirmed (again), in the
    language chosen, and follows what the link asked for. A page deleted
    meanwhile is skipped; the address stays confirmed."""
    subscriber.confirmed_at = timezone.now()
    if language in dict(settings.LANGUAGES):
        subscriber.language = language
    subscriber.save(update_fields=["confirmed_at", "language"])
    page = Page.objects.filter(pk=page_id).first() if page_id is not None else None
    if page_id is None or page is not None:
        Follow.objects.get_or_create(subscriber=subscriber, page=page)


def localized_title(page, language):
    """The page's title in ``language`` where translated, else its own."""
    if page is None:
        return ""
    translated = page.get_translations(inclusive=True).filter(locale__language_code=language)
    return (translated.first() or page).title


# Honeypot (wagtail-honeypot's fields, checked here as the contact form does)


def shown_at(request):
    """When the posted form was shown (seconds since the epoch), or None:
    missing, unreadable or in the future."""
    value = request.POST.get(settings.HONEYPOT_TIME_FIELD, "")
    if not value.isdigit() or int(value) > time.time():
        return None
    return int(value)


def honeypot_filled(request):
    """A bot's post: the field people never see is filled in, or missing."""
    return request.POST.get(settings.HONEYPOT_NAME_FIELD, "x") != ""


def sent_too_soon(request):
    when = shown_at(request)
    return when is None or time.time() - when < settings.HONEYPOT_TIME_INTERVAL
