"""The signed part of every link in an alert mail (confirm, manage,
unsubscribe), by django.core.signing.

A token is ``<subscriber id>.<signed payload>``: the id finds the
subscriber, whose ``secret`` is part of the salt (with the link's purpose),
so a confirm token does not unsubscribe, and a new secret or a deleted
subscriber voids every earlier link. Confirm links expire after
CONFIRM_MAX_AGE and carry what was asked for (page, language), so that an
address that is confirmed already gets a new follow only by its link.
Manage and unsubscribe links stay valid as long as the subscriber exists: a
mail from months ago must still unsubscribe.
"""

import time

from django.core import signing

from .models import UNCONFIRMED_LIFETIME, Subscriber

CONFIRM = "confirm"
MANAGE = "manage"
UNSUBSCRIBE = "unsubscribe"

# After this, the unconfirmed sign-up is deleted anyway.
CONFIRM_MAX_AGE = UNCONFIRMED_LIFETIME
MAX_AGE = {CONFIRM: CONFIRM_MAX_AGE, MANAGE: None, UNSUBSCRIBE: None}


class InvalidLink(Exception):
    """A forged, mangled, expired or outdated link."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _signer(purpose, subscriber):
    return signing.TimestampSigner(salt=f"alerts.links.{purpose}.{subscriber.secret}")


def make_token(purpose, subscriber, **data):
    """``data`` (JSON-serialisable) comes back from ``read_token``."""
    signed = _signer(purpose, subscriber).sign_object({"s": subscriber.pk, **data})
    return f"{subscriber.pk}.{signed}"


def read_token(purpose, token):
    """The subscriber a valid ``token`` of ``purpose`` names and the data it
    carries; InvalidLink otherwise."""
    subscriber_id, _, signed = token.partition(".")
    if not subscriber_id.isdigit() or len(subscriber_id) > 18:
        raise InvalidLink()
    subscriber = Subscriber.objects.filter(pk=int(subscriber_id)).first()
    if subscriber is None:
        # Deleted: unsubscribed, or an unconfirmed sign-up that expired.
        raise InvalidLink(expired=_outlived(purpose, signed))
    try:
        data = _signer(purpose, subscriber).unsign_object(signed, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as error:
        raise InvalidLink(expired=True) from error
    except (signing.BadSignature, ValueError) as error:
        raise InvalidLink() from error
    if not isinstance(data, dict) or data.pop("s", None) != subscriber.pk:
        raise InvalidLink()
    return subscriber, data


def _outlived(purpose, signed):
    """Whether an (unverifiable) token is older than its purpose allows: a
    confirmation link clicked after its sign-up expired and was deleted is
    told "expired, sign up again" rather than "invalid". Only the message
    depends on it."""
    max_age = MAX_AGE[purpose]
    try:
        made = signing.b62_decode(signed.rsplit(":", 2)[-2])
    except (IndexError, ValueError):
        return False
    return max_age is not None and time.time() - made > max_age.total_seconds()


def confirmation_state(subscriber):
    """What a confirm link remembers of its subscriber: when the address was
    last confirmed. Every confirmation changes it, so a link used once (or
    issued before a later confirmation) is known as used."""
    return subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None
