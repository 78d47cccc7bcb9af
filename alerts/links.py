"""Absolute links for the mails, in the subscriber's language (/de/ or
/ru/), each carrying a signed token (alerts.tokens). The sending side
(alerts.mails) puts ``manage_url`` and ``unsubscribe_url`` in every alert
and in its List-Unsubscribe header (RFC 8058: the same address answers the
one-click POST)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from . import tokens


def site_root_url():
    """The public site's root, as visitors reach it (the default Site);
    WAGTAILADMIN_BASE_URL only if no site is set up yet."""
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def _absolute(name, token, language):
    with translation.override(language):
        path = reverse(name, kwargs={"token": token})
    return site_root_url() + path


def confirm_url(subscriber, page=None, language=None):
    """The link in the confirmation mail: confirms the address and adds
    the follow of ``page`` (None: all events) in ``language`` (default: the
    subscriber's). Valid for tokens.CONFIRM_MAX_AGE and once."""
    language = language or subscriber.language
    token = tokens.make_token(
        tokens.CONFIRM,
        subscriber,
        p=page.pk if page is not None else None,
        l=language,
        c=tokens.confirmation_state(subscriber),
    )
    return _absolute("alerts_confirm", token, language)


def manage_url(subscriber):
    """ "Meine Benachrichtigungen": change language and what is followed."""
    token = tokens.make_token(tokens.MANAGE, subscriber)
    return _absolute("alerts_manage", token, subscriber.language)


def unsubscribe_url(subscriber):
    """Also the List-Unsubscribe address: a POST with the body
    ``List-Unsubscribe=One-Click`` unsubscribes at once (RFC 8058)."""
    token = tokens.make_token(tokens.UNSUBSCRIBE, subscriber)
    return _absolute("alerts_unsubscribe", token, subscriber.language)
