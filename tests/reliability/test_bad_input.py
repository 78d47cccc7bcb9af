"""Bad input thrown at the public calendar and at the event editor.

Whatever a visitor, a bot or a careless form post sends, the site answers
with a 4xx (or ignores an unknown parameter and says so), the editor gets a
clear German error message, and nothing in the database changes. Never a
500, never a hung request, never markup or an injected line in a feed.
"""

import datetime as dt
import re
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.factories import EventPageFactory
from events.models import EventDateChange, EventPage
from events.syndication import xml_text
from home.factories import AgencyPageFactory
from projects.factories import ProjectPageFactory
from site_core.factories import LocationFactory
from site_core.translation import translate_object
from tests.utils import build_site, russian

pytestmark = pytest.mark.django_db

FILTER_IGNORED = "Ein Filter war ungültig und wurde ignoriert."


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """One site for the whole module, rolled back at its end. Each test runs
    in a savepoint inside it (pytest-django's ``db``), so what one test
    changes the next one does not see."""
    with django_db_blocker.unblock(), transaction.atomic():
        site = build_site()
        for page in [site.home, site.event_index]:
            translate_object(page, site.ru, russian)
        site.location = LocationFactory(name="Gemeindezentrum")
        # A weekly series next to the single event, so that feeds carry rules.
        site.series = EventPageFactory(
            parent=site.event_index,
            title="Gesprächskreis",
            slug="gespraechskreis",
            start_date=timezone.localdate() + dt.timedelta(days=3),
            recurrence="RRULE:FREQ=WEEKLY;COUNT=10",
            location=site.location,
        )
        site.series.save_revision().publish()
        yield site
        transaction.set_rollback(True)


def snapshot(site):
    """What bad input must not change: counts of pages, revisions, events
    and date changes, and the live series as stored and as served."""
    series = EventPage.objects.get(pk=site.series.pk)
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "events": EventPage.objects.count(),
        "date_changes": EventDateChange.objects.count(),
        "series": (
            series.title,
            series.slug,
            series.start_date,
            str(series.recurrence),
            series.live_revision_id,
            series.latest_revision_id,
            series.has_unpublished_changes,
        ),
    }


def served(client, page):
    """The page as served, but for the alert sign-up's honeypot timestamp
    (the second the form was shown)."""
    return re.sub(rb'name="whf_time" value="\d+"', b"", client.get(page.url).content)


# The public site

CALENDAR = "/de/veranstaltungen/"

