"""What an uncached event page, date page and home page cost does not grow
with the calendar (issue 19): the same number of queries with a few events
as with many more, in German and Russian, and what the visitor reads is
the same: the agency in the page's language, the date's status, the form
to sign up for alerts with its link to the privacy page."""

import datetime as dt

from recurrence import deserialize

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.calendar_views import add_events
from events.factories import EventPageFactory
from events.models import EventDateChange
from events.store import store_all
from site_core.factories import StandardPageFactory
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site


class QueriesDoNotGrowWithTheCalendar(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.privacy = StandardPageFactory(
            parent=cls.site.home, title="Datenschutz", slug="datenschutz"
        )
        translate_object(cls.privacy, cls.site.ru, russian)
        # Next Monday on, weekly; its second date cancelled.
        today = timezone.localdate()
        cls.first = today + dt.timedelta(days=7 - today.weekday())
        cls.event = EventPageFactory(
            parent=cls.site.event_index,
            title="Gesprächskreis",
            slug="gespraechskreis",
            agency=cls.site.agency,
            focus_areas=[cls.site.focus_area],
            start_date=cls.first,
            start_time=dt.time(18),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=20"),
        )
        cls.cancelled = cls.first + dt.timedelta(days=7)
        EventDateChange.objects.create(
            page=cls.event, date=cls.cancelled, action=EventDateChange.Action.CANCEL
        )
        translate_object(cls.event, cls.site.ru, russian)
        cls.event_ru = cls.event.get_translation(cls.site.ru)

    def addresses(self):
        date = f"{self.cancelled:%Y-%m-%d}/"
        return {
            "plain page": self.site.standard.url,
            "event page": self.event.url,
            "date page": self.event.url + date,
            "home": self.site.home.url,
            "ru event page": self.event_ru.url,
            "ru date page": self.event_ru.url + date,
            "ru home": self.site.home.get_translation(self.site.ru).url,
        }

    def count_queries(self):
        counts = {}
        for name, url in self.addresses().items():
            self.client.get(url)  # Wagtail's per-process caches (site root paths)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            counts[name] = len(queries)
        return counts

    def test_the_same_number_of_queries_with_ten_or_sixty_events(self):
        add_events(self.site, 10)
        store_all()
        few = self.count_queries()
        add_events(self.site, 60)
        store_all()
        many = self.count_queries()
        self.assertEqual(few, many)
        # The event's own pages: Wagtail's routing and view-restriction
        # check as the plain page, plus the event with its place, agency,
        # single-date changes and former schedules (3), the focus areas
        # (event page), the privacy page of the sign-up form.
        plain = few["plain page"]
        self.assertLessEqual(few["date page"], plain + 5, few)
        self.assertLessEqual(few["event page"], plain + 6, few)
        self.assertLessEqual(few["home"], plain + 9, few)

    def test_the_russian_event_page_links_the_russian_agency(self):
        agency_ru = self.site.agency.get_translation(self.site.ru)
        html = self.client.get(self.event_ru.url).content.decode()
        self.assertIn(f'<a href="{agency_ru.url}">{agency_ru.title}</a>', html)
        self.assertNotIn(f'href="{self.site.agency.url}"', html)

    def test_the_date_page_says_cancelled_and_links_the_privacy_page(self):
        html = self.client.get(self.event.url + f"{self.cancelled:%Y-%m-%d}/").content.decode()
        self.assertIn("Dieser Termin ist abgesagt.", html)
        self.assertIn('"eventStatus": "https://schema.org/EventCancelled"', html)
        self.assertIn(f'<a href="{self.privacy.url}">', html)
        html_ru = self.client.get(
            self.event_ru.url + f"{self.cancelled:%Y-%m-%d}/"
        ).content.decode()
        privacy_ru = self.privacy.get_translation(self.site.ru)
        self.assertIn(f'<a href="{privacy_ru.url}">', html_ru)
        self.assertIn(self.site.agency.get_translation(self.site.ru).title, html_ru)

    def test_an_address_that_is_no_event_is_the_sites_404(self):
        response = self.client.get(self.site.event_index.url + "gibt-es-nicht/")
        self.assertEqual(response.status_code, 404)
        # The calendar's own routes still answer.
        self.assertEqual(self.client.get(self.site.event_index.url + "monat/").status_code, 200)
