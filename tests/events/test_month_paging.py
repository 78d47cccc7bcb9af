"""The month view stays small at any number of events (issue 19): a day
with very many dates shows the first of them and "und N weitere Termine",
a link to that day in the calendar list, filters kept; in Russian too."""

import datetime as dt
import re

from django.test import TestCase
from django.utils import translation

from events.factories import EventPageFactory
from events.store import store_all
from events.views.calendar import MONTH_DAY_DATES
from site_core.templatetags.site_dates import local_date
from tests.utils import build_site, translate_site

BUSY = 12  # dates on the busy day, more than MONTH_DAY_DATES


class MonthPagingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.busy_day = dt.date(2027, 3, 10)
        cls.quiet_day = dt.date(2027, 3, 11)
        cls.ru_index = cls.site.event_index.get_translation(cls.site.ru)
        for index, prefix in ((cls.site.event_index, "Kurs"), (cls.ru_index, "Курс")):
            for i in range(BUSY):
                EventPageFactory(
                    parent=index,
                    title=f"{prefix} {i:02d}",
                    slug=f"kurs-{i}",
                    start_date=cls.busy_day,
                    start_time=dt.time(8 + i),
                    end_time=dt.time(8 + i, 45),
                    agency=cls.site.agency if i % 2 == 0 else None,
                    recurrence="",
                )
        EventPageFactory(
            parent=cls.site.event_index,
            title="Einzeltermin",
            start_date=cls.quiet_day,
            start_time=dt.time(10),
            recurrence="",
        )
        store_all()

    def month(self, index, query=""):
        response = self.client.get(f"{index.url}monat/?monat=2027-03{query}")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def cell(self, html, day, language="de"):
        """The table cell of ``day``, from its date to the end of the cell."""
        with translation.override(language):
            label = f'<span class="month__day">{local_date(day, "weekday")}'
        start = html.index(label)
        return html[start : html.index("</td>", start)]

    def test_a_busy_day_shows_its_first_dates_and_links_to_the_rest(self):
        html = self.month(self.site.event_index)
        cell = self.cell(html, self.busy_day)
        shown = re.findall(r">Kurs (\d\d)</a>", cell)
        self.assertEqual(shown, [f"{i:02d}" for i in range(MONTH_DAY_DATES - 1)])
        more = BUSY - (MONTH_DAY_DATES - 1)
        link = f'<a href="{self.site.event_index.url}?ab=2027-03-10">und {more} weitere Termine</a>'
        self.assertIn(link, cell)
        # The link leads to that day in the list, with every date of it.
        listing = self.client.get(f"{self.site.event_index.url}?ab=2027-03-10")
        for i in range(BUSY):
            self.assertContains(listing, f"Kurs {i:02d}")

    def test_a_quiet_day_shows_all_its_dates(self):
        cell = self.cell(self.month(self.site.event_index), self.quiet_day)
        self.assertIn("Einzeltermin", cell)
        self.assertNotIn("weitere", cell)

    def test_the_link_keeps_the_filters(self):
        html = self.month(self.site.event_index, f"&agentur={self.site.agency.slug}")
        cell = self.cell(html, self.busy_day)
        # Six dates of the agency (the even ones): the first three, and a
        # link to the day's list of the agency's dates.
        self.assertEqual(re.findall(r">Kurs (\d\d)</a>", cell), ["00", "02", "04"])
        self.assertNotIn("Einzeltermin", html)
        query = f"?ab=2027-03-10&amp;agentur={self.site.agency.slug}"
        self.assertIn(
            f'<a href="{self.site.event_index.url}{query}">und 3 weitere Termine</a>', cell
        )
        listing = self.client.get(self.site.event_index.url + query.replace("&amp;", "&"))
        listed = re.findall(r">Kurs (\d\d)</a>", listing.content.decode())
        self.assertEqual(listed, ["00", "02", "04", "06", "08", "10"])

    def test_in_russian(self):
        cell = self.cell(self.month(self.ru_index), self.busy_day, "ru")
        more = BUSY - (MONTH_DAY_DATES - 1)
        self.assertIn(f'<a href="{self.ru_index.url}?ab=2027-03-10">и ещё {more} дат</a>', cell)
        # The Russian events' own titles, linked to their Russian pages.
        shown = [
            self.ru_index.get_children().get(title=f"Курс {i:02d}")
            for i in range(MONTH_DAY_DATES - 1)
        ]
        lines = re.findall(r'<a href="([^"]*)">(Курс \d\d)</a>', cell)
        self.assertEqual(lines, [(event.url, event.title) for event in shown])
        self.assertTrue(all(url.startswith("/ru/") for url, _title in lines))

    def test_the_month_stays_small_however_busy_a_day_is(self):
        small = len(self.month(self.site.event_index))
        for i in range(BUSY, 4 * BUSY):
            EventPageFactory(
                parent=self.site.event_index,
                title=f"Kurs {i:02d}",
                slug=f"kurs-{i}",
                start_date=self.busy_day,
                recurrence="",
            )
        store_all()
        html = self.month(self.site.event_index)
        self.assertIn(f"und {4 * BUSY - MONTH_DAY_DATES + 1} weitere Termine", html)
        self.assertLess(len(html), small + 200)
