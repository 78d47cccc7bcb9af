"""A page for every date of an event (``<event>/<YYYY-MM-DD>/``, the date it
was scheduled for), in German and Russian, with its status, time, place,
Hebrew date and schema.org data; "add only this date" as iCalendar (proved
with both calendar engines), Google and Outlook links; every listing links
each date to its page; an address that was never a date is the site's 404.
"""

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

from recurrence import deserialize

from django.core.cache import caches
from django.test import TestCase, override_settings
from django.utils import timezone

from events.factories import EventPageFactory
from events.models import EventDateChange
from events.store import store_all
from site_core.cache import HEADER
from site_core.factories import LocationFactory
from site_core.translation import translate_object
from tests.feeds.engines import ENGINES, Window, parse, site_uid
from tests.utils import build_site, russian, translate_site

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SINGLE_UID = re.compile(r"^event-[0-9a-f-]{36}-\d{8}-single@integrationsagenturen$")

# A Thursday series in spring 2027, skipping public holidays: Ascension Day
# (6 May 2027) is one of its Thursdays.
FIRST = dt.date(2027, 4, 1)
CANCELLED = dt.date(2027, 4, 8)
MOVED = dt.date(2027, 4, 15)
MOVED_TO = dt.date(2027, 4, 16)
NOTE = dt.date(2027, 4, 22)
SCHEDULED = dt.date(2027, 4, 29)
HOLIDAY = dt.date(2027, 5, 6)


def structured_data(response):
    blocks = JSON_LD.findall(response.content.decode())
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def main_text(response):
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


class DatePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.hall = LocationFactory(name="Gemeindezentrum", street="Gemeindeplatz 3")
        cls.annex = LocationFactory(name="Nebenraum", street="Hinterhof 1")
        cls.event = EventPageFactory(
            parent=cls.site.event_index,
            title="Gesprächskreis",
            slug="gespraechskreis",
            start_date=FIRST,
            start_time=dt.time(18),
            end_time=dt.time(19, 30),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=10"),
            skip_public_holidays=True,
            location=cls.hall,
        )
        for date, action, fields in [
            (CANCELLED, "cancel", {"reason": "Die Kursleitung ist krank."}),
            (
                MOVED,
                "move",
                {
                    "new_date": MOVED_TO,
                    "new_start_time": dt.time(19),
                    "new_end_time": dt.time(20, 30),
                    "new_location": cls.annex,
                    "reason": "Der Saal ist belegt.",
                },
            ),
            (NOTE, "note", {"reason": "Bitte einen Ausweis mitbringen."}),
        ]:
            EventDateChange.objects.create(page=cls.event, date=date, action=action, **fields)
        cls.event.save_revision().publish()
        translate_site(cls.site)
        translate_object(cls.event, cls.site.ru, russian)
        cls.event_ru = cls.event.get_translation(cls.site.ru)

    def date_url(self, date, event=None):
        return f"{(event or self.event).url}{date.isoformat()}/"

    def get(self, date, event=None):
        response = self.client.get(self.date_url(date, event))
        self.assertEqual(response.status_code, 200, self.date_url(date, event))
        return response

    def test_addresses(self):
        self.assertEqual(
            self.date_url(SCHEDULED), "/de/veranstaltungen/gespraechskreis/2027-04-29/"
        )
        self.assertTrue(self.date_url(SCHEDULED, self.event_ru).startswith("/ru/"))

    def test_scheduled_date_in_both_languages(self):
        german = main_text(self.get(SCHEDULED))
        for text in [
            "Gesprächskreis",
            "Donnerstag, 29. April 2027",
            "18:00–19:30 Uhr",
            "Dieser Termin findet statt.",
            "Gemeindezentrum",
            "Gemeindeplatz 3",
            "כ״ב ניסן תשפ״ז",  # 22 Nisan 5787, in Pesach
        ]:
            self.assertIn(text, german)
        russian_page = self.get(SCHEDULED, self.event_ru)
        text = main_text(russian_page)
        self.assertIn("29 апреля 2027", text)
        self.assertIn("Эта встреча состоится.", text)
        self.assertIn("כ״ב ניסן תשפ״ז", text)
        self.assertContains(russian_page, '<html lang="ru">')
        item = structured_data(russian_page)
        self.assertEqual(item["eventStatus"], "https://schema.org/EventScheduled")
        self.assertEqual(item["startDate"], "2027-04-29T18:00:00+02:00")
        self.assertEqual(item["url"], "http://testserver" + self.date_url(SCHEDULED, self.event_ru))

    def test_the_page_links_to_the_series(self):
        for event in (self.event, self.event_ru):
            self.assertContains(self.get(SCHEDULED, event), f'href="{event.url}"')

    def test_cancelled_date_with_its_reason(self):
        response = self.get(CANCELLED)
        text = main_text(response)
        self.assertIn("Dieser Termin ist abgesagt.", text)
        self.assertIn("Grund: Die Kursleitung ist krank.", text)
        self.assertIn("Donnerstag, 8. April 2027", text)
        self.assertEqual(
            structured_data(response)["eventStatus"], "https://schema.org/EventCancelled"
        )
        russian_text = main_text(self.get(CANCELLED, self.event_ru))
        self.assertIn("Эта встреча отменена.", russian_text)
        self.assertIn("Причина: Die Kursleitung ist krank. (по-русски)", russian_text)

    def test_moved_date_says_where_it_went(self):
        response = self.get(MOVED)
        text = main_text(response)
        self.assertIn("Donnerstag, 15. April 2027", text)  # the address's date, in the heading
        self.assertIn("Dieser Termin ist verschoben auf: Freitag, 16. April 2027", text)
        self.assertIn("19:00–20:30 Uhr", text)
        self.assertIn("Nebenraum", text)
        self.assertIn("Hinterhof 1", text)
        self.assertIn("Der Saal ist belegt.", text)
        self.assertIn("ט׳ ניסן תשפ״ז", text)  # of the day it takes place, 16 April
        item = structured_data(response)
        self.assertEqual(item["eventStatus"], "https://schema.org/EventRescheduled")
        self.assertEqual(item["previousStartDate"], "2027-04-15")
        self.assertEqual(item["startDate"], "2027-04-16T19:00:00+02:00")
        self.assertEqual(item["location"]["name"], "Nebenraum")
        russian_text = main_text(self.get(MOVED, self.event_ru))
        self.assertIn("Эта встреча перенесена на: Пятница, 16 апреля 2027", russian_text)

    def test_the_day_a_date_moved_to_leads_to_its_page(self):
        response = self.client.get(self.date_url(MOVED_TO))
        self.assertRedirects(response, self.date_url(MOVED))

    def test_date_with_a_note(self):
        response = self.get(NOTE)
        text = main_text(response)
        self.assertIn("Dieser Termin findet statt.", text)
        self.assertIn("Hinweis: Bitte einen Ausweis mitbringen.", text)
        self.assertEqual(
            structured_data(response)["eventStatus"], "https://schema.org/EventScheduled"
        )

    def test_date_skipped_for_a_holiday_names_it(self):
        response = self.get(HOLIDAY)
        self.assertIn("Dieser Termin fällt aus: Christi Himmelfahrt.", main_text(response))
        self.assertEqual(
            structured_data(response)["eventStatus"], "https://schema.org/EventCancelled"
        )
        russian_text = main_text(self.get(HOLIDAY, self.event_ru))
        self.assertIn("Эта встреча не состоится: Вознесение Господне.", russian_text)

    def test_an_address_that_never_was_a_date_is_the_sites_404(self):
        for value in [
            "2027-04-02",  # a Friday: no date of the series
            "2027-06-10",  # after its last date
            "2027-02-30",
            "0000-01-01",
            "9999-12-31",
            "2027-13-01",
        ]:
            for event, text in [
                (self.event, "Diese Seite gibt es nicht (mehr)"),
                (self.event_ru, "Такой страницы нет (больше нет)"),
            ]:
                for suffix in ("", "termin.ics"):
                    url = f"{event.url}{value}/{suffix}"
                    response = self.client.get(url)
                    self.assertContains(response, text, status_code=404, msg_prefix=url)

    def test_date_file_is_one_date_under_a_uid_of_its_own(self):
        for date in (SCHEDULED, MOVED, NOTE):
            response = self.client.get(self.date_url(date) + "termin.ics")
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response["Content-Type"].startswith("text/calendar"))
            ics = response.content
            [vevent] = parse(ics).walk("VEVENT")
            self.assertNotIn("RRULE", vevent)
            window = Window(FIRST, dt.date(2027, 12, 31))
            for name, expand in ENGINES.items():
                instances, cancelled = expand(ics, window)
                self.assertEqual(len(instances), 1, f"{name} on {date}: {instances}")
                self.assertEqual(cancelled, [], name)
                [instance] = instances
                self.assertRegex(instance.uid, SINGLE_UID)
                self.assertNotEqual(instance.uid, site_uid(self.event))
                self.assertIn(f"-{date:%Y%m%d}-single@", instance.uid)
        moved = ENGINES["ical.js"](
            self.client.get(self.date_url(MOVED) + "termin.ics").content, window
        )
        self.assertEqual(moved[0][0].start, "2027-04-16T17:00:00Z")

    def test_cancelled_date_file_cancels_it_in_both_engines(self):
        ics = self.client.get(self.date_url(CANCELLED) + "termin.ics").content
        self.assertIn(b"STATUS:CANCELLED", ics)
        for name, expand in ENGINES.items():
            instances, cancelled = expand(ics, Window(FIRST, dt.date(2027, 12, 31)))
            self.assertEqual((len(instances), len(cancelled)), (0, 1), name)

    def test_russian_date_file_has_the_same_uid(self):
        german = self.client.get(self.date_url(SCHEDULED) + "termin.ics").content
        russian_ics = self.client.get(self.date_url(SCHEDULED, self.event_ru) + "termin.ics")
        uid = re.compile(rb"UID:(.*?)\r\n(?! )", re.S)
        self.assertEqual(uid.search(german).group(1), uid.search(russian_ics.content).group(1))

    def test_google_and_outlook_links_add_only_this_date(self):
        response = self.get(MOVED)
        links = re.findall(
            r'href="(https://[^"]+)"', response.content.decode().replace("&amp;", "&")
        )
        google = next(link for link in links if link.startswith("https://calendar.google.com/"))
        query = parse_qs(urlsplit(google).query)
        self.assertEqual(query["action"], ["TEMPLATE"])
        self.assertEqual(query["dates"], ["20270416T170000Z/20270416T183000Z"])
        self.assertEqual(query["ctz"], ["Europe/Berlin"])
        self.assertIn("Nebenraum", query["location"][0])
        for host in ("https://outlook.live.com/", "https://outlook.office.com/"):
            outlook = next(link for link in links if link.startswith(host))
            self.assertIn("/calendar/0/deeplink/compose?", outlook)
            query = parse_qs(urlsplit(outlook).query)
            self.assertEqual(query["startdt"], ["2027-04-16T17:00:00Z"])
            self.assertEqual(query["subject"], ["Gesprächskreis"])
        # Beside the whole series.
        self.assertContains(response, f'href="{self.event.url}#abonnieren"')
        self.assertContains(response, f'href="http://testserver{self.date_url(MOVED)}termin.ics"')

    def test_event_page_links_its_dates(self):
        response = self.client.get(self.event.url + "termine/")
        self.assertContains(response, f'href="{self.date_url(NOTE)}"')
        self.assertContains(response, f'href="{self.date_url(MOVED)}"')