# (request path, expected status after following redirects, whether the
# calendar says a filter was ignored)
PUBLIC_CASES = [
    # Months and days outside what a calendar shows.
    ("monat/?monat=99999", 404, False),
    ("monat/?monat=2026-13", 404, False),
    ("monat/?monat=abc", 404, False),
    ("monat/?monat=9999-12", 404, False),
    ("monat/?monat=0001-01", 404, False),
    ("monat/?monat=-1-01", 404, False),
    ("monat/?monat=2027-01&monat=abc", 404, False),  # the last value counts
    ("monat/?monat=%ff%fe", 404, False),
    ("?ab=9999-12-31", 404, False),
    ("?ab=0001-01-01", 404, False),
    # The first and last months and days the calendar shows.
    ("monat/?monat=2000-01", 200, False),
    ("monat/?monat=2100-12", 200, False),
    ("?ab=2100-12-31", 200, False),
    ("archiv/?bis=2000-01-01", 200, False),
    # The site's parameter is "monat"; "month" is unknown and ignored.
    ("?month=99999", 200, False),
    ("monat/?month=2026-13", 200, False),
    # The archive: only the past, from 2000 on.
    ("archiv/?bis=2999-01-01", 404, False),
    ("archiv/?bis=9999-12-31", 404, False),
    ("archiv/?bis=0001-01-01", 404, False),
    ("archiv/?bis=1999-12-31", 404, False),
    ("archiv/?bis=gestern", 404, False),
    ("archiv/?bis=", 404, False),
    # Page numbers: the list and the archive page with "seite"; "page" is
    # unknown and ignored.
    ("?page=999999999999", 200, False),
    ("?page=-1", 200, False),
    ("?page=abc", 200, False),
    ("?seite=999999999999", 404, False),
    ("?seite=2", 404, False),  # there is no second page of this calendar
    ("?seite=-1", 404, False),
    ("?seite=abc", 404, False),
    ("?seite=%C2%B2", 404, False),  # "²" is a digit to str.isdigit(), not to int()
    ("archiv/?seite=999999999999", 404, False),
    ("archiv/?seite=2", 404, False),  # nor a second page of its archive
    ("archiv/?seite=0", 404, False),
    # Unknown filter values are dropped, and the calendar says so.
    ("?agentur=unbekannt", 200, True),
    ("?agentur=999999", 200, True),
    ("?projekt=%00", 200, True),
    ("?schwerpunkt=%3Cscript%3Ealert(1)%3C/script%3E", 200, True),
    ("?sprache=xx", 200, True),
    ("?agentur=oh&agentur=unbekannt", 200, True),
    ("?agentur=%ff%fe", 200, True),
    ("monat/?agentur=unbekannt", 200, True),
    ("archiv/?projekt=unbekannt", 200, True),
    ("?agentur=" + "a" * 20_000, 200, True),
    # More fields than Django parses is a bad request.
    ("?" + "&".join(f"x{n}=1" for n in range(2000)), 400, False),
    # Feeds: a filter that selects nothing known is a 404, not everything.
    ("feed.ics?agentur=unbekannt", 404, False),
    ("feed.ics?sprache=xx", 404, False),
    ("feed.ics?projekt=%00", 404, False),
    ("feed.ics/extra", 404, False),
    ("feed.icsx", 404, False),
    ("feed.ics.bak", 404, False),
    ("rss/unknown/", 404, False),
    ("rss/aenderungen/unknown/", 404, False),
    ("gespraechskreis/feed.ics/extra", 404, False),
    ("gespraechskreis/unbekannt/", 404, False),
    # Paths that are not pages.
    ("%ff%fe/", 404, False),
    ("%00/", 404, False),
    ("..%2f..%2fetc%2fpasswd/", 404, False),
    ("a" * 4000 + "/", 404, False),
    ("gespraechskreis/?page=abc&monat=abc", 200, False),
]


@pytest.mark.parametrize(("path", "status", "filter_ignored"), PUBLIC_CASES)
def test_calendar_answers_bad_parameters_with_4xx_or_ignores_them(
    client, site, path, status, filter_ignored
):
    before = snapshot(site)
    response = client.get(CALENDAR + path, follow=True)
    assert response.status_code == status
    if filter_ignored:
        assert FILTER_IGNORED in response.content.decode()
        assert b"<script>alert" not in response.content
    assert snapshot(site) == before


@pytest.mark.parametrize(
    "path",
    [
        "/xx/",
        "/en/veranstaltungen/",
        "/ru-RU/",
        "/DE/veranstaltungen/",
        "/de/../ru/",
        "/de/%2e%2e/ru/veranstaltungen-ru/",
        "/ru/veranstaltungen/",  # the German slug
    ],
)
def test_forged_language_prefixes_are_not_found(client, site, path):
    assert client.get("/ru/veranstaltungen-ru/").status_code == 200
    before = snapshot(site)
    response = client.get(path, follow=True)
    assert response.status_code == 404
    assert snapshot(site) == before


