"""What a subscribed calendar reads of a series that changed from a date on:
one VEVENT per schedule. The first keeps the series' UID and ends by UNTIL
(so clients that know the series just see it end), each later one has its
own UID from the day it begins and names the first in RELATED-TO; every
date change sits in the part whose date it changes. (That both engines
expand it to the site's dates: tests/feeds/test_split_series.py.)"""

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar
from recurrence import deserialize

from django.test import TestCase

from events.factories import EventPageFactory
from events.models import EventPastSchedule
from tests.feeds.split_series import build_split_series, d, t
from tests.feeds.test_engines import FixedToday
from tests.utils import build_site

BERLIN = ZoneInfo("Europe/Berlin")


class SplitFeedTests(FixedToday, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.events = build_split_series(cls.site.event_index)

    def feed_of(self, page):
        response = self.client.get(f"{page.url}feed.ics")
        self.assertEqual(response.status_code, 200)
        return response.content

    def vevents(self, page):
        """The VEVENTs of the page's feed: {UID: (series, {RECURRENCE-ID: override})}."""
        found = {}
        for vevent in Calendar.from_ical(self.feed_of(page)).walk("VEVENT"):
            series, overrides = found.setdefault(str(vevent["UID"]), [None, {}])
            if "RECURRENCE-ID" in vevent:
                overrides[vevent["RECURRENCE-ID"].dt] = vevent
            else:
                found[str(vevent["UID"])][0] = vevent
        return found

    def uids(self, title, *since):
        key = self.events[title].translation_key
        first = f"event-{key}@integrationsagenturen"
        return [first, *(f"event-{key}-{day}@integrationsagenturen" for day in since)]

    def test_the_first_part_keeps_the_uid_and_ends_by_until(self):
        page = self.events["Deutsch-Treff"]
        first, second = self.uids("Deutsch-Treff", "20280321")
        vevents = self.vevents(page)
        self.assertEqual(list(vevents), [first, second])
        old, new = vevents[first][0], vevents[second][0]
        self.assertEqual(old["DTSTART"].dt, dt.datetime(2027, 11, 2, 18, tzinfo=BERLIN))
        self.assertEqual(old["DTEND"].dt, dt.datetime(2027, 11, 2, 19, 30, tzinfo=BERLIN))
        # The last old date, 14 March, at 18:00 CET: in UTC (RFC 5545 3.3.10).
        self.assertEqual(old["RRULE"]["UNTIL"], [dt.datetime(2028, 3, 14, 17, tzinfo=dt.UTC)])
        self.assertEqual(old["RRULE"]["BYDAY"], ["TU"])
        self.assertIn("Gemeindesaal", old["LOCATION"])
        self.assertNotIn("RELATED-TO", old)
        self.assertEqual(new["DTSTART"].dt, dt.datetime(2028, 3, 21, 19, tzinfo=BERLIN))
        self.assertEqual(new["DTEND"].dt, dt.datetime(2028, 3, 21, 20, 30, tzinfo=BERLIN))
        self.assertNotIn("UNTIL", new["RRULE"])
        self.assertIn("Raum 2", new["LOCATION"])
        self.assertEqual(str(new["RELATED-TO"]), first)
        self.assertEqual(new["RELATED-TO"].params["RELTYPE"], "SIBLING")
        self.assertNotIn(b"THISANDFUTURE", self.feed_of(page))

    def test_each_change_is_in_the_part_of_its_date(self):
        first, second = self.uids("Deutsch-Treff", "20280321")
        vevents = self.vevents(self.events["Deutsch-Treff"])

        def at(day, hour):
            return dt.datetime.combine(d(day), dt.time(hour), BERLIN)

        self.assertEqual(
            set(vevents[first][1]),
            {at("2028-01-25", 18), at("2028-03-07", 18), at("2028-03-14", 18)},
        )
        self.assertEqual(set(vevents[second][1]), {at("2028-03-21", 19), at("2028-05-02", 19)})
        # The first new date, moved before the split, keeps the new time.
        moved = vevents[second][1][at("2028-03-21", 19)]
        self.assertEqual(moved["DTSTART"].dt, at("2028-03-20", 19))
        self.assertEqual([v.dt for v in vevents[first][0]["EXDATE"].dts], [at("2028-02-15", 18)])
        self.assertIn(at("2028-04-11", 19), [v.dt for v in vevents[second][0]["EXDATE"].dts])
        # 23 March is no date of either schedule: nowhere in the feed.
        self.assertNotIn(b"20280323", self.feed_of(self.events["Deutsch-Treff"]))

    def test_a_weekday_taken_from_the_first_date_is_kept(self):
        """ "Weekly" takes its weekday from DTSTART. Tuesdays to Thursdays:
        each part begins on its own first date, so each keeps its day."""
        first, second = self.uids("Frauencafé", "20280301")
        vevents = self.vevents(self.events["Frauencafé"])
        old, new = vevents[first][0], vevents[second][0]
        self.assertEqual(old["DTSTART"].dt.weekday(), 1)
        self.assertEqual(old["RRULE"]["UNTIL"], [dt.datetime(2028, 2, 29, 14, tzinfo=dt.UTC)])
        self.assertEqual(new["DTSTART"].dt, dt.datetime(2028, 3, 2, 15, tzinfo=BERLIN))
        self.assertEqual(dict(new["RRULE"]), {"FREQ": ["WEEKLY"]})
        self.assertNotIn(b"20280307", self.feed_of(self.events["Frauencafé"]))

    def test_a_part_beginning_on_an_extra_date_says_its_weekday(self):
        """All day on Saturdays, from 2 April first on Wednesday 5 April (an
        RDATE): DTSTART is the Wednesday, so the rule says BYDAY=SA."""
        first, second, third = self.uids("Ferienprogramm", "20280402", "20280901")
        vevents = self.vevents(self.events["Ferienprogramm"])
        self.assertEqual(list(vevents), [first, second, third])
        saturdays, extra, autumn = (vevents[uid][0] for uid in (first, second, third))
        # All day: UNTIL is a DATE, the last Saturday before 31 March.
        self.assertEqual(saturdays["RRULE"]["UNTIL"], [d("2028-03-25")])
        self.assertEqual(extra["DTSTART"].dt, d("2028-04-05"))
        self.assertEqual(extra["RRULE"]["BYDAY"], ["SA"])
        self.assertEqual(extra["RRULE"]["UNTIL"], [d("2028-06-24")])
        self.assertEqual(autumn["DTSTART"].dt, d("2028-09-02"))
        self.assertEqual(autumn["DTEND"].dt, d("2028-09-04"))
        self.assertEqual(autumn["RRULE"]["COUNT"], [6])
        self.assertEqual(set(vevents[third][1]), {d("2028-09-16")})

    def test_a_fortnight_keeps_its_rhythm_after_an_extra_first_date(self):
        """DTSTART on the extra Monday would count the fortnights from its
        week: the part begins on its first Sunday, the Monday an RDATE."""
        first, second = self.uids("Elterncafé", "20280207")
        vevents = self.vevents(self.events["Elterncafé"])
        old, new = vevents[first][0], vevents[second][0]
        self.assertEqual(old["RRULE"]["UNTIL"], [dt.datetime(2028, 2, 6, 9, tzinfo=dt.UTC)])
        self.assertEqual(new["DTSTART"].dt, dt.datetime(2028, 2, 20, 11, tzinfo=BERLIN))
        self.assertEqual(
            [v.dt for v in new["RDATE"].dts], [dt.datetime(2028, 2, 7, 11, tzinfo=BERLIN)]
        )
        self.assertEqual(new["RRULE"]["INTERVAL"], [2])

    def test_count_becomes_the_until_of_the_last_date(self):
        """COUNT counts from DTSTART: a part that begins later says its end."""
        first, second = self.uids("Sprechstunde", "20281019")
        vevents = self.vevents(self.events["Sprechstunde"])
        old, new = vevents[first][0], vevents[second][0]
        self.assertEqual(old["RRULE"]["UNTIL"], [dt.datetime(2028, 10, 5, 8, tzinfo=dt.UTC)])
        self.assertEqual(new["DTSTART"].dt, dt.datetime(2028, 10, 19, 11, tzinfo=BERLIN))
        # The 40th date of all, 31 May 2029, 11:00 CEST.
        self.assertEqual(new["RRULE"]["UNTIL"], [dt.datetime(2029, 5, 31, 9, tzinfo=dt.UTC)])
        self.assertEqual(new["RRULE"]["INTERVAL"], [2])
        self.assertNotIn("COUNT", new["RRULE"])

    def test_an_end_and_a_resume(self):
        first, second = self.uids("Seniorentreff", "20280901")
        vevents = self.vevents(self.events["Seniorentreff"])
        old, new = vevents[first][0], vevents[second][0]
        self.assertEqual(old["RRULE"]["UNTIL"], [dt.datetime(2028, 6, 7, 13, tzinfo=dt.UTC)])
        self.assertEqual(new["DTSTART"].dt, dt.datetime(2028, 9, 6, 15, tzinfo=BERLIN))

    def test_a_series_without_former_schedules_is_one_vevent(self):
        page = EventPageFactory(
            parent=self.site.event_index,
            start_date=d("2028-01-11"), start_time=t("18:00"), end_time=t("19:30"),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
        )  # fmt: skip
        page.save_revision().publish()
        [(uid, (series, overrides))] = self.vevents(page).items()
        self.assertEqual(uid, f"event-{page.translation_key}@integrationsagenturen")
        self.assertEqual(series["RRULE"]["COUNT"], [10])
        self.assertNotIn("RELATED-TO", series)

    def test_a_schedule_without_dates_is_left_out(self):
        """A former schedule none of whose dates falls in its days: the
        first part with dates keeps the series' UID."""
        page = EventPageFactory(
            parent=self.site.event_index,
            start_date=d("2028-01-04"), start_time=t("18:00"), end_time=t("19:30"),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TH"), schedule_from=d("2028-02-01"),
        )  # fmt: skip
        EventPastSchedule.objects.create(
            page=page, valid_from=d("2028-01-05"), valid_until=d("2028-01-31"),
            start_date=d("2027-12-01"), start_time=t("18:00"),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=2"),
        )  # fmt: skip
        page.save_revision().publish()
        [(uid, (series, _))] = self.vevents(page).items()
        self.assertEqual(uid, f"event-{page.translation_key}@integrationsagenturen")
        self.assertEqual(series["DTSTART"].dt, dt.datetime(2028, 2, 3, 18, tzinfo=BERLIN))
