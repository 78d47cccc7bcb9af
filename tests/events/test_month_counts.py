"""The month's count of each day (issue 19) is read from the stored rows
alone, along an index, when no filter is set: the rows carry their event's
language and expiry date. It must count exactly what the list of the live,
public events of the language counted (the filtered month still does):
view restrictions, expiry, unpublishing and deletion, translations,
cancelled and moved dates. Changes are made in the admin by Moderation."""

import datetime as dt
import importlib
from types import SimpleNamespace
from unittest import mock

from django.apps import apps
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from events.factories import EventPageFactory
from events.models import EventDateChange, EventPage, StoredOccurrence, StoredOccurrenceHorizon
from events.occurrences import occurrences_by_day
from events.store import store_all
from events.views.calendar import MONTH_DAY_DATES
from site_core.roles import MODERATORS, setup_roles
from site_core.translation import translate_object
from tests.admin_forms import publish_in_admin
from tests.events.test_month_sql import cell, month_lines
from tests.utils import build_site, russian, translate_site, user_in

BUSY_DAY = dt.date(2027, 3, 10)  # a Wednesday
SINGLES = 8  # single dates on the busy day
# The March 2027 grid: 1 March (a Monday) to 4 April.
FIRST, LAST = dt.date(2027, 3, 1), dt.date(2027, 4, 4)


def counts(locale, at=None, **filters):
    """``{day: count}`` of the month, as the view reads it (from the rows
    alone without filters) and as the list of the live events counts it;
    the test asserts that both agree."""
    now = at or timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now):
        read = EventPage.objects.stored_days(
            FIRST, LAST, locale=locale, filters=filters, per_day=MONTH_DAY_DATES
        )
        listed = StoredOccurrence.objects.day_by_day(
            FIRST,
            LAST,
            live=EventPage.objects.live_check(locale, **filters),
            per_day=MONTH_DAY_DATES,
        )
    return {day: total for day, (_shown, total) in read.items()}, {
        day: total for day, (_shown, total) in listed.items()
    }


class MonthCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)
        setup_roles()
        cls.moderator = user_in(MODERATORS, "moderation")
        index = cls.site.event_index
        cls.singles = [
            EventPageFactory(
                parent=index,
                title=f"Kurs {i}",
                slug=f"kurs-{i}",
                start_date=BUSY_DAY,
                start_time=dt.time(8 + i),
                end_time=None,
                recurrence="",
            )
            for i in range(SINGLES)
        ]
        # Weekly on Wednesdays: the busy day's date cancelled (still shown,
        # and counted), the next one moved to the Thursday.
        cls.series = EventPageFactory(
            parent=index,
            title="Sprachtreff",
            slug="sprachtreff",
            start_date=dt.date(2027, 3, 3),
            start_time=dt.time(18),
            recurrence="RRULE:FREQ=WEEKLY;UNTIL=20270331T000000Z",
        )
        EventDateChange.objects.create(
            page=cls.series, date=BUSY_DAY, action="cancel", reason="Krankheit"
        )
        EventDateChange.objects.create(
            page=cls.series, date=dt.date(2027, 3, 17), action="move", new_date=dt.date(2027, 3, 18)
        )
        # Russian: two of the courses translated.
        for event in cls.singles[:2]:
            translate_object(event, cls.site.ru, russian)
        store_all()

    def assertCounts(self, locale, expected, at=None, **filters):
        """Both ways agree, and the days named in ``expected`` have those counts."""
        read, listed = counts(locale, at, **filters)
        self.assertEqual(read, listed)
        self.assertEqual({day: read.get(day, 0) for day in expected}, expected)

    def test_every_date_of_the_language_is_counted_cancelled_and_moved_ones_included(self):
        self.assertCounts(
            self.site.de,
            {
                BUSY_DAY: SINGLES + 1,
                dt.date(2027, 3, 3): 1,
                dt.date(2027, 3, 17): 0,
                dt.date(2027, 3, 18): 1,
                dt.date(2027, 3, 24): 1,
            },
        )
        # The Russian calendar: its own pages (the translations), no German page.
        self.assertCounts(self.site.ru, {BUSY_DAY: 2, dt.date(2027, 3, 3): 0})

    def test_the_month_shows_the_count(self):
        html = self.client.get(f"{self.site.event_index.url}monat/?monat=2027-03").content.decode()
        more = SINGLES + 1 - (MONTH_DAY_DATES - 1)
        self.assertIn(f"und {more} weitere Termine</a>", cell(html, BUSY_DAY))

    def test_a_restriction_set_in_the_admin_leaves_its_events_out(self):
        self.client.force_login(self.moderator)
        for restricted in (self.singles[0], self.series):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    f"/admin/pages/{restricted.pk}/privacy/",
                    {"restriction_type": "password", "password": "geheim"},
                    headers={"x-requested-with": "XMLHttpRequest"},
                )
            self.assertEqual(response.json()["step"], "set_privacy_done")
        self.assertCounts(self.site.de, {BUSY_DAY: SINGLES - 1, dt.date(2027, 3, 18): 0})
        # The Russian translation follows the German page's restriction.
        self.assertCounts(self.site.ru, {BUSY_DAY: 1})
        # Lifted: counted again.
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/admin/pages/{self.singles[0].pk}/privacy/",
                {"restriction_type": "none", "password": ""},
                headers={"x-requested-with": "XMLHttpRequest"},
            )
        self.assertCounts(self.site.de, {BUSY_DAY: SINGLES, dt.date(2027, 3, 18): 0})

    def test_a_restricted_calendar_counts_nothing(self):
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(
            page=self.site.event_index, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertCounts(self.site.de, {BUSY_DAY: 0, dt.date(2027, 3, 3): 0})

    def test_an_event_past_its_expiry_date_is_no_longer_counted(self):
        expiry = timezone.localtime() + dt.timedelta(hours=1)
        publish_in_admin(
            self, self.moderator, self.singles[0], expire_at=f"{expiry:%d.%m.%Y %H:%M}"
        )
        self.assertCounts(self.site.de, {BUSY_DAY: SINGLES + 1})
        later = timezone.now() + dt.timedelta(hours=2)
        self.assertCounts(self.site.de, {BUSY_DAY: SINGLES}, at=later)
        # Its translation has the German page's expiry date (events.sync).
        self.assertCounts(self.site.ru, {BUSY_DAY: 1}, at=later)

    def test_unpublished_and_deleted_events_are_no_longer_counted(self):
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/admin/pages/{self.singles[2].pk}/unpublish/")
        self.assertEqual(response.status_code, 302)
        self.assertCounts(self.site.de, {BUSY_DAY: SINGLES})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/admin/pages/{self.singles[0].pk}/delete/")
        self.assertEqual(response.status_code, 302)
        self.assertCounts(self.site.de, {BUSY_DAY: SINGLES - 1})
        # The Russian translation went with the German page.
        self.assertCounts(self.site.ru, {BUSY_DAY: 1})

    def test_a_filtered_month_counts_the_events_it_selects(self):
        publish_in_admin(self, self.moderator, self.singles[3], agency=str(self.site.agency.pk))
        read, listed = counts(self.site.de, agency=self.site.agency)
        self.assertEqual(read, listed)
        # The courses of the agency: one on the busy day.
        self.assertEqual(read[BUSY_DAY], 1)

    def test_the_migration_copies_language_and_expiry_to_the_rows(self):
        expiry = timezone.now() + dt.timedelta(days=30)
        EventPage.objects.filter(pk=self.singles[1].pk).update(expire_at=expiry)
        StoredOccurrence.objects.update(expire_at=None)
        migration = importlib.import_module("events.migrations.0018_stored_occurrence_count")
        # What the migration uses of its schema editor (a real one cannot
        # be opened inside the test's transaction on SQLite).
        editor = SimpleNamespace(
            connection=connection, execute=lambda sql: connection.cursor().execute(sql)
        )
        migration.copy_from_events(apps, editor)
        rows = StoredOccurrence.objects.filter(event_id=self.singles[1].pk)
        self.assertEqual({row.expire_at for row in rows}, {expiry})
        ru_event = self.singles[1].get_translation(self.site.ru)
        self.assertEqual(
            set(StoredOccurrence.objects.filter(event_id=ru_event.pk).values_list("locale_id")),
            {(self.site.ru.pk,)},
        )


class FullMonthTests(TestCase):
    """Every day of the grid has more dates than a cell shows: one row
    fewer of each day is read, and the cells are what the engine gives."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        for i in range(MONTH_DAY_DATES + 1):
            EventPageFactory(
                parent=cls.site.event_index,
                title=f"Frühstück {i}",
                slug=f"fruehstueck-{i}",
                start_date=dt.date(2027, 2, 1),
                start_time=dt.time(7, 10 * i),
                end_time=None,
                recurrence="RRULE:FREQ=DAILY;UNTIL=20270430T000000Z",
            )
        # A multi-day date: its days list it first, before those that begin.
        EventPageFactory(
            parent=cls.site.event_index,
            title="Wochenendseminar",
            start_date=dt.date(2027, 3, 12),
            end_date=dt.date(2027, 3, 14),
            start_time=dt.time(10),
            end_time=dt.time(16),
            recurrence="",
        )
        store_all()

    def test_each_cell_shows_one_date_fewer_and_the_count(self):
        stored = occurrences_by_day(FIRST, LAST, locale=self.site.de, per_day=MONTH_DAY_DATES)
        StoredOccurrenceHorizon.objects.all().delete()
        engine = occurrences_by_day(FIRST, LAST, locale=self.site.de, per_day=MONTH_DAY_DATES)
        self.assertEqual(month_lines(stored), month_lines(engine))
        self.assertEqual(len(stored), (LAST - FIRST).days + 1)
        for day, (shown, total) in stored.items():
            with self.subTest(day=day):
                self.assertEqual(len(shown), MONTH_DAY_DATES - 1)
                seminar = dt.date(2027, 3, 12) <= day <= dt.date(2027, 3, 14)
                self.assertEqual(total, MONTH_DAY_DATES + 1 + seminar)
        self.assertEqual(stored[dt.date(2027, 3, 13)][0][0].event.title, "Wochenendseminar")
