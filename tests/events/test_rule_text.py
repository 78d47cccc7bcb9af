"""The "Wann" of a recurring event in words, as a visitor reads it on the
event page: rule, times, first and last date, dates left out, holidays."""

import datetime as dt
import re

from recurrence import deserialize

from django.test import TestCase
from django.utils import translation

from events.factories import EventPageFactory
from events.rules import describe
from tests.utils import build_site, translate_site

# The day the visitor reads the page: the dates below are still to come.
TODAY = dt.date(2026, 12, 1)


class RuleTextTests(TestCase):
    def event(self, rule, *, start=dt.date(2026, 12, 10), times=(dt.time(17), dt.time(19)), **kw):
        return EventPageFactory.build(
            start_date=start,
            start_time=times[0],
            end_time=times[1],
            recurrence=deserialize(rule),
            **kw,
        )

    def assertDescribed(self, event, german, russian):
        with translation.override("de"):
            self.assertEqual(describe(event, today=TODAY), german)
        with translation.override("ru"):
            self.assertEqual(describe(event, today=TODAY), russian)

    def test_weekly_with_times_until_and_a_date_left_out(self):
        event = self.event(
            # Until 11 March 2027, not on 24 December, as the widget stores them.
            "RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270311T225959Z\nEXDATE:20261223T230000Z"
        )
        self.assertDescribed(
            event,
            "jeden Donnerstag, 17–19 Uhr, 10. Dezember 2026 bis 11. März 2027, "
            "nicht am 24. Dezember",
            "каждый четверг, 17–19 ч, с 10 декабря 2026 по 11 марта 2027, кроме 24 декабря",
        )

    def test_until_names_the_last_real_date(self):
        # UNTIL on a Sunday: the last Thursday before it is the last date.
        event = self.event("RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270314T225959Z")
        self.assertDescribed(
            event,
            "jeden Donnerstag, 17–19 Uhr, 10. Dezember 2026 bis 11. März 2027",
            "каждый четверг, 17–19 ч, с 10 декабря 2026 по 11 марта 2027",
        )

    def test_times_with_minutes(self):
        event = self.event(
            "RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270311T225959Z",
            times=(dt.time(17, 30), dt.time(19, 15)),
        )
        self.assertDescribed(
            event,
            "jeden Donnerstag, 17:30–19:15 Uhr, 10. Dezember 2026 bis 11. März 2027",
            "каждый четверг, 17:30–19:15 ч, с 10 декабря 2026 по 11 марта 2027",
        )

    def test_count_gives_the_last_date_and_the_number_of_dates(self):
        event = self.event("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6", start=dt.date(2027, 1, 5))
        self.assertDescribed(
            event,
            "jeden Dienstag, 17–19 Uhr, 5. Januar bis 9. Februar 2027, 6 Termine",
            "каждый вторник, 17–19 ч, с 5 января по 9 февраля 2027, 6 встреч",
        )

    def test_count_with_dates_left_out_counts_what_takes_place(self):
        event = self.event(
            "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6\nEXDATE:20270118T230000Z,20270201T230000Z",
            start=dt.date(2027, 1, 5),
        )
        self.assertDescribed(
            event,
            "jeden Dienstag, 17–19 Uhr, 5. Januar bis 9. Februar 2027, 4 Termine, "
            "nicht am 19. Januar und 2. Februar",
            "каждый вторник, 17–19 ч, с 5 января по 9 февраля 2027, 4 встречи, "
            "кроме 19 января и 2 февраля",
        )

    def test_all_day(self):
        event = self.event(
            "RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20270626T215959Z",
            start=dt.date(2027, 6, 5),
            times=(None, None),
        )
        self.assertDescribed(
            event,
            "jeden Samstag, 5. Juni bis 26. Juni 2027",
            "каждую субботу, с 5 июня по 26 июня 2027",
        )

    def test_open_ended_not_yet_begun_says_from_when(self):
        event = self.event("RRULE:FREQ=WEEKLY;BYDAY=TH")
        self.assertDescribed(
            event,
            "jeden Donnerstag, 17–19 Uhr, ab 10. Dezember 2026",
            "каждый четверг, 17–19 ч, с 10 декабря 2026",
        )

    def test_open_ended_running_leaves_out_past_dates(self):
        # Begun in January; a date left out last year is no longer news,
        # the coming ones are named with their year (the series has no end).
        event = self.event(
            "RRULE:FREQ=WEEKLY;BYDAY=TU\nEXDATE:20251229T230000Z,20261228T230000Z",
            start=dt.date(2025, 1, 7),
            times=(dt.time(18), None),
        )
        self.assertDescribed(
            event,
            "jeden Dienstag um 18:00 Uhr, nicht am 29. Dezember 2026",
            "каждый вторник в 18:00, кроме 29 декабря 2026",
        )

    def test_skipped_holidays(self):
        event = self.event(
            "RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270311T225959Z\nEXDATE:20261223T230000Z",
            skip_public_holidays=True,
            skip_jewish_holidays=True,
        )
        self.assertDescribed(
            event,
            "jeden Donnerstag, 17–19 Uhr, 10. Dezember 2026 bis 11. März 2027, "
            "nicht am 24. Dezember, nicht an Feiertagen in NRW, "
            "nicht an Schabbat und jüdischen Feiertagen",
            "каждый четверг, 17–19 ч, с 10 декабря 2026 по 11 марта 2027, кроме 24 декабря, "
            "кроме праздничных дней земли СРВ, кроме Шаббата и еврейских праздников",
        )

    def test_a_single_date_has_no_rule_text(self):
        event = self.event("")
        self.assertDescribed(event, "", "")


