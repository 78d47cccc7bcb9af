"""Issue 15: every role's real path, end to end, in the real admin.

Editor (redaktion) → moderator (moderation) → translator (uebersetzung) →
visitor, each step clicked and typed in Chromium as the person does it, the
result checked where the person looks: calendar list, month, event page,
iCalendar feed and the changes RSS, in German and Russian.

The journeys need committed data: wagtail-localize publishes translations,
and the site copies dates to translations and stores calendar rows, after the
commit (``transaction.on_commit``), which never comes inside the transaction of
pytest-django's ``db`` that ``demo_site`` pairs with. So each journey loads the
demo content itself into a transactional test database (emptied after each
test) and brings its own event, so one failing journey leaves the others
their say.
"""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
import recurring_ical_events
from playwright.sync_api import expect

from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Locale, Page

from events.models import EventPage
from events.schedule import Status, occurrences_of
from tests.browser.journey_steps import (
    SCREEN_FINDINGS,
    approve_on_dashboard,
    assert_admin_was_german,
    check_german_screen,
    ensure_role_users,
    fetch_ics,
    ics_events,
    log_in,
    open_in_explorer,
    submit_for_approval,
    type_date,
)

TITLE = "Nähcafé am Freitag"
TITLE_2 = "Strickcafé am Freitag"  # journey 2's own event
TITLE_RU = "Вязальное кафе по пятницам"
INTRO_RU = "Шьём вместе по пятницам."
# Every Friday 18:00–20:00 from 15.01.2027 until 26.02.2027, except 29.01.
DATES = [
    dt.date(2027, 1, 15),
    dt.date(2027, 1, 22),
    *(dt.date(2027, 2, d) for d in (5, 12, 19, 26)),
]
EXCLUDED = dt.date(2027, 1, 29)
# wagtail-localize's "Veröffentlichen in Русский" (the site says "Veröffentlichen: Русский").
PUBLISH_TRANSLATION = re.compile("^Veröffentlichen(:| in) Русский$")
CAFE_RU = "/ru/meropriyatiya/nemetskoe-kafe/"
CAFE_INTRO = "Deutsch üben in entspannter Runde, für alle Sprachniveaus."
CAFE_RU_TITLE = "Немецкое кафе: говорим по-немецки за чашкой кофе с пирогом"


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def german_screens():
    SCREEN_FINDINGS.clear()
    yield
    if SCREEN_FINDINGS:  # also shown when the journey failed before its end
        print("English on German admin screens:", *SCREEN_FINDINGS, sep="\n")


@pytest.fixture
def site(live_server):
    """The demo content in both languages and the role users, committed, on
    the live server."""
    for cache in caches.all():
        cache.clear()  # e.g. Wagtail's site root paths of an earlier tree
    call_command("load_demo_content", stdout=StringIO())
    ensure_role_users()
    yield live_server.url
    for cache in caches.all():
        cache.clear()


def create_weekly_event(page, title):
    """The editor's part of journey 1, up to the submission."""
    open_in_explorer(page, "Veranstaltungen")
    page.get_by_role("link", name="Unterseite hinzufügen").first.click()
    expect(page.locator("#id_title")).to_be_visible()
    check_german_screen(page)
    page.locator("#id_title").fill(title)
    page.get_by_role("textbox", name="Einleitung").fill("Wir nähen gemeinsam, jeden Freitag.")
    type_date(page.locator("#id_start_date"), "15.01.2027")
    page.locator("#id_start_time").fill("18:00")
    page.locator("#id_end_time").fill("20:00")
    widget = page.locator("div.recurrence-widget")
    widget.locator("a.add-rule").click()
    rule = widget.locator(".panel").first
    rule.locator("select[name=freq]").select_option(label="Wöchentlich")
    rule.locator(".weekly td", has_text="Fr").click()
    rule.locator("input[name=limit]").check()
    rule.locator("input[name=until_count][value=until]").check()
    expect(rule).to_contain_text("Wiederholen bis")
    type_date(rule.locator(".until input.date-field"), "26.02.2027")
    expect(rule.locator(".header")).to_contain_text(re.compile(r"bis 26\.( Februar |02\.)2027"))
    widget.locator("a.add-date").click()
    excepted = widget.locator(".panel").nth(1)
    type_date(excepted.locator("input.date-field"), "29.01.2027")
    excepted.locator("input[name=mode]").check()
    expect(excepted.locator(".header")).to_contain_text("29. Januar 2027")
    check_german_screen(page)
    submit_for_approval(page, title)