def next_weekday(weekday, after):
    return after + dt.timedelta(days=7 + (weekday - after.weekday()) % 7)


class ListingsLinkDatesTests(TestCase):
    """Each listing's date text links to that date's page, in both languages."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.first = next_weekday(1, timezone.localdate())
        cls.event = EventPageFactory(
            parent=cls.site.event_index,
            title="Gesprächsrunde",
            slug="gespraechsrunde",
            # Two to three weeks ago: in the archive.
            start_date=cls.first - dt.timedelta(weeks=3),
            start_time=dt.time(18),
            end_time=None,
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=8"),
            agency=cls.site.agency,
        )
        cls.event.save_revision().publish()
        translate_site(cls.site)
        translate_object(cls.event, cls.site.ru, russian)
        store_all()

    def link(self, event, date):
        return f'<a href="{event.url}{date.isoformat()}/">'

    def test_list_month_archive_event_page_and_teaser_link_to_date_pages(self):
        index = self.site.event_index
        past = self.event.start_date
        for url, date in [
            (index.url, self.first),
            (f"{index.url}monat/?monat={self.first:%Y-%m}", self.first),
            (index.url + "archiv/", past),
            (self.event.url, self.first),
            (self.site.agency.url, self.first),
        ]:
            self.assertContains(self.client.get(url), self.link(self.event, date), msg_prefix=url)
        event_ru = self.event.get_translation(self.site.ru)
        response = self.client.get(index.get_translation(self.site.ru).url)
        self.assertContains(response, self.link(event_ru, self.first))

    def test_the_link_text_says_the_date(self):
        response = self.client.get(self.event.url)
        html = response.content.decode()
        start = html.index(self.link(self.event, self.first))
        text = re.sub(r"<[^>]+>", "", html[start : html.index("</a>", start)])
        weekday = ["Montag", "Dienstag"][self.first.weekday()]
        self.assertIn(f"{weekday}, {self.first.day}.", text)
        self.assertIn(f"{self.first.year}, 18:00 Uhr", text)


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class DatePageCacheTests(TestCase):
    """Date pages are cached with their event and made stale with it."""

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            cls.event = cls.site.event
            cls.event.save_revision().publish()

    def setUp(self):
        caches["pages"].clear()

    def test_publishing_the_event_refreshes_its_date_pages(self):
        url = f"{self.event.url}{self.event.start_date.isoformat()}/"
        for expected in ("MISS", "HIT"):
            self.assertEqual(self.client.get(url).headers.get(HEADER), expected)
        for expected in ("MISS", "HIT"):
            self.assertEqual(self.client.get(url + "termin.ics").headers.get(HEADER), expected)
        page = self.event.get_latest_revision_as_object()
        page.title = "Deutsch-Café am Abend"
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        response = self.client.get(url)
        self.assertEqual(response.headers.get(HEADER), "MISS")
        self.assertContains(response, "Deutsch-Café am Abend")
        self.assertContains(self.client.get(url + "termin.ics"), "Deutsch-Café am Abend")

    def test_each_page_of_the_events_dates_is_cached_apart(self):
        """``termine/?seite=2`` is not the first page: the event page's
        routes declare the parameters they read (found with the date pages)."""
        page = self.event.get_latest_revision_as_object()
        page.recurrence = deserialize("RRULE:FREQ=DAILY;COUNT=80")
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        url = f"{self.event.url}termine/"
        first, second = self.client.get(url), self.client.get(url + "?seite=2")
        self.assertEqual(second.status_code, 200)
        later = self.event.start_date + dt.timedelta(days=page.DATES_PER_PAGE)
        self.assertContains(second, f'href="{self.event.url}{later.isoformat()}/"')
        self.assertNotContains(first, f'href="{self.event.url}{later.isoformat()}/"')
        self.assertEqual(self.client.get(url + "?seite=2").headers.get(HEADER), "HIT")

    def test_a_404_is_never_cached(self):
        url = f"{self.event.url}{(self.event.start_date + dt.timedelta(days=1)).isoformat()}/"
        for _ in range(2):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404)
            self.assertNotEqual(response.headers.get(HEADER), "HIT")
