"""Dates never drift: publishing a German event updates its Russian
translation's schedule at once, while the Russian text stays Russian."""

import datetime as dt

from icalendar import Calendar
from recurrence import deserialize

from django.test import TestCase

from events.models import EventDateChange, EventPage
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site


class DateSyncTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)

    def setUp(self):
        self.de = EventPage.objects.get(pk=self.site.event.pk)
        self.ru = self.de.get_translation(self.site.ru)

    def publish_german(self, change):
        revision_page = self.de.get_latest_revision_as_object()
        change(revision_page)
        with self.captureOnCommitCallbacks(execute=True):
            revision_page.save_revision().publish()
        return EventPage.objects.get(pk=self.ru.pk)

    def test_new_rule_and_cancelled_date_reach_the_russian_page_feed_and_calendar(self):
        def change(page):
            page.start_date = dt.date(2027, 1, 5)
            page.start_time = dt.time(17)
            page.recurrence = deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4")
            page.date_changes = [
                EventDateChange(date=dt.date(2027, 1, 12), action="cancel", reason="Krankheit")
            ]

        ru = self.publish_german(change)
        self.assertEqual(ru.title, russian("Deutsch-Café"))  # text untouched
        self.assertEqual(ru.start_time, dt.time(17))
        self.assertEqual(str(ru.recurrence), str(EventPage.objects.get(pk=self.de.pk).recurrence))
        self.assertEqual(
            [(c.date, c.action, c.locale_id) for c in ru.date_changes.all()],
            [(dt.date(2027, 1, 12), "cancel", self.site.ru.pk)],
        )
        self.assertFalse(ru.has_unpublished_changes)

        month = self.client.get(ru.get_parent().url + "monat/?monat=2027-01")
        self.assertContains(month, "отменено")
        self.assertContains(month, "17:00")

        feed = Calendar.from_ical(self.client.get(ru.url + "feed.ics").content)
        (vevent,) = feed.walk("VEVENT")
        self.assertEqual(str(vevent["SUMMARY"]), russian("Deutsch-Café"))
        self.assertEqual(vevent["DTSTART"].dt.hour, 17)
        self.assertEqual([d.dt.date() for d in vevent["EXDATE"].dts], [dt.date(2027, 1, 12)])

    def test_reason_uses_the_translators_russian_once_there_is_one(self):
        def cancel(page):
            page.date_changes = [
                EventDateChange(date=page.start_date, action="cancel", reason="Krankheit")
            ]

        ru = self.publish_german(cancel)
        self.assertEqual(ru.date_changes.get().reason, "Krankheit")  # not yet translated

        # The translator translates the page (reason included) in wagtail-localize.
        translate_object(EventPage.objects.get(pk=self.de.pk), self.site.ru, russian)
        ru = EventPage.objects.get(pk=self.ru.pk)
        self.assertEqual(ru.date_changes.get().reason, russian("Krankheit"))

        def later(page):
            page.start_time = dt.time(19)

        ru = self.publish_german(later)
        self.assertEqual(ru.start_time, dt.time(19))
        self.assertEqual(ru.date_changes.get().reason, russian("Krankheit"))

    def test_unpublished_translation_stays_unpublished(self):
        self.ru.unpublish()
        self.publish_german(lambda page: setattr(page, "start_time", dt.time(9)))
        ru = EventPage.objects.get(pk=self.ru.pk)
        self.assertFalse(ru.live)
