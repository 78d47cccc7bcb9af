"""Changes not told in time are shown to the moderators, never dropped
silently: with the mail worker stopped, or a follower's mail that cannot be
written, the dashboard says "Änderungsmeldungen überfällig" and "Jetzt
erneut versuchen" tells the followers once the cause is gone. Through the
real roles: Redaktion submits, Moderation approves and retries."""

import datetime as dt
from unittest import mock

import pytest
from django_tasks_db.models import DBTaskResult

from django.test import Client

from alerts import batching
from alerts.models import PendingChange
from site_core.roles import TRANSLATORS

from .people import (
    START,
    alerts_to,
    let_alert_time_pass,
    subscriber,
    user_in,
)
from .worker import run_mail_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OVERDUE = "Änderungsmeldungen überfällig"
FIRST = START + dt.timedelta(weeks=1)


def dashboard(moderator):
    client = Client()
    client.force_login(moderator)
    return client, client.get("/admin/").content.decode()


def retry(client):
    response = client.post("/admin/benachrichtigungen/aenderungen/erneut/", follow=True)
    assert "werden jetzt erneut bearbeitet" in response.content.decode()


def test_with_the_worker_stopped_the_moderator_is_told_and_retries(site, editorial):
    reader = subscriber("leser@example.org", "de", site.event)
    editorial.cancel(FIRST, "Krankheit")
    # The worker does not run: the window closed half an hour ago.
    let_alert_time_pass(batching.ALERT_DELAY + dt.timedelta(minutes=30))
    assert alerts_to(reader) == []
    client, html = dashboard(editorial.moderator)
    assert OVERDUE in html and "1 Änderung seit" in html
    assert "Jetzt erneut versuchen" in html

    # The worker is back; the moderator does not wait for the next publish.
    retry(client)
    run_mail_worker()
    (alert,) = alerts_to(reader)
    assert "abgesagt\nGrund: Krankheit" in alert.body
    assert OVERDUE not in dashboard(editorial.moderator)[1]


def test_a_mail_that_cannot_be_written_stays_overdue_until_it_is(site, editorial, caplog):
    reader = subscriber("leser@example.org", "de", site.event)
    other = subscriber("andere@example.org", "ru", site.event)
    editorial.cancel(FIRST, "Krankheit")
    let_alert_time_pass(batching.ALERT_DELAY)
    real_alert_mail = batching.alert_mail

    def broken_for_the_reader(person, items):
        if person.pk == reader.pk:
            raise RuntimeError("template broken")
        return real_alert_mail(person, items)

    with mock.patch.object(batching, "alert_mail", broken_for_the_reader):
        run_mail_worker()
    # The other follower got theirs; the reader's failure is logged at ERROR.
    assert len(alerts_to(other)) == 1 and alerts_to(reader) == []
    assert any(
        r.levelname == "ERROR" and "could not be written" in r.message for r in caplog.records
    )
    assert PendingChange.objects.filter(handled_at__isnull=True).exists()

    let_alert_time_pass(batching.OVERDUE_AFTER + dt.timedelta(minutes=1))
    client, html = dashboard(editorial.moderator)
    assert OVERDUE in html
    # Repaired: the retry tells the reader once, and the other no second time.
    retry(client)
    run_mail_worker()
    assert len(alerts_to(reader)) == 1 and len(alerts_to(other)) == 1
    assert OVERDUE not in dashboard(editorial.moderator)[1]


def test_editors_and_translators_cannot_retry(site, editorial):
    planned = DBTaskResult.objects.count()
    for user in (editorial.editor, user_in(TRANSLATORS)):
        client = Client()
        client.force_login(user)
        response = client.post("/admin/benachrichtigungen/aenderungen/erneut/")
        # Wagtail's admin answers a refusal with its dashboard and a message.
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert "keinen Zugang" in client.get("/admin/").content.decode()
    assert DBTaskResult.objects.count() == planned
