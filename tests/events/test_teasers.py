"""The next dates on the home page and the agency, focus-area and project
pages (events.teasers) are the engine's, whichever way they are read: by
the date index when the language and filter have many live events, by
event when they have few (the Russian calendar while few events are
translated, an agency with one course)."""

import datetime as dt

from django.test import TestCase
from django.utils import timezone

from events.factories import EventPageFactory
from events.store import store_all
from events.teasers import FEW_EVENTS, teaser_occurrences
from site_core.translation import translate_object
from tests.utils import russian

from . import test_stored_occurrences as stored_tests

DAYS = 366


def shown(occurrences):
    """What a teaser line shows of each date."""
    return [
        (
            o.event.title,
            o.start,
            o.end,
            o.all_day,
            str(o.status),
            o.reason,
            o.note,
            getattr(o.location, "name", None),
        )
        for o in occurrences
    ]


class TeaserTests(TestCase):
    # The engine's every kind of date: a series with a cancelled, a moved
    # and a noted date, a seminar already running, an all-day festival, an
    # evening skipped on Christmas Day.
    setUpTestData = classmethod(stored_tests.SameAsTheEngineTests.setUpTestData.__func__)

    def expected(self, locale, limit, **filters):
        today = timezone.localdate()
        everything = stored_tests.engine(
            today, today + dt.timedelta(days=DAYS), locale=locale, **filters
        )
        return shown(everything[:limit])

    def test_few_events_by_event_give_the_engines_dates(self):
        filters = [{}, {"agency": self.site.agency}, {"focus_area": self.site.focus_area}]
        for limit in (1, 4, 12):
            for kwargs in filters:
                with self.subTest(limit=limit, filters=kwargs):
                    teaser = teaser_occurrences(locale=self.site.de, limit=limit, **kwargs)
                    self.assertEqual(shown(teaser), self.expected(self.site.de, limit, **kwargs))
        self.assertEqual(len(teaser_occurrences(locale=self.site.de, limit=4)), 4)

    def test_many_events_by_the_date_index_give_the_engines_dates(self):
        today = timezone.localdate()
        for n in range(FEW_EVENTS + 1):
            EventPageFactory(
                parent=self.site.event_index,
                title=f"Einzeltermin {n}",
                start_date=today + dt.timedelta(days=3 + n),
                start_time=dt.time(9),
            )
        store_all()
        for limit in (4, 20):
            with self.subTest(limit=limit):
                teaser = teaser_occurrences(locale=self.site.de, limit=limit)
                self.assertEqual(shown(teaser), self.expected(self.site.de, limit))

    def test_the_russian_teaser_shows_the_translated_events_only(self):
        self.assertEqual(teaser_occurrences(locale=self.site.ru, limit=4), [])
        translate_object(self.site.event, self.site.ru, russian)
        store_all()
        teaser = teaser_occurrences(locale=self.site.ru, limit=4)
        self.assertEqual(shown(teaser), self.expected(self.site.ru, 4))
        self.assertTrue(teaser and all("(по-русски)" in o.event.title for o in teaser))
