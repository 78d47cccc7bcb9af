"""A date is cancelled through the editors' real path (an editor of the
Redaktion adds the cancellation with its reason and submits, a moderator
approves); after the window the subscribers who follow the event get one
mail each, in their language, with the reason: the translators' Russian
once they have translated it, else the German with a line saying so.
The publish itself sends nothing; a mail server that is down delays the
alert without losing it."""

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from django.test import override_settings
from django.utils import timezone

from alerts import batching, outbox
from alerts.models import Delivery, PendingChange

from .people import (
    START,
    alerts_to,
    let_alert_time_pass,
    subscriber,
    translator_translates,
)
from .test_outbox import SMTP_DOWN
from .worker import let_time_pass, run_mail_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CANCELLED = START + dt.timedelta(weeks=2)


def window_closes():
    let_alert_time_pass(batching.ALERT_DELAY)
    run_mail_worker()


def text_and_html(message):
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return message.body, html


def test_a_cancelled_date_reaches_a_german_follower_once_with_its_reason(site, editorial):
    reader = subscriber("leser@example.org", "de", site.event)
    editorial.cancel(CANCELLED, "wegen Krankheit der Kursleiterin")

    # The publish wrote what changed and sent nothing (but Wagtail's own
    # notices of the workflow).
    assert alerts_to(reader) == []
    assert not Delivery.objects.exists()
    (change,) = PendingChange.objects.all()
    assert (change.date, change.kind) == (CANCELLED, PendingChange.Kind.CANCELLED)
    assert change.before["status"] == "scheduled"

    window_closes()
    (alert,) = alerts_to(reader)
    assert alert.to == [reader.email]
    assert alert.subject == (
        f"Deutsch-Café, {CANCELLED.day}. {month_de(CANCELLED)} {CANCELLED.year}: abgesagt"
    )
    body, html = text_and_html(alert)
    assert "abgesagt" in body
    assert "Grund: wegen Krankheit der Kursleiterin" in body
    assert "noch nicht übersetzt" not in body.lower()
    date_page = f"http://testserver/de/veranstaltungen/deutsch-cafe/{CANCELLED.isoformat()}/"
    assert date_page in body and f'href="{date_page}"' in html
    unsubscribe = alert.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/de/benachrichtigungen/abmelden/")
    assert unsubscribe[1:-1] in body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/de/benachrichtigungen/verwalten/" in body
    reader.refresh_from_db()
    assert reader.last_alert_at is not None
    assert PendingChange.objects.get().handled_at is not None

    # Nothing is sent twice.
    window_closes()
    assert len(alerts_to(reader)) == 1


def month_de(date):
    return [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ][date.month - 1]


def test_a_russian_follower_reads_the_translators_reason_once_translated(site, editorial):
    # Follows the Russian agency page: the same agency in any language.
    reader = subscriber("chitatel@example.org", "ru", site.agency.get_translation(site.ru))
    editorial.cancel(CANCELLED, "wegen Krankheit")
    # Within the window, the translator translates the reason.
    translator_translates(site.event, site)
    window_closes()

    (alert,) = alerts_to(reader)
    body, html = text_and_html(alert)
    assert alert.subject.startswith("Deutsch-Café (по-русски), ")
    assert alert.subject.endswith(": отменено")
    assert "Здравствуйте!" in body
    assert "Причина: wegen Krankheit (по-русски)" in body
    assert "Ещё не переведено" not in body
    russian_page = site.event.get_translation(site.ru).get_full_url()
    assert "/ru/" in russian_page
    assert f"{russian_page}{CANCELLED.isoformat()}/" in body
    assert '<html lang="ru">' in html
    assert alert.extra_headers["List-Unsubscribe"].startswith("<http://testserver/ru/")


def test_a_russian_follower_reads_an_untranslated_reason_in_german_with_a_line_saying_so(
    site, editorial
):
    reader = subscriber("chitatel@example.org", "ru", site.event.get_translation(site.ru))
    editorial.cancel(CANCELLED, "wegen Krankheit")
    window_closes()

    (alert,) = alerts_to(reader)
    body, html = text_and_html(alert)
    assert "Причина: wegen Krankheit\n(Ещё не переведено, поэтому по-немецки.)" in body
    assert '<span lang="de">wegen Krankheit</span>' in html


def test_the_publish_only_plans_the_window_and_a_mail_server_down_delays_the_alert(site, editorial):
    reader = subscriber("leser@example.org", "de")  # all events
    started = timezone.now()
    editorial.cancel(CANCELLED, "wegen Krankheit")

    # In the request: the change and the planned close of its window; no
    # mail, no delivery.
    assert alerts_to(reader) == []
    assert not Delivery.objects.exists()
    (planned,) = DBTaskResult.objects.filter(status="READY", enqueued_at__gte=started)
    assert planned.task_path == "alerts.batching.close_windows"
    assert planned.run_after >= started + batching.ALERT_DELAY
    # Before the window closes, the worker sends nothing.
    run_mail_worker()
    assert alerts_to(reader) == []

    let_alert_time_pass(batching.ALERT_DELAY)
    with override_settings(**SMTP_DOWN):
        run_mail_worker()
    delivery = Delivery.objects.get(kind=Delivery.Kind.ALERT)
    assert delivery.status == Delivery.Status.RETRYING
    assert alerts_to(reader) == []

    # The server is back: the next attempt delivers it, once.
    let_time_pass(outbox.RETRY_DELAYS[0])
    run_mail_worker()
    (alert,) = alerts_to(reader)
    assert "wegen Krankheit" in alert.body
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
