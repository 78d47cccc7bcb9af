"""The event editor in the Wagtail admin: an editor enters "every Tuesday
18:00 until February, except one Tuesday" with django-recurrence's widget,
publishes, and finds the dates in the calendar; a member of Redaktion types
dates the German way into every date field and finds them kept."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from events.models import EventPage
from events.recurrence_rules import local_date
from events.schedule import event_occurrences
from site_core.roles import EDITORS
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
    fill_date(page.locator("#id_start_date"), "05.01.2027")  # a Tuesday
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
    fill_date(rule.locator(".until input.date-field"), "23.02.2027")

    widget.locator("a.add-date").click()
    excepted = widget.locator(".panel").nth(1)
    fill_date(excepted.locator("input.date-field"), "2027-01-19")  # ISO works too
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


INVALID_DATE = "Bitte geben Sie ein gültiges Datum ein, z. B. 15.01.2027 (Tag.Monat.Jahr)."
INVALID_RULE_DATE = "Bitte geben Sie ein gültiges Datum ein, z. B. 11.03.2027 (Tag.Monat.Jahr)."


def type_date(field, value):
    """As an editor does: click into the field (the date picker opens), type,
    and leave it with Tab. The field must then still show what was typed."""
    field.click()
    field.press_sequentially(value)
    field.press("Tab")
    expect(field).to_have_value(value)


def field_errors(page, input_id):
    return page.locator(f".w-field:has(#{input_id}) .w-field__errors").first


def new_event(page, site, title):
    page.goto(f"/admin/pages/add/events/eventpage/{site.event_index.pk}/")
    page.locator("#id_title").fill(title)


def add_weekly_rule(page, weekday):
    widget = page.locator("div.recurrence-widget")
    widget.locator("a.add-rule").click()
    rule = widget.locator(".panel").first
    rule.locator("select[name=freq]").select_option(label="Wöchentlich")
    rule.locator(".weekly td", has_text=weekday).click()
    rule.locator("input[name=limit]").check()
    rule.locator("input[name=until_count][value=until]").check()
    return rule


def save_draft(page):
    page.get_by_role("button", name="Entwurf speichern").click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_german_dates_are_kept_in_every_date_field(log_in_as):
    site = build_site()
    page = log_in_as(EDITORS)
    new_event(page, site, "Wochenendseminar")
    type_date(page.locator("#id_start_date"), "15.01.2027")
    type_date(page.locator("#id_end_date"), "16.1.2027")
    page.get_by_role(
        "button", name="Einzelner Termin: absagen, verschieben, Hinweis hinzufügen"
    ).click()
    type_date(page.locator("#id_date_changes-0-date"), "15.1.2027")
    page.locator("#id_date_changes-0-action").select_option(label="Verschieben")
    type_date(page.locator("#id_date_changes-0-new_date"), "22.01.2027")
    save_draft(page)
    expect(page.locator(".messages")).to_contain_text("Wochenendseminar")

    event = EventPage.objects.get(title="Wochenendseminar").get_latest_revision_as_object()
    assert (event.start_date, event.end_date) == (dt.date(2027, 1, 15), dt.date(2027, 1, 16))
    change = event.date_changes.get()
    assert (change.date, change.new_date) == (dt.date(2027, 1, 15), dt.date(2027, 1, 22))

    page.reload()
    expect(page.locator("#id_start_date")).to_have_value("15.01.2027")
    expect(page.locator("#id_end_date")).to_have_value("16.01.2027")
    expect(page.locator("#id_date_changes-0-date")).to_have_value("15.01.2027")
    expect(page.locator("#id_date_changes-0-new_date")).to_have_value("22.01.2027")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rule_widget_shows_its_ticks_and_reads_a_german_end_date(log_in_as):
    site = build_site()
    page = log_in_as(EDITORS)
    new_event(page, site, "Gesprächskreis am Donnerstag")
    type_date(page.locator("#id_start_date"), "7.1.2027")  # a Thursday
    rule = add_weekly_rule(page, "Do")

    # The chosen weekday and the ticked box look chosen and ticked (the
    # widget's CSS used to hide Wagtail's tick).
    thursday = rule.locator(".weekly td", has_text="Do")
    expect(thursday).to_have_class(re.compile(r"\bactive\b"))
    assert thursday.evaluate("td => getComputedStyle(td).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "rgb(221, 221, 221)",  # upstream's faint grey
    )
    limit = rule.locator("input[name=limit]")
    expect(limit).to_be_checked()
    tick = limit.evaluate(
        "box => { const s = getComputedStyle(box, '::before');"
        " return [s.width, s.height, s.maskImage || s.webkitMaskImage]; }"
    )
    assert tick[:2] == ["16px", "16px"] and "check.svg" in tick[2], tick

    until = rule.locator(".until input.date-field")
    type_date(until, "11.03.2027")
    expect(rule.locator(".date-error")).to_be_empty()

    # The calendar opens at its button, inside the window, on the
    # chosen month, with Monday first (1 March 2027 is a Monday).
    button = rule.locator(".until a.calendar-button")
    button.click()
    calendar = page.locator("table.recurrence-calendar")
    expect(calendar).to_be_visible()
    at, box = button.bounding_box(), calendar.bounding_box()
    viewport = page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    below, above = box["y"] - (at["y"] + at["height"]), at["y"] - (box["y"] + box["height"])
    assert abs(below) < 10 or abs(above) < 10, (at, box)
    assert abs(box["x"] - at["x"]) < box["width"], (at, box)
    expect(calendar.locator(".navigation span.recurrence-label")).to_have_text("März")
    expect(calendar.locator("td.header").first).to_have_attribute("title", "Montag")
    first_week = calendar.locator(".body tr").nth(1).locator("td")
    expect(first_week.first).to_have_text("1")
    expect(calendar.locator("td.day.active")).to_have_text("11")
    calendar.locator("a.remove").click()
    expect(calendar).to_have_count(0)

    save_draft(page)
    expect(page.locator(".messages")).to_contain_text("Gesprächskreis am Donnerstag")
    event = EventPage.objects.get(title="Gesprächskreis am Donnerstag")
    (stored_rule,) = event.get_latest_revision_as_object().recurrence.rrules
    assert local_date(stored_rule.until) == dt.date(2027, 3, 11)
    dates = event_occurrences(event, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert [o.start_date for o in dates][-2:] == [dt.date(2027, 3, 4), dt.date(2027, 3, 11)]

    page.reload()
    expect(page.locator(".recurrence-widget .until input.date-field")).to_have_value("11.03.2027")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unreadable_date_gets_a_german_message_and_nothing_is_lost(log_in_as):
    site = build_site()
    page = log_in_as(EDITORS)
    new_event(page, site, "Gesprächskreis am Donnerstag")
    page.locator("#id_start_time").fill("18:00")
    type_date(page.locator("#id_start_date"), "32.13.2027")
    rule = add_weekly_rule(page, "Do")
    until = rule.locator(".until input.date-field")
    type_date(until, "32.13.2027")
    # The widget says so at once and keeps the rule's end open, not cleared.
    expect(rule.locator(".date-error")).to_have_text(INVALID_RULE_DATE)
    expect(until).to_have_attribute("aria-invalid", "true")

    save_draft(page)
    expect(field_errors(page, "id_start_date")).to_contain_text(INVALID_DATE)
    expect(field_errors(page, "id_recurrence")).to_contain_text(
        "„32.13.2027“ ist kein gültiges Datum."
    )
    assert not EventPage.objects.filter(title="Gesprächskreis am Donnerstag").exists()
    # Everything typed is still there, the unreadable date as typed.
    expect(page.locator("#id_title")).to_have_value("Gesprächskreis am Donnerstag")
    expect(page.locator("#id_start_date")).to_have_value("32.13.2027")
    expect(page.locator("#id_start_time")).to_have_value("18:00")
    expect(page.locator(".recurrence-widget .panel .header").first).to_contain_text(
        "jeden Donnerstag"
    )
