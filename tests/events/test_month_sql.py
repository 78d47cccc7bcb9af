"""The month view reads its days from the stored rows, cut per day in SQL
(issue 19): a full day shows its first dates and how many more, a multi-day
date shows on every day it covers, in the month it runs into too, and the
month, the list and a day's list cost the same number of queries at any
number of events."""

import datetime as dt
import re

from recurrence import deserialize

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.factories import EventPageFactory
from events.models import StoredOccurrenceHorizon
from events.occurrences import occurrences_by_day
from events.store import store_all
from events.views.calendar import MONTH_DAY_DATES
from site_core.templatetags.site_dates import local_date
from tests.utils import build_site

FULL_DAY = dt.date(2027, 3, 10)
FULL = 30  # dates on the full day
# 1 March 2027 is a Monday: the March grid begins with it, so a date that
# began in February shows in March only on the days it runs into.
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SEMINAR_FIRST, SEMINAR_LAST = dt.date(2027, 2, 27), dt.date(2027, 3, 2)


def cell(html, day):
    """The table cell of ``day``, from its date to the end of the cell."""
    with translation.override("de"):
        label = f'<span class="month__day">{local_date(day, "weekday")}'
    start = html.index(label)
    return html[start : html.index("</td>", start)]


def month_lines(days):
    return {
        day: (
            [
                (o.event.pk, o.event.title, o.event.url_path, o.original_date, o.start, o.end)
                + (o.all_day, o.status, o.reason, o.note)
                for o in shown
            ],
            total,
        )
        for day, (shown, total) in days.items()
    }


class FullDayAndMultiDayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        index = cls.site.event_index
        for i in range(FULL):
            EventPageFactory(
                parent=index,
                title=f"Kurs {i:02d}",
                slug=f"kurs-{i}",
                start_date=FULL_DAY,
                start_time=dt.time(7 + i // 2, 30 * (i % 2)),
                end_time=None,
                recurrence="",
            )
        EventPageFactory(
            parent=index,
            title="Wochenendseminar",
            start_date=SEMINAR_FIRST,
            end_date=SEMINAR_LAST,
            start_time=dt.time(10),
            end_time=dt.time(16),
            recurrence="",
        )
        store_all()

    def month(self, month):
        response = self.client.get(f"{self.site.event_index.url}monat/?monat={month}")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_full_day_shows_its_first_dates_and_how_many_more(self):
        day = cell(self.month("2027-03"), FULL_DAY)
        # MONTH_DAY_DATES lines: the first dates in the order of the day and the link.
        shown = re.findall(r">Kurs (\d\d)</a>", day)
        self.assertEqual(shown, [f"{i:02d}" for i in range(MONTH_DAY_DATES - 1)])
        more = FULL - (MONTH_DAY_DATES - 1)
        self.assertIn(
            f'<a href="{self.site.event_index.url}?ab=2027-03-10">und {more} weitere Termine</a>',
            day,
        )

    def test_the_days_list_shows_every_date_of_the_day_page_by_page(self):
        listed = []
        url = f"{self.site.event_index.url}?ab=2027-03-10"
        while url:
            html = self.client.get(url).content.decode()
            listed += re.findall(r">Kurs (\d\d)</a>", html)
            later = re.search(r'<a href="([^"]*)">Spätere Termine</a>', html)
            url = later and self.site.event_index.url + later[1].replace("&amp;", "&")
        self.assertEqual(listed, [f"{i:02d}" for i in range(FULL)])

    def test_a_multi_day_date_shows_on_every_day_it_covers_in_both_months(self):
        # February 2027's grid is 1 to 28 February; March's begins on 1 March.
        february, march = self.month("2027-02"), self.month("2027-03")
        seminar = ">Wochenendseminar</a>"
        for html, day in [
            (february, dt.date(2027, 2, 27)),
            (february, dt.date(2027, 2, 28)),
            (march, dt.date(2027, 3, 1)),
            (march, dt.date(2027, 3, 2)),
        ]:
            with self.subTest(day=day):
                self.assertIn(seminar, cell(html, day))
        self.assertNotIn(seminar, cell(february, dt.date(2027, 2, 26)))
        self.assertNotIn(seminar, cell(march, dt.date(2027, 3, 3)))
        # Each day's line leads to the page of the date, by its first day.
        self.assertIn("/2027-02-27/", cell(march, SEMINAR_LAST))

    def test_without_stored_rows_the_engine_gives_the_same_days(self):
        first, last = dt.date(2027, 2, 22), dt.date(2027, 4, 4)
        stored = occurrences_by_day(first, last, locale=self.site.de, per_day=MONTH_DAY_DATES)
        StoredOccurrenceHorizon.objects.all().delete()
        engine = occurrences_by_day(first, last, locale=self.site.de, per_day=MONTH_DAY_DATES)
        # What a month line shows: the stored rows carry the event's title
        # and address (a ListedEvent), the engine gives the event page.
        self.assertEqual(month_lines(stored), month_lines(engine))
        # The full day: the dates its cell shows, one fewer than
        # MONTH_DAY_DATES (the last line is "und N weitere Termine").
        self.assertEqual(len(stored[FULL_DAY][0]), MONTH_DAY_DATES - 1)
        self.assertEqual(stored[FULL_DAY][1], FULL)
        self.assertEqual(stored[SEMINAR_LAST][1], 1)


class QueriesAtAnySizeTests(TestCase):
    """The month, the list and a day's list: the same number of queries at
    20 and at 200 events (half weekly series, half single dates)."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def add_events(self, total):
        index, start = self.site.event_index, dt.date(2027, 3, 1)
        for i in range(index.get_children().count(), total):
            day = start + dt.timedelta(days=i % 28)
            EventPageFactory(
                parent=index,
                title=f"Termin {i}",
                slug=f"termin-{i}",
                start_date=day,
                start_time=dt.time(8 + i % 12),
                recurrence=deserialize(f"RRULE:FREQ=WEEKLY;BYDAY={WEEKDAYS[day.weekday()]}")
                if i % 2
                else "",
            )
        store_all()

    def queries(self, url):
        # Once before counting: the first request fills the caches of the
        # site's root paths and of the menu and footer fragments.
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries), len(response.content)

    def test_the_number_of_queries_does_not_grow_with_the_events(self):
        index = self.site.event_index.url
        urls = {
            "month": f"{index}monat/?monat=2027-03",
            "list": f"{index}?ab=2027-03-01",
            "day list": f"{index}?ab=2027-03-10",
            "list, page 2": f"{index}?ab=2027-03-01&seite=2",
        }
        self.add_events(20)
        small = {name: self.queries(url) for name, url in urls.items()}
        self.add_events(200)
        large = {name: self.queries(url) for name, url in urls.items()}
        for name in urls:
            with self.subTest(name):
                self.assertEqual(large[name][0], small[name][0])
                # A page holds at most a few dozen dates, whatever their number.
                self.assertLess(large[name][1], 3 * small[name][1])