def test_head_and_options_on_the_feed_answer_without_a_body(client, site):
    get = client.get(CALENDAR + "feed.ics")
    head = client.head(CALENDAR + "feed.ics")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]
    options = client.options(CALENDAR + "feed.ics")
    assert options.status_code == 200
    assert options.content == b""
    assert options["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", ""),
        ("post", "monat/"),
        ("post", "archiv/?bis=gestern"),
        ("post", "rss/"),
        ("post", "feed.ics"),
        ("put", "feed.ics"),
        ("delete", "gespraechskreis/"),
        ("patch", "gespraechskreis/feed.ics"),
    ],
)
def test_calendar_pages_and_feeds_refuse_writing_requests(client, site, method, path):
    before = snapshot(site)
    response = getattr(client, method)(CALENDAR + path, {"title": "Gehackt"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert snapshot(site) == before


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"HTTP_IF_NONE_MATCH": "garbage"}, 200),
        ({"HTTP_IF_NONE_MATCH": '"' + "x" * 10_000}, 200),
        ({"HTTP_IF_NONE_MATCH": "W/, , ,\x00"}, 200),
        ({"HTTP_IF_MODIFIED_SINCE": "gestern"}, 200),
        # A client that claims to have a copy from the future has it.
        ({"HTTP_IF_MODIFIED_SINCE": "Fri, 31 Dec 9999 23:59:59 GMT"}, 304),
        ({"HTTP_IF_MATCH": "garbage"}, 200),  # not an ETag at all: ignored
        ({"HTTP_IF_MATCH": '"garbage"'}, 412),
    ],
)
def test_feed_answers_garbage_conditional_headers(client, site, headers, status):
    response = client.get(CALENDAR + "feed.ics", **headers)
    assert response.status_code == status
    if status == 200:
        assert Calendar.from_ical(response.content).walk("VEVENT")


# The event editor

# 2 March 2027 is a Tuesday.
VALID_EVENT = {
    "title": "Deutsch-Café",
    "slug": "neues-cafe",
    "start_date": "2027-03-02",
    "start_time": "18:00",
    "end_time": "19:30",
    "recurrence": "",
    "event_language": "de-ru",
}

MORE_THAN_A_DAY = "Termine können sich höchstens täglich wiederholen, nicht stündlich oder öfter."
INVALID_RULE = "Diese Wiederholung ist ungültig."
TOO_MANY = "Diese Regel ergibt mehr als 1098 Termine in den nächsten drei Jahren."
COUNT_TOO_HIGH = "Eine Wiederholung kann höchstens 1098 Termine haben."
NO_SECOND_DATE = "Diese Regel ergibt nach dem ersten Datum keinen weiteren Termin."
OUT_OF_RANGE = "Bitte geben Sie ein Datum zwischen 2000 und 2100 an."
RULE_OUT_OF_RANGE = "Die Wiederholung darf nur Daten zwischen 2000 und 2100 enthalten."
TOO_LONG = "Bitte sicherstellen, dass der Wert aus höchstens"
INVALID_CHOICE = "Bitte eine gültige Auswahl treffen."


def case(case_id, fields, field, message, changes=()):
    """Fields changed from VALID_EVENT, the date changes, and the field whose
    error message starts with ``message``."""
    return pytest.param(fields, list(changes), field, message, id=case_id)


def rule(case_id, text, message, changes=()):
    return case(case_id, {"recurrence": text}, "recurrence", message, changes)


WEEKLY = "RRULE:FREQ=WEEKLY;COUNT=5"