def shown_dates(page, title=None):
    """The start times (ISO, Berlin) of the dates of ``title`` on a calendar
    page, or of all dates on an event's page."""
    items = page.locator("li.occurrence")
    if title:
        items = items.filter(has=page.get_by_role("link", name=title, exact=True))
    # The date is the link to its own page.
    times = items.locator(".occurrence__when > a > time:first-child")
    return [t.get_attribute("datetime")[:16] for t in times.all()]


def ics_starts(calendar, title):
    berlin = timezone.get_default_timezone()
    return [
        e.start.astimezone(berlin).strftime("%Y-%m-%dT%H:%M")
        for e in recurring_ical_events.of(calendar).between(
            dt.date(2027, 1, 1), dt.date(2027, 3, 31)
        )
        if str(e["SUMMARY"]) == title and e.get("STATUS") != "CANCELLED"
    ]


EXPECTED = [f"{d.isoformat()}T18:00" for d in DATES]


def test_1_editor_creates_weekly_event_moderator_approves(site, new_page):
    editor = log_in(new_page, site, "redaktion")
    create_weekly_event(editor, TITLE)
    approve_on_dashboard(site, new_page, TITLE)

    event = EventPage.objects.get(title=TITLE, locale__language_code="de")
    assert event.live, "Nach der Freigabe ist die Veranstaltung nicht veröffentlicht"
    visitor = new_page(site)
    visitor.goto("/de/veranstaltungen/?ab=2027-01-15")
    assert shown_dates(visitor, TITLE)[:1] == EXPECTED[:1]
    visitor.goto("/de/veranstaltungen/?ab=2027-01-23")  # the next is after the 29th
    assert shown_dates(visitor, TITLE)[:1] == EXPECTED[2:3]
    visitor.goto("/de/veranstaltungen/monat/?monat=2027-01")
    month = visitor.get_by_role("table")
    expect(month.locator("caption")).to_have_text("Januar 2027")
    days = month.locator("td", has=visitor.get_by_role("link", name=TITLE))
    assert days.locator(".month__day").all_inner_texts() == [
        "Freitag, 15. Januar",
        "Freitag, 22. Januar",
    ]
    visitor.goto(event.url)
    expect(visitor.locator("h1")).to_have_text(TITLE)
    expect(visitor.locator("li.occurrence").first).to_contain_text("Freitag, 15. Januar 2027")
    expect(visitor.locator("li.occurrence").first).to_contain_text("18:00–20:00 Uhr")
    assert shown_dates(visitor) == EXPECTED
    assert EXCLUDED.isoformat() not in visitor.locator("main").inner_html()
    assert ics_starts(fetch_ics(visitor, f"{event.url}feed.ics"), TITLE) == EXPECTED
    assert ics_starts(fetch_ics(visitor, "/de/veranstaltungen/feed.ics"), TITLE) == EXPECTED
    assert_admin_was_german()


