"""The outbox: every mail is a ``Delivery`` row, written in the transaction
of what caused it (a sign-up, a publish, a moderator's note), and sent by
the ``deliver`` task on the "mail" task backend (django-tasks' database
backend, worked by ``manage.py db_worker --backend mail``).

So a publish never waits for a mail server, and a mail server that is down
delays mails without losing them: a failed send is tried again after
``RETRY_DELAYS``; after the last one the delivery is a dead letter, logged
at ERROR (which reaches ADMINS) and listed for moderators, who can send it
again (``retry``).
"""

import datetime as dt
import logging

from django_tasks import task

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import Delivery

logger = logging.getLogger(__name__)

TASK_BACKEND = "mail"
# The waits after the 1st, 2nd, … failed attempt; then the mail is given up.
RETRY_DELAYS = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
]


def queue_mail(*, kind, to, subject, body, html="", headers=None, subscriber=None):
    """Put one mail in the outbox; it is sent after the current transaction
    commits (or never, if it rolls back)."""
    delivery = Delivery.objects.create(
        subscriber=subscriber,
        kind=kind,
        message={
            "to": list(to),
            "subject": subject,
            "body": body,
            "html": html,
            "headers": dict(headers or {}),
        },
    )
    schedule(delivery)
    return delivery


def schedule(delivery, run_after=None):
    pk = delivery.pk
    transaction.on_commit(lambda: deliver.using(run_after=run_after).enqueue(pk), robust=True)


def build_message(message):
    mail = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message["to"],
        headers=message.get("headers") or {},
    )
    if message.get("html"):
        mail.attach_alternative(message["html"], "text/html")
    return mail


@task(backend=TASK_BACKEND)
def deliver(delivery_id):
    """Send one queued mail; on failure, plan the next attempt or give up."""
    delivery = Delivery.objects.filter(
        pk=delivery_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.RETRYING]
    ).first()
    if delivery is None:
        # Sent already, given up, or its subscriber unsubscribed meanwhile.
        return
    delivery.attempts += 1
    try:
        build_message(delivery.message).send()
    except Exception as error:  # SMTP, DNS, a refused connection: all retried
        failed(delivery, error)
        return
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.last_error = ""
    # The address and text are needed no longer.
    delivery.message = {}
    delivery.save(update_fields=["status", "sent_at", "last_error", "message", "attempts"])


def failed(delivery, error):
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    if delivery.attempts <= len(RETRY_DELAYS):
        delivery.status = Delivery.Status.RETRYING
        delivery.save(update_fields=["status", "last_error", "attempts"])
        logger.warning(
            "Mail %s failed (attempt %s), retrying: %s",
            delivery,
            delivery.attempts,
            delivery.last_error,
        )
        schedule(delivery, run_after=timezone.now() + RETRY_DELAYS[delivery.attempts - 1])
        return
    delivery.status = Delivery.Status.DEAD
    delivery.save(update_fields=["status", "last_error", "attempts"])
    logger.error(
        "Mail %s given up after %s attempts: %s",
        delivery,
        delivery.attempts,
        delivery.last_error,
    )


def retry(delivery):
    """Send a dead letter again (a moderator's action)."""
    delivery.status = Delivery.Status.QUEUED
    delivery.attempts = 0
    delivery.save(update_fields=["status", "attempts"])
    schedule(delivery)
