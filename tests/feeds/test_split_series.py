"""A series that changed from a date on is split in the feeds, one VEVENT
per schedule, and both engines (recurring-ical-events and Mozilla's ical.js)
expand the split feed to exactly the site's dates over 13 months, across
both clock changes: a time change that crosses each, a move of weekday, an
end and a resume, single-date changes on each side of the split."""

import datetime as dt
import re

from django.test import TestCase

from events.models import EventPage
from events.schedule import event_occurrences
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site

from .engines import (
    BERLIN,
    ENGINES,
    UID_FORMAT,
    Window,
    difference,
    feed_problems,
    parse,
    split_site_instances,
    split_site_occurrences,
)
from .split_series import build_split_series, d
from .test_engines import TODAY, WINDOW_DAYS, FeedComparison, FixedToday, fetch


class SplitSeriesFeedTests(FixedToday, FeedComparison, TestCase):
    window = Window.days(TODAY, WINDOW_DAYS)

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.events = build_split_series(cls.site.event_index)
        translate_site(cls.site)
        for page in cls.events.values():
            translate_object(page, cls.site.ru, russian)

    def site_dates(self, pages):
        occurrences = [
            found
            for page in pages
            for found in split_site_occurrences(page, self.window.first, self.window.last)
        ]
        return split_site_instances(occurrences, self.window)

    def feed(self, url, pages):
        instances, cancelled = self.site_dates(pages)
        return {
            "label": url,
            "ics": fetch(self.client, url),
            "site": instances,
            "cancelled": cancelled,
        }

    def feeds(self):
        feeds = []
        for german in self.events.values():
            for page in [german, german.get_translation(self.site.ru)]:
                page = EventPage.objects.get(pk=page.pk)
                feeds.append(self.feed(f"{page.url}feed.ics", [page]))
        calendar = EventPage.objects.live().filter(locale=self.site.de)
        feeds.append(self.feed(f"{self.site.event_index.url}feed.ics", calendar))
        return feeds

    def starts(self, title):
        """The site's starts of a series by UID, in Berlin time."""
        instances, _ = self.site_dates([self.events[title]])
        result = {}
        for instance in instances:
            result.setdefault(instance.uid, []).append(instance.start)
        return result

    def test_the_window_crosses_both_daylight_saving_changes(self):
        self.assertEqual(self.window.dst_changes(), [d("2028-03-26"), d("2028-10-29")])

    def test_the_site_has_every_case(self):
        """What the engines are compared with, spelled out: each schedule's
        time in UTC (18:00 CET is 17:00 UTC, 19:00 CEST is 17:00 UTC)."""
        page = self.events["Deutsch-Treff"]
        first = UID_FORMAT.format(key=page.translation_key)
        second = first.replace("@", "-20280321@")
        starts = self.starts("Deutsch-Treff")
        self.assertEqual(set(starts), {first, second})
        self.assertIn("2028-01-18T17:00:00Z", starts[first])  # 18:00 CET
        self.assertIn("2028-03-09T15:00:00Z", starts[first])  # moved, 16:00 CET
        self.assertIn("2028-03-22T17:00:00Z", starts[first])  # moved past the split, 18:00
        self.assertNotIn("2028-02-15T17:00:00Z", starts[first])  # cancelled
        self.assertIn("2028-03-20T18:00:00Z", starts[second])  # 21st moved: 19:00 CET
        self.assertIn("2028-03-28T17:00:00Z", starts[second])  # 19:00 CEST
        self.assertIn("2028-05-02T15:00:00Z", starts[second])  # 17:00 CEST
        self.assertIn("2028-10-31T18:00:00Z", starts[second])  # 19:00 CET
        self.assertNotIn("2028-04-11T17:00:00Z", starts[second])  # cancelled
        self.assertNotIn("2028-10-03T17:00:00Z", starts[second])  # public holiday
        self.assertFalse([s for s in starts[second] if s < "2028-03-20"])
        self.assertFalse([s for s in starts[first] if s > "2028-03-23"])
        # The fortnight's 10:00 (09:00 UTC) to 11:00 across the autumn change.
        key = self.events["Sprechstunde"].translation_key
        starts = self.starts("Sprechstunde")
        self.assertIn("2028-09-21T08:00:00Z", starts[UID_FORMAT.format(key=key)])
        later = starts[f"event-{key}-20281019@integrationsagenturen"]
        self.assertEqual(later[:3], ["2028-10-19T09:00:00Z", "2028-11-03T10:00:00Z",
                                     "2028-11-16T10:00:00Z"])  # fmt: skip
        # Tuesdays, then Thursdays (and the Friday a date moved to).
        key = self.events["Frauencafé"].translation_key
        starts = self.starts("Frauencafé")
        weekdays = {uid: {_weekday(start) for start in dates} for uid, dates in starts.items()}
        self.assertEqual(
            weekdays,
            {
                UID_FORMAT.format(key=key): {1},
                f"event-{key}-20280301@integrationsagenturen": {3, 4},
            },
        )
        # None in July and August.
        starts = [s for dates in self.starts("Seniorentreff").values() for s in dates]
        self.assertFalse([s for s in starts if s[5:7] in ("07", "08")])
        self.assertIn("2028-09-06T13:00:00Z", starts)

    def test_the_site_shows_what_the_model_says(self):
        """The calendar's engine (what pages, archive and JSON-LD show) gives
        the same dates, times and statuses as the expansion of each former
        schedule computed here from the model."""
        first, last = self.window.first, self.window.last
        for name, page in self.events.items():
            with self.subTest(event=name):
                expected = [
                    (o.original_date, o.start, o.end, o.status)
                    for _, _, o in split_site_occurrences(page, first, last)
                ]
                shown = [
                    (o.original_date, o.start, o.end, o.status)
                    for o in event_occurrences(page, first, last)
                ]
                self.assertEqual(sorted(shown), sorted(expected))

    def test_every_feed_parses_with_its_time_zone_and_unique_uids(self):
        for feed in self.feeds():
            with self.subTest(feed=feed["label"]):
                self.assertEqual(feed_problems(feed["ics"]), [])

    def test_german_and_russian_feeds_share_their_uids(self):
        feeds = {feed["label"]: feed for feed in self.feeds()}
        for german in self.events.values():
            russian_page = german.get_translation(self.site.ru)
            de, ru = feeds[f"{german.url}feed.ics"], feeds[f"{russian_page.url}feed.ics"]
            uids = [[str(e["UID"]) for e in parse(f["ics"]).walk("VEVENT")] for f in (de, ru)]
            self.assertEqual(uids[0], uids[1])
            self.assertGreater(len(set(uids[0])), 1, german.title)
            self.assertEqual(de["site"], ru["site"])

    def test_recurring_ical_events_lists_the_sites_dates(self):
        self.assert_engine_agrees("recurring-ical-events", self.feeds(), self.window)

    def test_icaljs_lists_the_sites_dates(self):
        self.assert_engine_agrees("ical.js", self.feeds(), self.window)

    def test_both_engines_see_each_part_end_and_the_next_begin(self):
        feed = fetch(self.client, f"{self.site.event_index.url}feed.ics")
        expected = {title: self.starts(title) for title in self.events}
        for name, expand in ENGINES.items():
            instances, _ = expand(feed, self.window)
            for title, by_uid in expected.items():
                for uid, starts in by_uid.items():
                    with self.subTest(engine=name, series=title, uid=uid):
                        found = sorted(i.start for i in instances if i.uid == uid)
                        self.assertEqual(found, sorted(starts))


