"""The outbox: a mail is sent by the worker after its cause commits; a mail
server that is down delays it, it is tried again, and given up only after
the last retry, as a dead letter logged at ERROR that can be sent again."""

import pytest

from django.core import mail
from django.db import transaction
from django.test import override_settings

from alerts import outbox
from alerts.models import Delivery

from .worker import let_time_pass, run_mail_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Nothing listens on port 9: the real SMTP backend's connection is refused.
SMTP_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 9,
    "EMAIL_TIMEOUT": 2,
}


def queue():
    return outbox.queue_mail(
        kind=Delivery.Kind.CONFIRMATION,
        to=["leser@example.org"],
        subject="Bitte bestätigen",
        body="Text",
        headers={"List-Unsubscribe": "<https://example.org/u>"},
    )


def test_a_queued_mail_is_sent_by_the_worker_and_its_address_forgotten():
    delivery = queue()
    assert mail.outbox == []  # nothing is sent in the request
    run_mail_worker()
    assert [m.to for m in mail.outbox] == [["leser@example.org"]]
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == "<https://example.org/u>"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.message == {}


def test_a_mail_server_that_is_down_delays_the_mail_without_losing_it(caplog):
    delivery = queue()
    with override_settings(**SMTP_DOWN):
        run_mail_worker()
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.RETRYING
        assert "ConnectionRefusedError" in delivery.last_error
        for _ in outbox.RETRY_DELAYS:
            let_time_pass(max(outbox.RETRY_DELAYS))
            run_mail_worker()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DEAD
    assert delivery.attempts == len(outbox.RETRY_DELAYS) + 1
    assert delivery.message["to"] == ["leser@example.org"]  # kept for a retry
    assert any(r.levelname == "ERROR" and "given up" in r.getMessage() for r in caplog.records)
    assert mail.outbox == []

    # The server is back; a moderator sends the dead letter again.
    outbox.retry(delivery)
    run_mail_worker()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(mail.outbox) == 1


def test_a_mail_whose_cause_rolled_back_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the publish failed")
    run_mail_worker()
    assert mail.outbox == []
    assert not Delivery.objects.exists()