def test_2_translator_translates_the_event_from_the_dashboard(site, new_page):
    editor = log_in(new_page, site, "redaktion")
    create_weekly_event(editor, TITLE_2)
    approve_on_dashboard(site, new_page, TITLE_2)

    translator = log_in(new_page, site, "uebersetzung")
    panel = translator.get_by_role("region", name="Zu übersetzen: Русский")
    panel.get_by_role("link", name=TITLE_2).first.click()
    check_german_screen(translator)
    translator.get_by_role("link", name="Diese Seite übersetzen").click()
    submit = translator.get_by_role("button", name="Absenden")
    expect(submit.or_(translator.locator(".messages .error"))).to_be_visible()
    assert submit.is_visible(), translator.locator(".messages").inner_text().strip()
    check_german_screen(translator)
    submit.click()
    expect(translator.get_by_role("button", name=PUBLISH_TRANSLATION)).to_be_visible()
    check_german_screen(translator)
    translate_segment(translator, TITLE_2, TITLE_RU)
    translate_segment(translator, "Wir nähen gemeinsam, jeden Freitag.", INTRO_RU)
    check_german_screen(translator)
    translator.get_by_role("button", name=PUBLISH_TRANSLATION).click()
    expect(translator.locator(".messages")).to_contain_text("veröffentlicht")
    check_german_screen(translator)

    russian = EventPage.objects.get(title=TITLE_RU, locale__language_code="ru")
    visitor = new_page(site, language="ru")
    visitor.goto("/ru/meropriyatiya/?ab=2027-01-15")
    assert shown_dates(visitor, TITLE_RU)[:1] == EXPECTED[:1]
    expect(visitor.locator("main")).not_to_contain_text(TITLE_2)
    visitor.goto("/ru/meropriyatiya/monat/?monat=2027-02")
    month = visitor.get_by_role("table")
    expect(month.get_by_role("link", name=TITLE_RU)).to_have_count(4)
    visitor.goto(russian.url)
    expect(visitor.locator("h1")).to_have_text(TITLE_RU)
    expect(visitor.locator("main")).to_contain_text(INTRO_RU)
    expect(visitor.locator("li.occurrence").first).to_contain_text("15 января 2027")
    assert shown_dates(visitor) == EXPECTED
    assert ics_starts(fetch_ics(visitor, f"{russian.url}feed.ics"), TITLE_RU) == EXPECTED
    assert_admin_was_german()


def translate_segment(page, source_text, translation):
    """In wagtail-localize's editor: the segment of ``source_text`` →
    Übersetzen or Bearbeiten → type → Speichern."""
    segment = page.locator("li", has=page.get_by_text(source_text, exact=True)).last
    segment.get_by_role("button", name=re.compile("^(Übersetzen|Bearbeiten)$")).click()
    segment.locator("textarea").fill(translation)
    segment.get_by_role("button", name="Speichern").click()
    expect(segment.get_by_role("button", name="Bearbeiten")).to_be_visible()
    expect(segment).to_contain_text(translation)


def open_russian_translation_editor(page):
    open_in_explorer(page, "Мероприятия", CAFE_RU_TITLE)
    expect(page.get_by_role("button", name=PUBLISH_TRANSLATION)).to_be_visible()
    check_german_screen(page)


def test_3_editor_cancels_and_moves_dates_russian_follows(site, new_page):
    cafe = EventPage.objects.get(slug="deutsch-cafe", locale__language_code="de")
    scheduled = [
        o.start_date
        for o in occurrences_of(cafe, after=timezone.localdate() + dt.timedelta(days=14), limit=8)
        if o.status == Status.SCHEDULED
    ]
    cancelled, moved = scheduled[0], scheduled[1]
    new_date = moved + dt.timedelta(days=1)

    # The translator has a changed Russian text saved, not published.
    translator = log_in(new_page, site, "uebersetzung")
    open_russian_translation_editor(translator)
    draft = "Черновик переводчика, ещё не опубликован."
    translate_segment(translator, CAFE_INTRO, draft)

    editor = log_in(new_page, site, "redaktion")
    open_in_explorer(editor, "Veranstaltungen", cafe.title)
    add_date_change(editor, cancelled, "Absagen", reason="Der Raum ist belegt.")
    add_date_change(editor, moved, "Verschieben", new_date=new_date, new_start="17:00")
    check_german_screen(editor)
    submit_for_approval(editor, cafe.title)
    approve_on_dashboard(site, new_page, cafe.title, compare=True)

    german = new_page(site)
    german.goto("/de/veranstaltungen/deutsch-cafe/")
    expect(german.locator("li.status-cancelled", has_text="Der Raum ist belegt.")).to_have_count(1)
    # Nobody syncs: the Russian page, feed and RSS follow by themselves.
    visitor = new_page(site, language="ru")
    visitor.goto(CAFE_RU)
    main = visitor.locator("main")
    cancelled_item = main.locator(
        "li.status-cancelled", has=visitor.locator(f"time[datetime^='{cancelled.isoformat()}']")
    )
    expect(cancelled_item).to_have_count(1)
    moved_item = main.locator(
        "li.status-moved", has=visitor.locator(f"time[datetime^='{new_date.isoformat()}T17:00']")
    )
    expect(moved_item).to_have_count(1)
    expect(main).not_to_contain_text(draft)

    calendar = fetch_ics(visitor, f"{CAFE_RU}feed.ics")
    assert [e for e in ics_events(calendar) if "RRULE" in e], "no series in the feed"
    berlin = timezone.get_default_timezone()
    starts = {
        (e.start.astimezone(berlin).date(), e.get("STATUS"))
        for e in recurring_ical_events.of(calendar).between(
            cancelled, new_date + dt.timedelta(days=1)
        )
    }
    assert (cancelled, None) not in starts and (cancelled, "CONFIRMED") not in starts
    assert (moved, None) not in starts
    assert any(day == new_date for day, _status in starts), starts

    rss = visitor.request.get("/ru/meropriyatiya/rss/aenderungen/")
    assert rss.ok
    guids = [g.text for g in ET.fromstring(rss.body()).iter("guid")]
    assert any(g.endswith(f"/{cancelled.isoformat()}/cancelled") for g in guids), guids
    assert any(g.endswith(f"/{moved.isoformat()}/moved") for g in guids), guids

    # The draft is still where the translator left it.
    translator.reload()
    expect(translator.locator("main")).to_contain_text(draft)
    assert_admin_was_german()


