"""Batching: several changes within the window go out as one mail, at most
one mail per hour per subscriber (a change soon after a mail waits for the
hour), a change undone within the window sends nothing; only the followers
of an event hear of it, and the followers of its agency hear of a new one.
Every change through the editors' real path (Redaktion submits,
Moderation approves)."""

import datetime as dt

import pytest

from alerts import batching
from alerts.models import PendingChange
from events.models import EventPage
from home.factories import AgencyPageFactory

from .people import (
    START,
    alerts_to,
    let_alert_time_pass,
    subscriber,
)
from .worker import run_mail_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIRST = START + dt.timedelta(weeks=1)
SECOND = START + dt.timedelta(weeks=3)


def window_closes():
    let_alert_time_pass(batching.ALERT_DELAY)
    run_mail_worker()


def test_two_changes_in_the_window_make_one_mail(site, editorial):
    reader = subscriber("leser@example.org", "de", site.event)
    editorial.cancel(FIRST, "Krankheit")
    editorial.submit(
        **editorial.date_change(SECOND, "note", "Diesmal im Raum 2"),
    )
    editorial.approve()
    window_closes()

    (alert,) = alerts_to(reader)
    assert alert.subject == "2 Änderungen im Veranstaltungskalender"
    assert "abgesagt\nGrund: Krankheit" in alert.body
    assert "Hinweis\nDiesmal im Raum 2" in alert.body
    assert f"/{FIRST.isoformat()}/" in alert.body and f"/{SECOND.isoformat()}/" in alert.body


def test_a_change_soon_after_a_mail_waits_for_the_hour(site, editorial):
    reader = subscriber("leser@example.org", "de", site.agency)
    editorial.cancel(FIRST, "Krankheit")
    window_closes()
    assert len(alerts_to(reader)) == 1

    # Twenty minutes later, the next change: its window closes, no mail yet.
    let_alert_time_pass(dt.timedelta(minutes=10))
    editorial.submit(**editorial.date_change(SECOND, "move", "Raumtausch", new_start_time="19:00"))
    editorial.approve()
    window_closes()
    assert len(alerts_to(reader)) == 1

    # When the hour is over, it goes out, alone.
    let_alert_time_pass(batching.ALERT_INTERVAL)
    run_mail_worker()
    first, second = alerts_to(reader)
    assert "Krankheit" not in second.body
    assert "verschoben auf" in second.subject
    assert "19:00 Uhr" in second.subject
    assert "Grund: Raumtausch" in second.body


def test_a_change_undone_within_the_window_sends_nothing(site, editorial):
    reader = subscriber("leser@example.org", "de", site.event)
    editorial.cancel(FIRST, "Krankheit")
    # Ten minutes is long: the editor takes the cancellation back at once.
    editorial.submit(**editorial.remove_date_changes())
    editorial.approve()
    assert EventPage.objects.get(pk=site.event.pk).date_changes.count() == 0
    window_closes()
    let_alert_time_pass(batching.ALERT_INTERVAL)
    run_mail_worker()

    assert alerts_to(reader) == []
    assert not PendingChange.objects.filter(handled_at__isnull=True).exists()


def test_only_the_followers_of_the_event_hear_of_it(site, editorial):
    elsewhere = AgencyPageFactory(parent=site.home, title="Integrationsagentur Duisburg")
    other = subscriber("andere@example.org", "de", elsewhere)
    own = subscriber("eigene@example.org", "de", site.focus_area)
    editorial.cancel(FIRST, "Krankheit")
    window_closes()

    assert alerts_to(other) == []
    assert len(alerts_to(own)) == 1


def test_a_new_event_is_told_to_the_followers_of_its_agency(site, editorial):
    reader = subscriber("leser@example.org", "ru", site.agency.get_translation(site.ru))
    other = subscriber("andere@example.org", "de", site.event)
    editorial.client.force_login(editorial.editor)
    add = f"/admin/pages/add/events/eventpage/{site.event_index.pk}/"
    response = editorial.client.post(
        add,
        {
            "title": "Computerkurs für Seniorinnen",
            "slug": "computerkurs",
            "start_date": f"{START:%d.%m.%Y}",
            "start_time": "10:00",
            "event_language": "de-ru",
            "agency": str(site.agency.pk),
            "recurrence": "",
            "date_changes-TOTAL_FORMS": "0",
            "date_changes-INITIAL_FORMS": "0",
            "past_schedules-TOTAL_FORMS": "0",
            "past_schedules-INITIAL_FORMS": "0",
            "focus_area_links-TOTAL_FORMS": "0",
            "focus_area_links-INITIAL_FORMS": "0",
            "body-count": "0",
            "action-submit": "action-submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    editorial.event = EventPage.objects.get(slug="computerkurs")
    editorial.client.logout()
    editorial.approve()
    window_closes()

    (alert,) = alerts_to(reader)
    assert alert.subject == "Computerkurs für Seniorinnen: новое мероприятие"
    assert "/de/veranstaltungen/computerkurs/" in alert.body  # no Russian page yet
    assert alerts_to(other) == []
