"""Issue 18 in the browser: the editor (redaktion) moves a weekly event from
18:00 to 19:00 from a date on, typing "Änderung gilt ab" as TT.MM.JJJJ, and
submits; the moderator (moderation) approves on the dashboard. The archive
still shows the past dates at 18:00, the calendar list the coming ones at
19:00 from that date on.

Committed data, as in test_journeys.py: the publish stores calendar rows and
syncs translations after the commit."""

import datetime as dt
from io import StringIO

import pytest
from playwright.sync_api import expect
from recurrence import deserialize

from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from events.models import EventIndexPage, EventPage
from tests.browser.journey_steps import (
    SCREEN_FINDINGS,
    approve_on_dashboard,
    assert_admin_was_german,
    check_german_screen,
    ensure_role_users,
    log_in,
    submit_for_approval,
    type_date,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Gesprächskreis am Dienstag"
TODAY = timezone.localdate()
THIS_TUESDAY = TODAY - dt.timedelta(days=(TODAY.weekday() - 1) % 7)
START = THIS_TUESDAY - dt.timedelta(weeks=6)
PAST_DATE = START + dt.timedelta(weeks=1)
CHANGE_FROM = THIS_TUESDAY + dt.timedelta(weeks=2)
BEFORE_CHANGE = CHANGE_FROM - dt.timedelta(weeks=1)


@pytest.fixture
def site(live_server):
    for cache in caches.all():
        cache.clear()
    call_command("load_demo_content", stdout=StringIO())
    ensure_role_users()
    SCREEN_FINDINGS.clear()
    index = EventIndexPage.objects.get(locale__language_code="de")
    event = EventPage(
        title=TITLE,
        introduction="Wir sprechen über die Woche.",
        start_date=START,
        start_time=dt.time(18),
        end_time=dt.time(19, 30),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU"),
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    yield live_server.url, event
    for cache in caches.all():
        cache.clear()


def starts_of(page, title):
    items = page.locator("li.occurrence").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )
    # The date is the link to its own page.
    times = items.locator(".occurrence__when > a > time:first-child")
    return {t.get_attribute("datetime")[:16] for t in times.all()}


def at(date, hour):
    return f"{date.isoformat()}T{hour:02d}:00"


def test_editor_changes_the_time_from_a_date_on_and_the_past_stays(site, new_page):
    base_url, event = site
    editor = log_in(new_page, base_url, "redaktion")
    editor.goto(f"/admin/pages/{event.pk}/edit/")
    check_german_screen(editor)
    editor.locator("#id_start_time").fill("19:00")
    editor.locator("#id_end_time").fill("20:30")
    change_from = editor.locator("#id_change_from")
    expect(editor.get_by_text("Änderung gilt ab")).to_be_visible()
    type_date(change_from, f"{CHANGE_FROM:%d.%m.%Y}")
    submit_for_approval(editor, TITLE)
    messages = editor.locator(".messages")
    expect(messages).to_contain_text(f"Ab {CHANGE_FROM:%d.%m.%Y} gilt der neue Zeitplan")
    expect(messages).to_contain_text(f"bis {BEFORE_CHANGE:%d.%m.%Y}) bleiben unverändert")
    # The moderator reviewing the revision reads the same in the editor.
    moderator = approve_on_dashboard(base_url, new_page, TITLE)
    moderator.goto(f"/admin/pages/{event.pk}/edit/")
    expect(moderator.locator("main")).to_contain_text(
        f"Ab {CHANGE_FROM:%d.%m.%Y} gilt der neue Zeitplan"
    )
    assert_admin_was_german()

    visitor = new_page(base_url)
    visitor.goto("/de/veranstaltungen/archiv/")
    past = starts_of(visitor, TITLE)
    assert at(PAST_DATE, 18) in past, past
    assert at(PAST_DATE, 19) not in past, past
    visitor.goto("/de/veranstaltungen/")
    coming = starts_of(visitor, TITLE)
    assert at(BEFORE_CHANGE, 18) in coming, coming
    assert at(CHANGE_FROM, 19) in coming, coming
    assert at(CHANGE_FROM, 18) not in coming, coming
    live = EventPage.objects.get(pk=event.pk)
    assert live.schedule_from == CHANGE_FROM
    assert live.past_schedules.get().start_time == dt.time(18)
