"""An editor enters "every Tuesday 18:00 until February, except one Tuesday"
with django-recurrence's widget in the Wagtail page editor, publishes, and
finds the dates in the calendar."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from events.models import EventPage
from events.occurrences import event_occurrences
from tests.utils import build_site

TITLE = "Gesprächskreis am Dienstag"


def fill_date(field, value):
    # Wagtail's and the widget's date pickers open on focus: Escape closes
    # them, and leaving the field fires the change the widget listens for.
    field.fill(value)
    field.press("Escape")
    field.blur()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_creates_weekly_event_with_an_excepted_date(admin_page):
    site = build_site()
    page = admin_page

    page.goto(f"/admin/pages/add/events/eventpage/{site.event_index.pk}/")
    page.locator("#id_title").fill(TITLE)
    fill_date(page.locator("#id_start_date"), "2027-01-05")  # a Tuesday
    page.locator("#id_start_time").fill("18:00")
    page.locator("#id_end_time").fill("20:00")

    # The widget's scripts must leave Wagtail's own German alone.
    expect(page.get_by_role("button", name="Alle einklappen")).to_be_visible()

    widget = page.locator("div.recurrence-widget")
    expect(widget.locator("a.add-rule")).to_have_text(re.compile("Regel hinzufügen"))
    widget.locator("a.add-rule").click()
    rule = widget.locator(".panel").first
    expect(rule.locator(".body")).to_be_visible()  # a new rule opens ready to edit
    rule.locator("select[name=freq]").select_option(label="Wöchentlich")
    rule.locator(".weekly td", has_text="Di").click()
    rule.locator("input[name=limit]").check()
    rule.locator("input[name=until_count][value=until]").check()
    fill_date(rule.locator(".until input.date-field"), "2027-02-23")

    widget.locator("a.add-date").click()
    excepted = widget.locator(".panel").nth(1)
    fill_date(excepted.locator("input.date-field"), "2027-01-19")
    excepted.locator("input[name=mode]").check()
    expect(excepted.locator(".header")).to_contain_text("19. Januar 2027")

    page.locator("[data-w-dropdown-target=toggle]", has_text="").last.click()
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.locator(".messages")).to_contain_text("veröffentlicht")

    event = EventPage.objects.get(title=TITLE)
    assert event.live

    page.goto(f"{site.event_index.url}monat/?monat=2027-01")
    calendar = page.get_by_role("table")
    expect(calendar.locator("caption")).to_have_text("Januar 2027")
    days_with_event = calendar.locator("td", has=page.get_by_role("link", name=TITLE))
    expect(days_with_event).to_have_count(3)
    assert days_with_event.locator(".month__day").all_inner_texts() == [
        "Dienstag, 5. Januar",
        "Dienstag, 12. Januar",
        "Dienstag, 26. Januar",
    ]
    expect(days_with_event.first).to_contain_text("18:00")

    page.goto(f"{site.event_index.url}monat/?monat=2027-02")
    expect(page.get_by_role("table").get_by_role("link", name=TITLE)).to_have_count(4)

    dates = event_occurrences(event, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert [o.start_date for o in dates] == [
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 12),
        dt.date(2027, 1, 26),
        dt.date(2027, 2, 2),
        dt.date(2027, 2, 9),
        dt.date(2027, 2, 16),
        dt.date(2027, 2, 23),
    ]
