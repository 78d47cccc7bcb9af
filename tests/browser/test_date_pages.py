"""The pages of single dates as visitors meet them with the demo content: a
cancelled and a moved date in German and Russian on a 360 px phone, checked
by axe-core, with nothing asked of other hosts (the Google and Outlook links
are only links); and the editor of the Redaktion group picking the date of a
single-date change from the series' next dates."""

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from wagtail.models import Locale

from events.models import EventDateChange, EventPage, EventPastSchedule
from events.schedule import event_occurrences
from site_core.roles import EDITORS
from tests.browser.conftest import log_in_to_group
from tests.browser.test_public_pages import PHONE, axe_violations, overflow_problems

pytestmark = pytest.mark.usefixtures("db")

# The demo content's Deutsch-Café has its second date cancelled, the
# Seniorennachmittag its first date after the start moved a day later.
DEMO_CHANGES = {
    "cancel": ("deutsch-cafe", "Dieser Termin ist abgesagt.", "Эта встреча отменена."),
    "move": (
        "seniorennachmittag",
        "Dieser Termin ist verschoben auf:",
        "Эта встреча перенесена на:",
    ),
}


def date_page_path(action, language):
    slug, *_ = DEMO_CHANGES[action]
    change = EventDateChange.objects.select_related("page").get(
        page__slug=slug, page__locale__language_code="de", action=action
    )
    event = change.page
    if language == "ru":
        event = event.get_translation(Locale.objects.get(language_code="ru"))
    return f"{event.url}{change.date.isoformat()}/"


@pytest.mark.parametrize("language", ["de", "ru"])
@pytest.mark.parametrize("action", ["cancel", "move"])
def test_date_page_on_a_phone_is_accessible_and_private(demo_site, new_page, action, language):
    path = date_page_path(action, language)
    page = new_page(demo_site, language=language, viewport=PHONE, bypass_csp=True)
    response = page.goto(path)
    assert response.status == 200, path
    _, german, russian_text = DEMO_CHANGES[action]
    expect(page.locator(".date-status")).to_contain_text(
        german if language == "de" else russian_text
    )
    expect(page.locator(".hebrew-date")).to_be_visible()
    assert page.locator('script[type="application/ld+json"]').count() == 1
    violations = axe_violations(page)
    assert not violations, f"axe-core on {path}: {violations}"
    assert not overflow_problems(page, PHONE), path
    # Links to Google and Outlook, but nothing loaded from them (new_page
    # fails the test on any request to another host).
    links = page.locator("#nur-dieser-termin a").evaluate_all("links => links.map(a => a.href)")
    assert any(link.endswith("termin.ics") for link in links), links
    if action == "move":
        assert any(link.startswith("https://calendar.google.com/") for link in links), links


def first_date_page_where(kind, language):
    """The address of the demo content's first coming date of ``kind``: a
    date as scheduled, one skipped for a holiday (a note is tested without
    the browser: the demo content has none)."""
    today = timezone.localdate()
    for event in EventPage.objects.live().filter(locale__language_code="de").order_by("pk"):
        for occurrence in event_occurrences(event, today, today + dt.timedelta(days=366)):
            found = {
                "scheduled": occurrence.status == "scheduled" and not occurrence.note,
                "holiday": occurrence.status == "skipped-holiday",
            }[kind]
            if found:
                page = event
                if language == "ru":
                    page = event.get_translation(Locale.objects.get(language_code="ru"))
                return f"{page.url}{occurrence.original_date.isoformat()}/"
    raise AssertionError(f"the demo content has no coming date of kind {kind}")


@pytest.mark.parametrize("language", ["de", "ru"])
@pytest.mark.parametrize("kind", ["scheduled", "holiday"])
def test_every_other_kind_of_date_page_is_accessible_on_a_phone(
    demo_site, new_page, kind, language
):
    path = first_date_page_where(kind, language)
    page = new_page(demo_site, language=language, viewport=PHONE, bypass_csp=True)
    response = page.goto(path)
    assert response.status == 200, path
    expect(page.locator(".date-status")).to_be_visible()
    expect(page.locator(".hebrew-date")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, f"axe-core on {path}: {violations}"
    assert not overflow_problems(page, PHONE), path


def demo_series_with_a_note_and_a_removed_date():
    """The demo Deutsch-Café (German and Russian) as a moderator's approved
    edits leave it: a note on one of its coming dates, and from a later one
    on Thursdays instead of Tuesdays, so that Tuesday is a removed date.
    Written directly: the editor's path to both is tested in
    tests/events/test_series_changes.py and test_series_change.py."""
    today = timezone.localdate()
    german = EventPage.objects.get(slug="deutsch-cafe", locale__language_code="de")
    coming = event_occurrences(german, today, today + dt.timedelta(days=120))
    unchanged = [o.original_date for o in coming if o.status == "scheduled" and not o.note]
    noted, removed = unchanged[1], unchanged[3]
    paths, key = {}, uuid.uuid4()
    for event in (german, german.get_translation(Locale.objects.get(language_code="ru"))):
        EventDateChange.objects.create(
            page=event,
            locale=event.locale,
            translation_key=key,
            date=noted,
            action="note",
            reason="Bitte Ausweis mitbringen",
        )
        EventPastSchedule.objects.create(
            page=event,
            valid_until=removed - dt.timedelta(days=1),
            **{name: getattr(event, name) for name in EventPastSchedule.SCHEDULE_FIELDS},
        )
        event.schedule_from = removed
        event.recurrence = "RRULE:FREQ=WEEKLY;BYDAY=TH"
        event.save()
        paths[event.locale.language_code] = (
            f"{event.url}{noted.isoformat()}/",
            f"{event.url}{removed.isoformat()}/",
        )
    return paths


@pytest.mark.parametrize("language", ["de", "ru"])
def test_a_note_and_a_removed_date_are_accessible_on_a_phone(demo_site, new_page, language):
    paths = demo_series_with_a_note_and_a_removed_date()[language]
    page = new_page(demo_site, language=language, viewport=PHONE, bypass_csp=True)
    for path, text in zip(
        paths, [("Hinweis", "Примечание"), ("Zeitplan", "расписание")], strict=True
    ):
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator(".date-status")).to_contain_text(text[language == "ru"])
        violations = axe_violations(page)
        assert not violations, f"axe-core on {path}: {violations}"
        assert not overflow_problems(page, PHONE), path


def test_editor_picks_the_date_of_a_change_from_the_series_dates(demo_site, new_page):
    page = new_page(demo_site)
    log_in_to_group(page, EDITORS)
    change = EventDateChange.objects.get(
        page__slug="deutsch-cafe", page__locale__language_code="de", action="cancel"
    )
    page.goto(f"/admin/pages/{change.page_id}/edit/")
    field = page.locator("#id_date_changes-0-date")
    expect(field).to_have_value(f"{change.date:%d.%m.%Y}")
    list_id = field.get_attribute("list")
    options = page.locator(f"datalist#{list_id} option")
    assert options.count() == 50
    first = options.first.get_attribute("value")
    assert first.count(".") == 2 and len(first) == 10, first  # TT.MM.JJJJ
    day, month, year = map(int, first.split("."))
    assert (year, month, day) >= timezone.localdate().timetuple()[:3]
    # A change being added offers them too.
    page.get_by_role("button", name=re.compile("Einzelner Termin")).last.click()
    added = page.locator("#id_date_changes-1-date")
    expect(added).to_be_visible()
    added_list = added.get_attribute("list")
    assert page.locator(f"datalist#{added_list} option").count() == 50
    added.fill(first)
    expect(added).to_have_value(first)
