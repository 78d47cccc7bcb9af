"""The calendar list and archive render their dates in one tag
(``{% calendar_lines %}``) from the stored rows with the event's stored
title and address (issue 19): what a visitor reads and where each link
leads is what ``events/includes/occurrence.html`` shows for the event pages,
for every kind of date (cancelled with a reason, moved to another day and
place, with a note, a holiday skipped, all-day, multi-day), in German and
in Russian."""

import datetime as dt
import re

from recurrence import deserialize

from django.template.loader import render_to_string
from django.test import RequestFactory, TestCase
from django.utils import translation
from django.utils.html import escape

from events.factories import EventPageFactory
from events.models import EventDateChange
from events.occurrences import occurrences_from
from events.store import store_all
from events.templatetags.calendar_tags import calendar_lines
from site_core.factories import LocationFactory
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site

# A Thursday series in spring 2027 that skips public holidays (Ascension
# Day, 6 May 2027, is a Thursday).
FIRST = dt.date(2027, 4, 1)
CANCELLED, MOVED, NOTE = dt.date(2027, 4, 8), dt.date(2027, 4, 15), dt.date(2027, 4, 22)


def tidy(html):
    """The HTML without the whitespace between tags that templates leave."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


class CalendarLinesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        hall = LocationFactory(name="Gemeindezentrum", street="Gemeindeplatz 3")
        annex = LocationFactory(name="Nebenraum", street="Hinterhof 1")
        index = cls.site.event_index
        cls.series = EventPageFactory(
            parent=index,
            title="Gesprächskreis <&>",
            slug="gespraechskreis",
            start_date=FIRST,
            start_time=dt.time(18),
            end_time=dt.time(19, 30),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=6"),
            skip_public_holidays=True,
            location=hall,
        )
        for date, action, fields in [
            (CANCELLED, "cancel", {"reason": "Die Kursleitung ist krank."}),
            (
                MOVED,
                "move",
                {
                    "new_date": MOVED + dt.timedelta(days=1),
                    "new_start_time": dt.time(19),
                    "new_end_time": dt.time(20, 30),
                    "new_location": annex,
                    "reason": "Der Saal ist belegt.",
                },
            ),
            (NOTE, "note", {"reason": "Bitte einen Ausweis mitbringen."}),
        ]:
            EventDateChange.objects.create(page=cls.series, date=date, action=action, **fields)
        cls.series.save_revision().publish()
        EventPageFactory(
            parent=index,
            title="Sommerfest",
            start_date=dt.date(2027, 4, 10),
            start_time=None,
            end_time=None,
            recurrence="",
        )
        EventPageFactory(
            parent=index,
            title="Wochenendseminar",
            start_date=dt.date(2027, 4, 17),
            end_date=dt.date(2027, 4, 18),
            start_time=dt.time(10),
            end_time=dt.time(16),
            recurrence="",
        )
        EventPageFactory(
            parent=index, title="Ohne Ende", start_date=FIRST, start_time=dt.time(9), end_time=None
        )
        translate_site(cls.site)
        translate_object(cls.series, cls.site.ru, russian)
        store_all()

    def both(self, language):
        """The list's lines from the stored rows and occurrence.html's for
        the event pages, for the same dates."""
        locale = self.site.de if language == "de" else self.site.ru
        request = RequestFactory().get("/", HTTP_HOST="testserver")
        with translation.override(language):
            listed = occurrences_from(FIRST, locale=locale, limit=50, days=60, listed=True)
            pages = occurrences_from(FIRST, locale=locale, limit=50, days=60)
            new = calendar_lines({"request": request}, listed)
            old = "".join(
                render_to_string(
                    "events/includes/occurrence.html",
                    {"occurrence": occurrence, "heading": "h4", "request": request},
                )
                for occurrence in pages
            )
        return listed, tidy(new), tidy(old)

    def test_every_kind_of_date_reads_as_on_the_event_pages(self):
        listed, new, old = self.both("de")
        self.assertEqual(new, old)
        # Every kind of date is among them.
        self.assertEqual(
            {occurrence.status for occurrence in listed},
            {"scheduled", "cancelled", "moved", "skipped-holiday"},
        )
        for text in [
            "Die Kursleitung ist krank.",
            "Ursprünglich am Donnerstag, 15. April",
            "Hinweis: Bitte einen Ausweis mitbringen.",
            "(ganztägig)",
            "Nebenraum",
            "Gesprächskreis &lt;&amp;&gt;",
            f'<a href="{self.series.url}2027-04-15/">',
        ]:
            with self.subTest(text):
                self.assertIn(text, new)

    def test_in_russian(self):
        listed, new, old = self.both("ru")
        self.assertEqual(new, old)
        series_ru = self.series.get_translation(self.site.ru)
        self.assertIn(f'<a href="{series_ru.url}">{escape(series_ru.title)}</a>', new)
        self.assertTrue(series_ru.url.startswith("/ru/"))
        self.assertIn("Первоначально", new)
