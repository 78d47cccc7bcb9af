"""The occurrence engine: the dates visitors see."""

import datetime as dt
from zoneinfo import ZoneInfo

from recurrence import deserialize

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from events.factories import EventPageFactory
from events.models import EventDateChange
from events.occurrences import occurrences_between
from events.schedule import Status, event_occurrences
from tests.utils import build_site

BERLIN = ZoneInfo("Europe/Berlin")


def weekly(event_start, rule, **kwargs):
    return EventPageFactory.build(start_date=event_start, recurrence=deserialize(rule), **kwargs)


class DaylightSavingTests(TestCase):
    def test_weekly_event_keeps_its_wall_time_across_both_changes(self):
        # Tuesdays 18:00 from October 2026 to April 2027: summer → winter
        # (25 Oct 2026) → summer (28 Mar 2027).
        event = weekly(
            dt.date(2026, 10, 20),
            "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270406T215959Z",
            start_time=dt.time(18),
            end_time=dt.time(19, 30),
        )
        occurrences = event_occurrences(event, dt.date(2026, 10, 1), dt.date(2027, 4, 30))
        self.assertEqual(occurrences[0].start.date(), dt.date(2026, 10, 20))
        self.assertEqual(occurrences[-1].start.date(), dt.date(2027, 4, 6))
        self.assertEqual({o.start.astimezone(BERLIN).time() for o in occurrences}, {dt.time(18)})
        # The UTC instants do move, as they must.
        utc_hours = {o.start.astimezone(dt.UTC).hour for o in occurrences}
        self.assertEqual(utc_hours, {16, 17})
        october = [o for o in occurrences if o.start.date() == dt.date(2026, 10, 27)][0]
        self.assertEqual(october.start.utcoffset(), dt.timedelta(hours=1))
        march = [o for o in occurrences if o.start.date() == dt.date(2027, 3, 30)][0]
        self.assertEqual(march.start.utcoffset(), dt.timedelta(hours=2))


class AllDayAndMultiDayTests(TestCase):
    def test_weekend_seminar_spans_both_days(self):
        event = EventPageFactory.build(
            start_date=dt.date(2027, 1, 16),
            end_date=dt.date(2027, 1, 17),
            start_time=None,
            end_time=None,
        )
        [occurrence] = event_occurrences(event, dt.date(2027, 1, 1), dt.date(2027, 1, 31))
        self.assertTrue(occurrence.all_day)
        self.assertTrue(occurrence.is_multi_day)
        self.assertEqual(occurrence.end_date, dt.date(2027, 1, 17))
        # Still shown when the window starts on its second day.
        self.assertEqual(
            len(event_occurrences(event, dt.date(2027, 1, 17), dt.date(2027, 1, 17))), 1
        )


class StatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.event = EventPageFactory(
            parent=cls.site.event_index,
            start_date=dt.date(2027, 1, 5),
            start_time=dt.time(18),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6"),
            skip_public_holidays=True,
        )
        EventDateChange.objects.create(
            page=cls.event, date=dt.date(2027, 1, 12), action="cancel", reason="Krankheit"
        )
        EventDateChange.objects.create(
            page=cls.event,
            date=dt.date(2027, 1, 19),
            action="move",
            new_date=dt.date(2027, 1, 21),
            new_start_time=dt.time(17),
        )
        EventDateChange.objects.create(
            page=cls.event, date=dt.date(2027, 1, 26), action="note", reason="Raum 2"
        )

    def test_every_status(self):
        occurrences = event_occurrences(self.event, dt.date(2027, 1, 1), dt.date(2027, 2, 28))
        by_date = {o.original_date: o for o in occurrences}
        self.assertEqual(by_date[dt.date(2027, 1, 5)].status, Status.SCHEDULED)
        cancelled = by_date[dt.date(2027, 1, 12)]
        self.assertEqual((cancelled.status, cancelled.reason), (Status.CANCELLED, "Krankheit"))
        moved = by_date[dt.date(2027, 1, 19)]
        self.assertEqual(moved.status, Status.MOVED)
        self.assertEqual(moved.start, dt.datetime(2027, 1, 21, 17, tzinfo=BERLIN))
        self.assertEqual(by_date[dt.date(2027, 1, 26)].note, "Raum 2")
        self.assertEqual(len(occurrences), 6)

    def test_cancelled_date_stays_visible_in_the_calendar(self):
        response = self.client.get(
            self.site.event_index.url + "monat/?monat=2027-01",
        )
        self.assertContains(response, "abgesagt")
        self.assertContains(response, "verschoben")

    def test_moved_date_appears_when_only_its_new_date_is_in_the_window(self):
        occurrences = event_occurrences(self.event, dt.date(2027, 1, 20), dt.date(2027, 1, 22))
        self.assertEqual([o.original_date for o in occurrences], [dt.date(2027, 1, 19)])


class HolidayTests(TestCase):
    def test_tuesday_event_skips_a_german_holiday(self):
        # 3 October 2028 is a Tuesday and German Unity Day.
        event = weekly(
            dt.date(2028, 9, 5),
            "RRULE:FREQ=WEEKLY;BYDAY=TU",
            start_time=dt.time(20),
            skip_public_holidays=True,
            skip_jewish_holidays=True,
        )
        occurrences = event_occurrences(event, dt.date(2028, 9, 1), dt.date(2028, 10, 31))
        skipped = {
            o.start.date(): str(o.reason) for o in occurrences if o.status == Status.SKIPPED_HOLIDAY
        }
        self.assertEqual(skipped[dt.date(2028, 10, 3)], "Tag der Deutschen Einheit")
        self.assertEqual(len(skipped), 1)
        self.assertEqual(len(occurrences), 9)  # skipped dates stay listed

    def test_evening_before_yom_kippur_counts_as_the_holiday(self):
        # Yom Kippur 2026 is Monday 21 September; it begins at sunset on the 20th.
        afternoon = weekly(
            dt.date(2026, 9, 20), "RRULE:FREQ=DAILY;COUNT=1", start_time=dt.time(15),
            skip_jewish_holidays=True,
        )  # fmt: skip
        evening = weekly(
            dt.date(2026, 9, 20), "RRULE:FREQ=DAILY;COUNT=1", start_time=dt.time(20),
            skip_jewish_holidays=True,
        )  # fmt: skip
        day = dt.date(2026, 9, 20)
        [early] = event_occurrences(afternoon, day, day)
        [late] = event_occurrences(evening, day, day)
        self.assertEqual(early.status, Status.SCHEDULED)
        self.assertEqual(late.status, Status.SKIPPED_HOLIDAY)
        self.assertEqual(str(late.reason), "Jom Kippur")


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def add_events(self, n):
        for i in range(n):
            EventPageFactory(
                parent=self.site.event_index,
                recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=MO") if i % 2 else "",
            )

    def count_queries(self):
        today = dt.date.today()
        with CaptureQueriesContext(connection) as queries:
            occurrences = occurrences_between(
                today, today + dt.timedelta(days=60), locale=self.site.de
            )
        return len(queries), len(occurrences)

    def test_query_count_does_not_grow_with_the_number_of_events(self):
        self.add_events(10)
        few, few_occurrences = self.count_queries()
        self.add_events(190)
        many, many_occurrences = self.count_queries()
        self.assertGreater(many_occurrences, few_occurrences)
        self.assertEqual(few, many)