class EventPageDatesTests(TestCase):
    """The event page lists the next 12 dates and leads to all of them."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        event = cls.site.event
        # Weekly from next week on, 18:00–19:30, open-ended: about 52 dates a year.
        event.recurrence = deserialize("RRULE:FREQ=WEEKLY")
        event.save_revision().publish()
        translate_site(cls.site)
        cls.event = event
        cls.russian = event.get_translation(cls.site.ru)

    def dates_on(self, response):
        return response.content.decode().count('<li class="occurrence ')

    def test_event_page_says_when_and_links_to_all_dates(self):
        response = self.client.get(self.event.url)
        self.assertContains(response, "18–19:30 Uhr, ab ")
        self.assertEqual(self.dates_on(response), 12)
        link = re.search(
            r'<a href="([^"]+)">Alle (\d+) Termine bis (\d+\. \w+ \d{4})</a>',
            response.content.decode(),
        )
        self.assertIsNotNone(link, "no link to the other dates")
        url, count = link[1], int(link[2])
        self.assertEqual(url, f"{self.event.url}termine/")
        self.assertGreaterEqual(count, 52)

        # All of them, 50 a page, the last page reached by "Spätere Termine".
        response = self.client.get(url)
        self.assertContains(response, "<h1>Alle Termine: Deutsch-Café</h1>", html=True)
        self.assertContains(response, f'<a href="{self.event.url}">')
        self.assertEqual(self.dates_on(response), 50)
        later = re.search(
            r'<a href="(\?seite=2)" rel="next">Spätere Termine</a>', response.content.decode()
        )
        self.assertIsNotNone(later)
        response = self.client.get(url + later[1])
        self.assertEqual(self.dates_on(response), count - 50)
        self.assertContains(response, f"bis {link[3]}")
        self.assertContains(response, "Frühere Termine")

    def test_russian_event_page_in_russian(self):
        response = self.client.get(self.russian.url)
        self.assertContains(response, "18–19:30 ч, с ")
        link = re.search(
            r'<a href="([^"]+)">Все встречи до (\d+ \w+ \d{4}) \((\d+)\)</a>',
            response.content.decode(),
        )
        self.assertIsNotNone(link)
        response = self.client.get(link[1])
        self.assertContains(response, '<html lang="ru">')
        self.assertContains(response, "Все встречи: Deutsch-Café (по-русски)")
        self.assertContains(response, "Назад к мероприятию «Deutsch-Café (по-русски)»")
        self.assertEqual(self.dates_on(response), 50)

    def test_few_dates_need_no_link(self):
        self.event.recurrence = deserialize("RRULE:FREQ=WEEKLY;COUNT=3")
        self.event.save_revision().publish()
        response = self.client.get(self.event.url)
        self.assertEqual(self.dates_on(response), 3)
        self.assertNotContains(response, "Alle 3 Termine")
        self.assertNotContains(response, "termine/")

    def test_bad_page_numbers_are_not_found(self):
        for seite in ["0", "abc", "3", "999999999"]:
            with self.subTest(seite=seite):
                response = self.client.get(f"{self.event.url}termine/?seite={seite}")
                self.assertEqual(response.status_code, 404)