def _weekday(start):
    return dt.datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(BERLIN).weekday()


class SplitNegativeControlTests(FixedToday, TestCase):
    """The comparison can fail: a split feed that is wrong in a way a
    calendar shows is caught."""

    window = Window.days(TODAY, WINDOW_DAYS)

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.page = build_split_series(cls.site.event_index)["Deutsch-Treff"]

    def setUp(self):
        self.ics = fetch(self.client, f"{self.page.url}feed.ics").decode()
        occurrences = split_site_occurrences(self.page, self.window.first, self.window.last)
        self.site_dates, _ = split_site_instances(occurrences, self.window)

    def test_the_real_feed_agrees(self):
        for name, expand in ENGINES.items():
            with self.subTest(engine=name):
                self.assertEqual(expand(self.ics, self.window)[0], self.site_dates)

    def test_both_engines_notice_a_first_part_that_does_not_end(self):
        ics, count = re.subn(r"UNTIL=20280314T170000Z;", "", self.ics)
        self.assertEqual(count, 1)
        for name, expand in ENGINES.items():
            with self.subTest(engine=name):
                diff = difference(self.site_dates, expand(ics, self.window)[0], name)
                # The old 18:00 goes on beside the new 19:00.
                self.assertIn(f"only in {name}: 2028-03-28T16:00:00Z", diff)

    def test_both_engines_notice_a_change_in_the_wrong_part(self):
        """The move of the first new date under the old UID: it moves the
        old schedule's (non-existent) 21 March, and the new one stays."""
        part = f"event-{self.page.translation_key}-20280321@integrationsagenturen"
        first = f"event-{self.page.translation_key}@integrationsagenturen"
        unfolded = self.ics.replace("\r\n ", "")
        override = re.search(
            r"BEGIN:VEVENT\r\n(?:(?!END:VEVENT).)*RECURRENCE-ID;TZID=Europe/Berlin:20280321T190000"
            r".*?END:VEVENT\r\n",
            unfolded,
            re.S,
        ).group(0)
        ics = unfolded.replace(override, override.replace(part, first))
        for name, expand in ENGINES.items():
            with self.subTest(engine=name):
                diff = difference(self.site_dates, expand(ics, self.window)[0], name)
                self.assertIn(f"only in {name}: 2028-03-21T18:00:00Z", diff)
