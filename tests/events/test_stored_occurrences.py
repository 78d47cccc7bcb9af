"""Stored occurrences (events.store): the calendar list pages through dates
in SQL, and what it shows is exactly what the engine computes."""

import datetime as dt
import io

from recurrence import deserialize

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from events.factories import EventPageFactory
from events.models import EventDateChange, EventPage, StoredOccurrence, StoredOccurrenceHorizon
from events.occurrences import (
    _events_touching,
    _expand,
    occurrences_between,
    occurrences_from,
    occurrences_until,
)
from events.store import STORE_DAYS, store_all, stored_until
from site_core.factories import LocationFactory
from site_core.translation import translate_object
from tests.utils import build_site

RULE = "RRULE:FREQ=WEEKLY;BYDAY={day}"
MONTHS = [None, "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember"]  # fmt: skip
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def engine(first, last, *, locale, **filters):
    """What the engine alone computes for the window."""
    return _expand(_events_touching(first, last, locale=locale, **filters), first, last)


def weekly(index, start, **kwargs):
    return EventPageFactory(
        parent=index,
        start_date=start,
        recurrence=deserialize(RULE.format(day=WEEKDAYS[start.weekday()])),
        **kwargs,
    )


class SameAsTheEngineTests(TestCase):
    """Every kind of date the engine knows, read back from the rows."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        index, today = cls.site.event_index, timezone.localdate()
        cls.hall = LocationFactory(name="Saal")
        # Tuesdays at 19:00 across the next DST change, skipping Shabbat and
        # holidays (a Jewish evening holiday can fall on a Tuesday).
        series = weekly(
            index,
            today - dt.timedelta(days=today.weekday() - 1 + 7),
            title="Gesprächskreis",
            start_time=dt.time(19),
            end_time=dt.time(21),
            agency=cls.site.agency,
            skip_public_holidays=True,
            skip_jewish_holidays=True,
        )
        tuesdays = [series.start_date + dt.timedelta(weeks=n) for n in (2, 3, 4)]
        EventDateChange.objects.create(
            page=series, date=tuesdays[0], action="cancel", reason="Krankheit"
        )
        EventDateChange.objects.create(
            page=series,
            date=tuesdays[1],
            action="move",
            new_date=tuesdays[1] + dt.timedelta(days=2),
            new_start_time=dt.time(17),
            new_location=cls.hall,
            reason="Raumwechsel",
        )
        EventDateChange.objects.create(
            page=series, date=tuesdays[2], action="note", reason="Bitte Ausweis mitbringen"
        )
        # A weekend seminar that began yesterday, an all-day festival of three
        # days, an evening on Christmas Day that skips public holidays.
        EventPageFactory(
            parent=index,
            title="Wochenendseminar",
            start_date=today - dt.timedelta(days=1),
            end_date=today + dt.timedelta(days=1),
            start_time=dt.time(10),
            end_time=dt.time(16),
        )
        EventPageFactory(
            parent=index,
            title="Sommerfest",
            start_date=today + dt.timedelta(days=20),
            end_date=today + dt.timedelta(days=22),
            start_time=None,
            end_time=None,
            event_language="ru",
        )
        christmas = dt.date(today.year, 12, 25)
        if christmas < today:
            christmas = christmas.replace(year=today.year + 1)
        EventPageFactory(
            parent=index,
            title="Weihnachtsabend",
            start_date=christmas,
            skip_public_holidays=True,
            focus_areas=[cls.site.focus_area],
        )
        store_all()

    def windows(self):
        today = timezone.localdate()
        return [
            (today, today),
            (today - dt.timedelta(days=40), today + dt.timedelta(days=40)),
            (today, today + dt.timedelta(days=366)),
        ]

    def test_every_window_and_filter_gives_the_engines_dates(self):
        filters = [
            {},
            {"agency": self.site.agency},
            {"focus_area": self.site.focus_area},
            {"event_language": "ru"},
        ]
        for first, last in self.windows():
            for kwargs in filters:
                with self.subTest(first=first, last=last, filters=kwargs):
                    expected = engine(first, last, locale=self.site.de, **kwargs)
                    stored = occurrences_between(first, last, locale=self.site.de, **kwargs)
                    self.assertEqual(stored, expected)
        # The windows above did contain every kind.
        every = engine(*self.windows()[2], locale=self.site.de)
        self.assertEqual(
            {o.status for o in every}, {"scheduled", "cancelled", "moved", "skipped-holiday"}
        )
        self.assertTrue(any(o.note for o in every))
        self.assertTrue(any(o.all_day and o.is_multi_day for o in every))

    def test_holiday_names_are_shown_in_the_visitors_language(self):
        first, last = self.windows()[2]
        for language, christmas in [("de", "1. Weihnachtstag"), ("ru", "Рождество (первый день)")]:
            with self.subTest(language=language), translation.override(language):
                stored = occurrences_between(first, last, locale=self.site.de)
                self.assertEqual(stored, engine(first, last, locale=self.site.de))
                skipped = [o for o in stored if o.event.title == "Weihnachtsabend"]
                self.assertEqual(len(skipped), 1)
                self.assertIn(christmas, skipped[0].reason)

    def test_pages_of_the_list_are_slices_of_the_engines_list(self):
        today = timezone.localdate()
        expected = engine(today, today + dt.timedelta(days=366), locale=self.site.de)
        for offset in (0, 5, 25, len(expected) - 3):
            with self.subTest(offset=offset):
                stored = occurrences_from(today, locale=self.site.de, offset=offset, limit=10)
                self.assertEqual(stored, expected[offset : offset + 10])

    def test_pages_of_the_archive_are_the_engines_past_dates_newest_first(self):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        first = yesterday - dt.timedelta(days=366)
        expected = engine(first, yesterday, locale=self.site.de)
        expected = [o for o in expected if o.start_date >= first][::-1]
        # Yesterday's seminar is the archive's newest date (on a Wednesday
        # the Tuesday evening series shares that day and comes first).
        newest_day = [o.event.title for o in expected if o.start_date == yesterday]
        self.assertIn("Wochenendseminar", newest_day)
        self.assertGreaterEqual(len(expected), 2)
        for offset in (0, 1):
            with self.subTest(offset=offset):
                stored = occurrences_until(yesterday, locale=self.site.de, offset=offset, limit=1)
                self.assertEqual(stored, expected[offset : offset + 1])


class WhenRowsAreWrittenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        store_all()

    def list_page(self, **params):
        return self.client.get(self.site.event_index.url, params)

    def publish(self, page, change):
        page = page.get_latest_revision_as_object()
        change(page)
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

    def test_publishing_writes_the_rows_a_plain_save_does_not(self):
        event = EventPage.objects.get(pk=self.site.event.pk)
        self.assertContains(self.list_page(), "Deutsch-Café")
        # A save without publishing (a shell edit) leaves the list as it was:
        # proof that the list reads the rows, not the engine.
        event.start_date = event.start_date + dt.timedelta(days=400)
        event.save()
        self.assertContains(self.list_page(), "Deutsch-Café")

        def cancel(page):
            page.start_date = timezone.localdate() + dt.timedelta(days=3)
            page.date_changes = [
                EventDateChange(date=page.start_date, action="cancel", reason="Krankheit")
            ]

        self.publish(event, cancel)
        response = self.list_page()
        self.assertContains(response, "abgesagt")
        self.assertContains(response, "Krankheit")

    def test_translations_and_aliases_get_their_own_rows_on_publish(self):
        event = EventPage.objects.get(pk=self.site.event.pk)
        # What wagtail-localize does for an untranslated page: a live alias.
        with self.captureOnCommitCallbacks(execute=True):
            alias = event.copy_for_translation(self.site.ru, copy_parents=True, alias=True)
        ru_index = alias.get_parent()
        self.assertContains(self.client.get(ru_index.url), "Deutsch-Café")

        def rename(page):
            page.title = "Deutsch-Café am Abend"

        # Publishing the German page updates its alias (a page_published of its own).
        self.publish(event, rename)
        self.assertContains(self.client.get(ru_index.url), "Deutsch-Café am Abend")
        # Translated and published: the Russian title from then on.
        with self.captureOnCommitCallbacks(execute=True):
            translate_object(
                EventPage.objects.get(pk=event.pk), self.site.ru, lambda text: f"{text} (RU)"
            )
        self.assertContains(self.client.get(ru_index.url), "Deutsch-Café am Abend (RU)")

    def test_unpublishing_removes_the_rows_and_the_date(self):
        rows = StoredOccurrence.objects.filter(event_id=self.site.event.pk)
        self.assertEqual(rows.count(), 1)
        with self.captureOnCommitCallbacks(execute=True):
            EventPage.objects.get(pk=self.site.event.pk).unpublish()
        self.assertEqual(rows.count(), 0)
        self.assertNotContains(self.list_page(), "Deutsch-Café")

    def test_deleting_an_event_deletes_its_rows(self):
        EventPage.objects.get(pk=self.site.event.pk).delete()
        self.assertFalse(StoredOccurrence.objects.exists())

    def test_windows_beyond_the_horizon_are_computed_by_the_engine(self):
        event = weekly(
            self.site.event_index, timezone.localdate(), title="Offene Gruppe"
        )  # not published: no rows of its own
        self.assertFalse(StoredOccurrence.objects.filter(event_id=event.pk).exists())
        beyond = stored_until() + dt.timedelta(days=30)
        month = self.client.get(self.site.event_index.url + f"monat/?monat={beyond:%Y-%m}")
        self.assertContains(month, "Offene Gruppe")

    def test_the_nightly_command_moves_the_horizon_and_reports(self):
        StoredOccurrenceHorizon.objects.all().delete()
        out = io.StringIO()
        call_command("store_occurrences", stdout=out)
        self.assertIn("1 Termine von 1 Veranstaltungen gespeichert", out.getvalue())
        self.assertEqual(stored_until(), timezone.localdate() + dt.timedelta(days=STORE_DAYS))


class PagedDates:
    """The list and the archive page alike, whether the engine or the stored
    rows answer: ``check_pages`` runs on both."""

    route = ""
    gone_notice = "Auf dieser Seite stehen keine Termine mehr"
    back_link = "Zu den nächsten Terminen"

    def assertNoPagesBeyond(self, url, last):
        for query in (f"seite={last + 1}", "seite=0", "seite=-1", "seite=zwei", "seite=99999999"):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(f"{url}?{query}").status_code, 404)

    def test_pages_without_stored_rows(self):
        self.check_pages()

    def test_pages_from_stored_rows(self):
        store_all()
        self.check_pages()

    def test_filters_are_kept_in_the_page_links(self):
        response = self.client.get(self.site.event_index.url + self.route, {"sprache": "de"})
        self.assertContains(response, "seite=2&amp;sprache=de")

    def test_a_page_the_dates_have_left_says_so_and_leads_back(self):
        # A bookmark of page 9: the dates have moved on since.
        url = self.site.event_index.url + self.route
        response = self.client.get(url, {"seite": 9, "sprache": "de"})
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, self.gone_notice, status_code=404)
        self.assertContains(
            response, f'<a href="{url}?sprache=de">{self.back_link}</a>', status_code=404
        )
        # Still the calendar, with its filters and views.
        self.assertContains(response, 'name="sprache"', status_code=404)
        self.assertEqual(self.client.get(f"{url}?sprache=de").status_code, 200)


class ListPagesTests(PagedDates, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        today = timezone.localdate()
        # 24 more dates, one a day at noon, after the Deutsch-Café a week ahead.
        for n in range(24):
            EventPageFactory(
                parent=cls.site.event_index,
                title=f"Termin Nr. {n + 1}",
                start_date=today + dt.timedelta(days=10 + n),
                start_time=dt.time(12),
                end_time=None,
            )

    def check_pages(self):
        url = self.site.event_index.url
        first = self.client.get(url)
        self.assertContains(first, "Deutsch-Café")
        self.assertContains(first, "Termin Nr. 19<")
        self.assertNotContains(first, "Termin Nr. 20<")
        self.assertNotContains(first, "Frühere Termine")
        today = timezone.localdate()
        later = f"?ab={today:%Y-%m-%d}&amp;seite=2"
        self.assertContains(first, f'href="{later}"')
        second = self.client.get(url, {"ab": today.isoformat(), "seite": 2})
        self.assertContains(second, "Termin Nr. 20<")
        self.assertContains(second, "Termin Nr. 24<")
        self.assertNotContains(second, "Termin Nr. 19<")
        self.assertContains(second, f'href="?ab={today:%Y-%m-%d}">Frühere Termine')
        self.assertNotContains(second, "Spätere Termine")
        self.assertNoPagesBeyond(url, 2)

    def test_an_empty_year_says_so(self):
        response = self.client.get(self.site.event_index.url, {"ab": "2099-01-01"})
        self.assertContains(response, "In diesem Zeitraum sind keine Termine eingetragen.")
        self.assertNotContains(response, "Spätere Termine")


class ArchivePagesTests(PagedDates, TestCase):
    route = "archiv/"
    gone_notice = "Auf dieser Seite des Archivs stehen keine Termine mehr."
    back_link = "Zu den zuletzt vergangenen Terminen"

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        today = timezone.localdate()
        # 25 past dates, one a day at noon, the newest a week ago; one more
        # date 400 days ago, beyond a year of archive pages.
        for n in range(25):
            EventPageFactory(
                parent=cls.site.event_index,
                title=f"Termin Nr. {n + 1}",
                start_date=today - dt.timedelta(days=7 + n),
                start_time=dt.time(12),
                end_time=None,
            )
        EventPageFactory(
            parent=cls.site.event_index,
            title="Vorvoriges Jahr",
            start_date=today - dt.timedelta(days=400),
        )

    def check_pages(self):
        url = self.site.event_index.url + "archiv/"
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        first = self.client.get(url)
        # Newest first: the 20 dates of the last weeks, not the upcoming one.
        self.assertNotContains(first, "Deutsch-Café")
        self.assertContains(first, "Termin Nr. 20<")
        self.assertNotContains(first, "Termin Nr. 21<")
        self.assertLess(
            first.content.index(b"Termin Nr. 1<"), first.content.index(b"Termin Nr. 2<")
        )
        self.assertNotContains(first, "Spätere Termine")
        self.assertContains(first, f'href="?bis={yesterday:%Y-%m-%d}&amp;seite=2"')
        second = self.client.get(url, {"bis": yesterday.isoformat(), "seite": 2})
        self.assertContains(second, "Termin Nr. 21<")
        self.assertContains(second, "Termin Nr. 25<")
        self.assertNotContains(second, "Termin Nr. 20<")
        self.assertContains(second, f'href="?bis={yesterday:%Y-%m-%d}">Spätere Termine')
        # The year is done: on from the day before it.
        self.assertNotContains(second, "Vorvoriges Jahr")
        before = yesterday - dt.timedelta(days=367)
        # The second page reaches back a year, from its newest date (Nr. 21)
        # on, and says which years.
        a_year_ago, newest = yesterday - dt.timedelta(days=366), yesterday - dt.timedelta(days=26)
        self.assertContains(
            second,
            f"Vergangene Termine vom {a_year_ago.day}. {MONTHS[a_year_ago.month]} "
            f"{a_year_ago.year} bis {newest.day}. {MONTHS[newest.month]} {newest.year}",
        )
        self.assertContains(second, f'href="?bis={before:%Y-%m-%d}">Frühere Termine')
        older = self.client.get(url, {"bis": before.isoformat()})
        self.assertContains(older, "Vorvoriges Jahr")
        self.assertContains(older, "Spätere Termine")
        self.assertNoPagesBeyond(url, 2)


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def add_events(self, n):
        today = timezone.localdate()
        for i in range(n):
            weekly(self.site.event_index, today + dt.timedelta(days=i % 7), agency=self.site.agency)
        store_all()

    def count_queries(self, route="", *, url=None):
        url = url or self.site.event_index.url + route
        self.client.get(url)  # creates the site settings once
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_the_list_reads_a_fixed_number_of_queries(self):
        self.add_events(5)
        few = self.count_queries()
        self.add_events(60)
        self.assertEqual(self.count_queries(), few)

    def test_feeds_and_teasers_read_a_fixed_number_of_queries(self):
        # What they show of each event is read with the events' rows
        # (events.models.querysets.LISTED_FIELDS), not event by event.
        urls = {
            "RSS": self.site.event_index.url + "rss/",
            "home": self.site.home.url,
            "agency": self.site.agency.url,
        }
        self.add_events(5)
        few = {name: self.count_queries(url=url) for name, url in urls.items()}
        self.add_events(60)
        for name, url in urls.items():
            with self.subTest(name):
                self.assertEqual(self.count_queries(url=url), few[name])

    def test_the_archive_reads_a_fixed_number_of_queries(self):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        weeks_ago = yesterday - dt.timedelta(weeks=20)

        def add_past_events(n):
            for i in range(n):
                weekly(self.site.event_index, weeks_ago + dt.timedelta(days=i % 7))
            store_all()

        add_past_events(5)
        few = self.count_queries("archiv/")
        add_past_events(60)
        self.assertEqual(self.count_queries("archiv/"), few)