EDITOR_CASES = [
    rule("garbage-rule", "das ist keine Regel", INVALID_RULE),
    rule("bad-weekday", "RRULE:FREQ=WEEKLY;BYDAY=XX", INVALID_RULE),
    # Open-ended is fine weekly, but every day forever is not a meeting.
    rule("unbounded-daily", "RRULE:FREQ=DAILY", TOO_MANY),
    rule("every-day-of-the-week", "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", TOO_MANY),
    rule("secondly", "RRULE:FREQ=SECONDLY;COUNT=5", MORE_THAN_A_DAY),
    rule("minutely", "RRULE:FREQ=MINUTELY", MORE_THAN_A_DAY),
    rule("hourly", "RRULE:FREQ=HOURLY;COUNT=3", MORE_THAN_A_DAY),
    rule("hourly-exclusion", f"{WEEKLY}\nEXRULE:FREQ=HOURLY", MORE_THAN_A_DAY),
    rule("interval-0", "RRULE:FREQ=WEEKLY;INTERVAL=0", INVALID_RULE),
    rule(
        "interval-0-with-a-change",
        "RRULE:FREQ=WEEKLY;INTERVAL=0",
        INVALID_RULE,
        [{"date": "2027-03-09", "action": "cancel"}],
    ),
    rule("interval-negative", "RRULE:FREQ=WEEKLY;INTERVAL=-2", INVALID_RULE),
    rule("count-0", "RRULE:FREQ=WEEKLY;COUNT=0", INVALID_RULE),
    rule("bysetpos-0", "RRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=0", INVALID_RULE),
    rule("no-second-date", "RRULE:FREQ=WEEKLY;UNTIL=20270303T000000Z", NO_SECOND_DATE),
    rule("100000-daily", "RRULE:FREQ=DAILY;COUNT=100000", COUNT_TOO_HIGH),
    rule("100000-weekly", "RRULE:FREQ=WEEKLY;COUNT=100000", COUNT_TOO_HIGH),
    rule("until-9999", "RRULE:FREQ=WEEKLY;UNTIL=99991231T000000Z", RULE_OUT_OF_RANGE),
    rule("rdate-9999", "RDATE:99991231T000000Z", RULE_OUT_OF_RANGE),
    rule("exdate-year-1", f"{WEEKLY}\nEXDATE:00010101T000000Z", RULE_OUT_OF_RANGE),
    case("end-before-start", {"end_date": "2027-03-01"}, "end_date", "Der letzte Tag darf nicht"),
    case(
        "multi-day-end-before-start",
        {"end_date": "2027-02-01", "start_time": "", "end_time": ""},
        "end_date",
        "Der letzte Tag darf nicht",
    ),
    case("end-time-before-start", {"end_time": "17:00"}, "end_time", "Das Ende muss nach"),
    case("end-without-start", {"start_time": ""}, "start_time", "Bitte geben Sie einen Beginn"),
    case("start-year-9999", {"start_date": "9999-12-31"}, "start_date", OUT_OF_RANGE),
    case("start-year-1", {"start_date": "0001-01-01"}, "start_date", OUT_OF_RANGE),
    case("end-year-9999", {"end_date": "9999-12-31"}, "end_date", OUT_OF_RANGE),
    case(
        "start-year-9999-with-rule",
        {"start_date": "9999-12-31", "recurrence": WEEKLY},
        "start_date",
        OUT_OF_RANGE,
    ),
    case(
        "no-such-day",
        {"start_date": "2027-02-30"},
        "start_date",
        "Bitte geben Sie ein gültiges Datum ein",
    ),
    case(
        "no-such-first-day-of-several",
        {"start_date": "2027-02-30", "end_date": "2027-03-05"},
        "start_date",
        "Bitte geben Sie ein gültiges Datum ein",
    ),
    case("no-such-time", {"start_time": "25:00"}, "start_time", "Bitte eine gültige Uhrzeit"),
    case("title-10000", {"title": "x" * 10_000}, "title", TOO_LONG),
    case("slug-1000", {"slug": "x" * 1_000}, "slug", TOO_LONG),
    case("slug-path", {"slug": "../../etc"}, "slug", "Bitte ein gültiges Kürzel"),
    case("title-null-byte", {"title": "Café\x00"}, "title", "Nullzeichen sind nicht erlaubt."),
    case("no-such-place", {"location": "999999"}, "location", INVALID_CHOICE),
    case("no-such-language", {"event_language": "xx"}, "event_language", "Bitte eine gültige"),
    case(
        # An open-ended series is not expanded to year 9999 to look for the date.
        "change-year-9999",
        {"recurrence": "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA"},
        "date_changes",
        OUT_OF_RANGE,
        [{"date": "9999-12-31", "action": "cancel"}],
    ),
    case(
        "move-to-year-1",
        {"recurrence": WEEKLY},
        "date_changes",
        OUT_OF_RANGE,
        [{"date": "2027-03-09", "action": "move", "new_date": "0001-01-01"}],
    ),
    case(
        "reason-10000",
        {"recurrence": WEEKLY},
        "date_changes",
        TOO_LONG,
        [{"date": "2027-03-09", "action": "cancel", "reason": "x" * 10_000}],
    ),
    case(
        "unknown-action",
        {"recurrence": WEEKLY},
        "date_changes",
        INVALID_CHOICE,
        [{"date": "2027-03-09", "action": "explode"}],
    ),
]


