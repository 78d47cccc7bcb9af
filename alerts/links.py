"""STUB until the alerts-visitor branch is merged, which owns this module:
the signed links every mail carries. Same names and arguments as there
(``manage_url(subscriber)``, ``unsubscribe_url(subscriber)``); the merge
keeps the visitor side's version."""

from wagtail.admin.utils import get_admin_base_url


def manage_url(subscriber):
    return f"{get_admin_base_url()}/{subscriber.language}/benachrichtigungen/{subscriber.pk}/"


def unsubscribe_url(subscriber):
    return f"{manage_url(subscriber)}abbestellen/"
