"""The calendar pages as visitors use them, including bad input."""

import datetime as dt

from recurrence import deserialize

from django.test import TestCase
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from events.factories import EventPageFactory
from events.rules import describe
from tests.utils import build_site, translate_site


class CalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.other_agency_event = EventPageFactory(
            parent=cls.site.event_index, title="Anderswo", agency=None
        )
        translate_site(cls.site)

    def test_list_shows_upcoming_events_grouped_by_day(self):
        response = self.client.get(self.site.event_index.url)
        self.assertContains(response, "Deutsch-Café")
        day = self.site.event.start_date
        self.assertContains(response, f'<time datetime="{day:%Y-%m-%d}">')

    def test_filters_combine_and_work_without_javascript(self):
        url = self.site.event_index.url + f"?agentur={self.site.agency.slug}"
        response = self.client.get(url)
        self.assertContains(response, "Deutsch-Café")
        self.assertNotContains(response, "Anderswo")

    def test_russian_calendar_in_russian(self):
        russian_index = self.site.event_index.get_translation(self.site.ru)
        response = self.client.get(russian_index.url)
        self.assertContains(response, "Deutsch-Café (по-русски)")
        # "28 ноября", not Django's standalone month name "28. Ноябрь".
        day = self.site.event.start_date
        with translation.override("ru"):
            expected = f"{day.day} {date_format(day, 'E')} {day.year}"
        self.assertContains(response, expected)
        self.assertNotContains(response, f"{day.day}. ")

    def test_month_view_is_an_accessible_table(self):
        response = self.client.get(self.site.event_index.url + "monat/")
        self.assertContains(response, "<caption>")
        self.assertContains(response, '<th scope="col">', count=7)

    def test_bad_input_never_breaks_the_page(self):
        base = self.site.event_index.url
        for query, status in [
            ("monat/?monat=2026-13", 404),
            ("monat/?monat=99999", 404),
            ("monat/?monat=9999-01", 404),
            ("monat/?monat=abc", 404),
            ("?ab=9999-12-31", 404),
            ("?ab=gestern", 404),
            ("archiv/?bis=2026-02-30", 404),
            ("archiv/?bis=9999-01-01", 404),
            ("archiv/?bis=2999-01-01", 404),  # the future is not archived
            ("?agentur=abc", 200),
            ("?schwerpunkt=%00", 200),
            ("?sprache=fr", 200),
            ("?seite=99999999", 404),
        ]:
            with self.subTest(query=query):
                response = self.client.get(base + query)
                self.assertEqual(response.status_code, status)
                if status == 200 and "=" in query and "seite" not in query:
                    self.assertContains(response, "Ein Filter war ungültig und wurde ignoriert.")


class ArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        today = timezone.localdate()
        cls.last_week = EventPageFactory(
            parent=cls.site.event_index, title="Letzte Woche", start_date=today - dt.timedelta(7)
        )
        cls.last_year = EventPageFactory(
            parent=cls.site.event_index, title="Voriges Jahr", start_date=today - dt.timedelta(300)
        )

    def test_archive_shows_the_past_newest_first(self):
        archive = self.site.event_index.url + "archiv/"
        response = self.client.get(archive)
        self.assertNotContains(response, "Deutsch-Café")  # upcoming, not past
        content = response.content.decode()
        self.assertLess(content.index("Letzte Woche"), content.index("Voriges Jahr"))
        self.assertNotContains(response, "Spätere Termine")
        day = timezone.localdate() - dt.timedelta(300)
        response = self.client.get(archive + f"?bis={day:%Y-%m-%d}")
        self.assertContains(response, "Voriges Jahr")
        self.assertNotContains(response, "Letzte Woche")
        self.assertContains(response, "Spätere Termine")


class RuleTextTests(TestCase):
    def event(self, rule, start_date=dt.date(2027, 1, 5), **kwargs):
        return EventPageFactory.build(
            start_date=start_date,
            start_time=dt.time(18),
            end_time=None,
            recurrence=deserialize(rule),
            **kwargs,
        )

    def describe(self, event):
        # Read on a day when the series has begun (no "ab 5. Januar 2027").
        return describe(event, today=dt.date(2027, 1, 6))

    def test_weekly_rule_in_german_and_russian(self):
        event = self.event("RRULE:FREQ=WEEKLY;BYDAY=TU")
        with translation.override("de"):
            self.assertEqual(self.describe(event), "jeden Dienstag um 18:00 Uhr")
        with translation.override("ru"):
            self.assertEqual(self.describe(event), "каждый вторник в 18:00")

    def test_feminine_weekday_in_russian(self):
        event = self.event("RRULE:FREQ=WEEKLY;BYDAY=WE")
        with translation.override("ru"):
            self.assertEqual(self.describe(event), "каждую среду в 18:00")

    def test_monthly_nth_weekday(self):
        event = self.event("RRULE:FREQ=MONTHLY;BYDAY=+1TU")
        with translation.override("de"):
            self.assertEqual(self.describe(event), "am ersten Dienstag im Monat um 18:00 Uhr")

    def test_monthly_nth_weekday_agrees_in_gender_in_russian(self):
        sunday = self.event("RRULE:FREQ=MONTHLY;BYDAY=+1SU")
        wednesday = self.event(
            "RRULE:FREQ=MONTHLY;BYDAY=-1WE;COUNT=3", start_date=dt.date(2027, 1, 27)
        )
        with translation.override("ru"):
            self.assertEqual(self.describe(sunday), "в первое воскресенье месяца в 18:00")
            self.assertEqual(
                self.describe(wednesday),
                "в последнюю среду месяца в 18:00, с 27 января по 31 марта 2027, 3 встречи",
            )
        with translation.override("de"):
            self.assertEqual(
                self.describe(wednesday),
                "am letzten Mittwoch im Monat um 18:00 Uhr, 27. Januar bis 31. März 2027, "
                "3 Termine",
            )