def add_date_change(page, date, action, *, reason="", new_date=None, new_start=None):
    """A form of "Einzelner Termin", filled as the editor does."""
    index = int(page.locator("#id_date_changes-TOTAL_FORMS").input_value())
    page.get_by_role("button", name=re.compile("^Einzelner Termin.*hinzufügen")).click()
    prefix = f"#id_date_changes-{index}"
    type_date(page.locator(f"{prefix}-date"), date.strftime("%d.%m.%Y"))
    page.locator(f"{prefix}-action").select_option(label=action)
    if new_date:
        type_date(page.locator(f"{prefix}-new_date"), new_date.strftime("%d.%m.%Y"))
    if new_start:
        page.locator(f"{prefix}-new_start_time").fill(new_start)
    if reason:
        page.locator(f"{prefix}-reason").fill(reason)


def test_4_abandoned_new_page_is_deleted_with_its_russian_copy(site, new_page):
    title = "Angefangen und liegen gelassen"
    editor = log_in(new_page, site, "redaktion")
    # Wagtail's unsaved-changes watcher takes the form's state 2 s after
    # loading and reports edits since then (which start autosave): a person
    # starts typing later than a test does.
    editor.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => {"
        " document.documentElement.dataset.watchingEdits = 'yes'; })"
    )
    editor.goto("/admin/pages/")
    editor.get_by_role("link", name="Unterseite hinzufügen").first.click()
    editor.get_by_role("link", name="Inhaltsseite", exact=True).click()
    expect(editor.locator("html[data-watching-edits=yes]")).to_have_count(1)
    editor.locator("#id_title").press_sequentially(title, delay=20)
    # Wagtail 7.4 saves a new page by itself once it has a title.
    indicator = editor.locator("#w-autosave-indicator")
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
    expect(indicator).to_contain_text("Gespeichert")
    check_german_screen(editor)
    editor.get_by_role("link", name="Dashboard").first.click()  # and leaves
    [draft] = Page.objects.filter(title=title, locale__language_code="de")
    assert not draft.live
    ru = Locale.objects.get(language_code="ru")
    assert Page.objects.filter(translation_key=draft.translation_key, locale=ru).exists()

    open_in_explorer(editor, None, title)
    editor.locator("header [data-w-dropdown-target=toggle]").first.click()  # "…"
    editor.get_by_role("link", name="Löschen").click()
    check_german_screen(editor)
    expect(editor.locator("main")).to_contain_text("Die russische Fassung")
    expect(editor.locator("main")).to_contain_text("ebenfalls gelöscht")
    editor.get_by_role("button", name=re.compile("^Ja, löschen")).click()
    expect(editor.locator(".messages")).to_contain_text("wurde ebenfalls gelöscht")
    check_german_screen(editor)

    assert not Page.objects.filter(title=title).exists()
    assert not Page.objects.filter(translation_key=draft.translation_key).exists()
    moderator = log_in(new_page, site, "moderation")
    open_in_explorer(moderator, "Агентства по интеграции")
    expect(moderator.locator("main")).not_to_contain_text(title)
    assert_admin_was_german()