def event_form_data(fields, changes):
    return nested_form_data(
        {
            **VALID_EVENT,
            **fields,
            "date_changes": inline_formset(changes),
            "focus_area_links": inline_formset([]),
            "body": streamfield([]),
            "action-publish": "action-publish",
        }
    )


def errors_of(response, field):
    """The messages on ``field`` of the re-rendered editor; for date changes,
    the messages on any field of any of them."""
    form = response.context["form"]
    if field == "date_changes":
        return [
            str(message)
            for change in form.formsets["date_changes"].forms
            for messages in change.errors.values()
            for message in messages
        ]
    return [str(message) for message in form.errors.get(field, [])]


def assert_refused(response, field, message):
    assert response.status_code == 200, "the editor must show the form again"
    errors = errors_of(response, field)
    assert errors, f"no error on {field}: {response.context['form'].errors}"
    assert any(error.startswith(message) for error in errors), errors


@pytest.mark.parametrize(("fields", "changes", "field", "message"), EDITOR_CASES)
def test_new_event_with_bad_input_is_refused_in_german(
    admin_client, site, fields, changes, field, message
):
    before = snapshot(site)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", site.event_index.pk))
    response = admin_client.post(url, event_form_data(fields, changes))
    assert_refused(response, field, message)
    assert snapshot(site) == before


EDIT_CASE_IDS = {
    "garbage-rule",
    "interval-0-with-a-change",
    "start-year-9999-with-rule",
    "end-before-start",
    "title-10000",
}
EDIT_CASES = [case for case in EDITOR_CASES if case.id in EDIT_CASE_IDS]


@pytest.mark.parametrize(("fields", "changes", "field", "message"), EDIT_CASES)
def test_live_event_stays_as_it_is_when_an_edit_is_refused(
    admin_client, site, fields, changes, field, message
):
    before, page_before = snapshot(site), served(admin_client, site.series)
    url = reverse("wagtailadmin_pages:edit", args=(site.series.pk,))
    fields = {"slug": site.series.slug, **fields}
    response = admin_client.post(url, event_form_data(fields, changes))
    assert_refused(response, field, message)
    assert snapshot(site) == before
    assert served(admin_client, site.series) == page_before


# Titles that try to break out of HTML or a feed line

