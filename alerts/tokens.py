"""The signed part of every link in an alert mail (confirm, manage,
unsubscribe), by django.core.signing.

A token is ``<subscriber id>:<timestamp>:<signature>``; the salt holds the
link's purpose and the subscriber's ``secret``, so a confirm token does not
unsubscribe, and a new secret (or a deleted subscriber) voids every earlier
link. Confirm links expire; manage and unsubscribe links stay valid as long
as the subscriber exists (a mail from months ago must still unsubscribe).
"""

import datetime as dt

from django.core import signing

from .models import Subscriber

CONFIRM = "confirm"
MANAGE = "manage"
UNSUBSCRIBE = "unsubscribe"

# How long a confirmation link works; matches UNCONFIRMED_LIFETIME, after
# which the unconfirmed sign-up is deleted anyway.
MAX_AGE = {CONFIRM: dt.timedelta(hours=48), MANAGE: None, UNSUBSCRIBE: None}


class InvalidLink(Exception):
    """A forged, mangled, expired or outdated link."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _signer(purpose, subscriber):
    return signing.TimestampSigner(salt=f"alerts.links.{purpose}.{subscriber.secret}")


def make_token(purpose, subscriber):
    return _signer(purpose, subscriber).sign(str(subscriber.pk))


def subscriber_for(purpose, token):
    """The subscriber a valid ``token`` of ``purpose`` names, or InvalidLink."""
    subscriber_id = token.split(":", 1)[0]
    if not subscriber_id.isdigit():
        raise InvalidLink()
    subscriber = Subscriber.objects.filter(pk=int(subscriber_id)).first()
    if subscriber is None:
        raise InvalidLink()
    try:
        value = _signer(purpose, subscriber).unsign(token, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as error:
        raise InvalidLink(expired=True) from error
    except signing.BadSignature as error:
        raise InvalidLink() from error
    if value != str(subscriber.pk):
        raise InvalidLink()
    return subscriber
