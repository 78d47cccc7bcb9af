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


def _absolute(name, purpose, subscriber):
    with translation.override(subscriber.language):
        path = reverse(name, kwargs={"token": tokens.make_token(purpose, subscriber)})
    return site_root_url() + path


def confirm_url(subscriber):
    return _absolute("alerts_confirm", tokens.CONFIRM, subscriber)


def manage_url(subscriber):
    """ "Meine Benachrichtigungen": change language and what is followed."""
    return _absolute("alerts_manage", tokens.MANAGE, subscriber)


def unsubscribe_url(subscriber):
    """Also the List-Unsubscribe address: a POST with the body
    ``List-Unsubscribe=One-Click`` unsubscribes at once (RFC 8058)."""
    return _absolute("alerts_unsubscribe", tokens.UNSUBSCRIBE, subscriber)