HOSTILE_TITLES = [
    "Test\r\nX-Injected: 1",
    "Test\rX-Injected: 1",
    "Test\nX-Injected: 1",
    "<script>alert(1)</script>",
    "Kaffee\x0bund Kuchen",  # Word's manual line break, pasted
    "Tee\x1b[31m",
    "Kaffee\uffffund Kuchen",  # noncharacters XML forbids
    "Kaffee\ufffeund Kuchen",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_title_is_refused_or_escaped_everywhere(admin_client, client, site, title):
    agency = AgencyPageFactory(parent=site.home, title=title, slug="boese-agentur")
    project = ProjectPageFactory(parent=site.project_index, title=title, slug="boeses-projekt")
    location = LocationFactory(name=title)
    before = snapshot(site)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", site.event_index.pk))
    start = timezone.localdate() + dt.timedelta(days=1)
    fields = {
        "title": title,
        "start_date": start.isoformat(),
        "recurrence": "RRULE:FREQ=WEEKLY;COUNT=3",
        "agency": str(agency.pk),
        "project": str(project.pk),
        "location": str(location.pk),
        "introduction": title,
    }
    response = admin_client.post(url, event_form_data(fields, []))
    if response.status_code == 200:
        assert errors_of(response, "title"), response.context["form"].errors
        assert snapshot(site) == before
        return
    assert response.status_code == 302
    event = EventPage.objects.get(slug="neues-cafe")
    assert event.live
    for path in [
        event.url,
        CALENDAR,
        CALENDAR + "monat/?monat=" + start.strftime("%Y-%m"),
        CALENDAR + "?agentur=boese-agentur",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"<script>alert" not in response.content, path
    for path in [CALENDAR + "rss/", CALENDAR + "rss/aenderungen/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"<script>alert" not in response.content, path
        # Well-formed XML, with the title in it (control characters as spaces).
        items = ElementTree.fromstring(response.content).iter("item")
        last_word = xml_text(title).split()[-1]
        assert any(last_word in item.findtext("title") for item in items), path
    for path in [
        CALENDAR + "feed.ics",
        CALENDAR + "feed.ics?agentur=boese-agentur&projekt=boeses-projekt",
        event.url + "feed.ics",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        # Lines end in CRLF; a line break in a title is escaped, not a new line.
        lines = text.split("\r\n")
        assert not any("\r" in line or "\n" in line for line in lines), path
        assert not any(line.startswith("X-Injected") for line in lines), path
        assert not any(ord(char) < 32 and char != "\t" for line in lines for char in line), path
        summaries = [str(vevent["SUMMARY"]) for vevent in Calendar.from_ical(text).walk("VEVENT")]
        assert any(xml_text(title).split()[-1] in summary for summary in summaries), path


def test_event_with_a_cyrillic_slug_serves_its_feed(client, site):
    event = EventPageFactory(parent=site.event_index, title="Кафе", slug="кафе")
    response = client.get(event.url + "feed.ics")
    assert response.status_code == 200
    # Non-Latin-1 header values go out MIME-encoded, never raw.
    response["Content-Disposition"].encode("latin-1")
    assert "SUMMARY:Кафе" in response.content.decode()


# Rules the editor refuses but that reach the database by other means (the
# shell, an import, an older version of the site). A timer fails the test
# instead of letting a hang stall the suite.
STORED_BAD_RULES = [
    "RRULE:FREQ=WEEKLY;INTERVAL=0",  # django-recurrence reads it, and cannot write it
    "RRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=0",
    "RRULE:FREQ=SECONDLY",
    "RRULE:FREQ=WEEKLY;COUNT=0",
]


@pytest.mark.parametrize("rule", STORED_BAD_RULES)
def test_a_stored_bad_rule_is_left_out_not_served(client, site, rule, caplog):
    import signal

    from events.store import store_all

    def hung(signum, frame):
        raise TimeoutError(f"{rule} hung the site")

    EventPage.objects.filter(pk=site.series.pk).update(recurrence=rule)
    series = EventPage.objects.get(pk=site.series.pk)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        store_all()  # the nightly job
        pages = [series.url, site.event_index.url, site.event_index.url + "monat/"]
        for path in [*pages, series.url + "feed.ics", site.event_index.url + "feed.ics"]:
            response = client.get(path)
            assert response.status_code == 200, path
        # The first date is still shown, as a single date; the rule is not.
        feed = Calendar.from_ical(client.get(series.url + "feed.ics").content)
        assert [vevent.get("RRULE") for vevent in feed.walk("VEVENT")] == [None]
        assert "Gesprächskreis" in client.get(site.event_index.url).content.decode()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert "Unusable recurrence rule left out" in caplog.text
