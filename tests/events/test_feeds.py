"""The iCalendar feeds as calendar clients fetch them: HTTP, the VCALENDAR's
own properties, and what each VEVENT says. (Whether real calendar engines
expand the feeds to the site's dates is tested in tests/feeds.)"""

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar
from recurrence import deserialize

from django.test import TestCase
from django.utils import timezone

from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory
from events.models import EventDateChange
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site

BERLIN = ZoneInfo("Europe/Berlin")


def parse(response):
    return Calendar.from_ical(response.content)


def masters(cal):
    return [c for c in cal.walk("VEVENT") if "RECURRENCE-ID" not in c]


class FeedTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.feed_url = cls.site.event_index.url + "feed.ics"


class FeedHttpTests(FeedTestCase):
    def test_served_as_calendar_with_a_file_name(self):
        response = self.client.get(self.feed_url)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8; method=PUBLISH")
        self.assertEqual(response["Content-Disposition"], 'inline; filename="veranstaltungen.ics"')
        self.assertNotIn("Content-Encoding", response)
        self.assertFalse(response.cookies)

    def test_conditional_get_answers_304(self):
        response = self.client.get(self.feed_url)
        etag, last_modified = response["ETag"], response["Last-Modified"]
        self.assertRegex(etag, r'^"[0-9a-f]{32}"$')  # strong: no W/
        self.assertEqual(self.client.get(self.feed_url, HTTP_IF_NONE_MATCH=etag).status_code, 304)
        self.assertEqual(
            self.client.get(self.feed_url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code,
            304,
        )
        self.assertEqual(
            self.client.get(self.feed_url, HTTP_IF_NONE_MATCH='"other"').status_code, 200
        )

    def test_same_bytes_until_something_is_published(self):
        first = self.client.get(self.feed_url)
        self.assertEqual(first.content, self.client.get(self.feed_url).content)
        self.site.event.title = "Deutsch-Café am Abend"
        self.site.event.save_revision().publish()
        second = self.client.get(self.feed_url)
        self.assertNotEqual(first["ETag"], second["ETag"])
        self.assertEqual(
            self.client.get(self.feed_url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 200
        )

    def test_unknown_feeds_and_filters_are_404(self):
        for url in [
            "/de/gibt-es-nicht/feed.ics",
            self.feed_url + "?agentur=gibt-es-nicht",
            self.feed_url + "?sprache=fr",
            self.feed_url + "?schwerpunkt=%00",
            self.site.standard.url + "feed.ics",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_filtered_feed(self):
        EventPageFactory(parent=self.site.event_index, title="Anderswo", agency=None)
        cal = parse(self.client.get(self.feed_url + f"?agentur={self.site.agency.slug}"))
        self.assertEqual([str(e["SUMMARY"]) for e in masters(cal)], ["Deutsch-Café"])
        self.assertEqual(
            str(cal["X-WR-CALNAME"]), "Veranstaltungen – Integrationsagentur Oberhausen"
        )


class FeedVisibilityTests(FeedTestCase):
    def titles(self):
        return {str(e["SUMMARY"]) for e in masters(parse(self.client.get(self.feed_url)))}

    def test_drafts_private_and_expired_events_never_appear(self):
        draft = EventPageFactory(parent=self.site.event_index, title="Entwurf", live=False)
        private = EventPageFactory(parent=self.site.event_index, title="Intern")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        EventPageFactory(
            parent=self.site.event_index,
            title="Abgelaufen",
            expire_at=timezone.now() - dt.timedelta(hours=1),
        )
        self.assertEqual(self.titles(), {"Deutsch-Café"})
        self.assertEqual(self.client.get(private.url + "feed.ics").status_code, 302)
        self.assertEqual(self.client.get(draft.url + "feed.ics").status_code, 404)


class FeedContentTests(FeedTestCase):
    def test_calendar_properties(self):
        cal = parse(self.client.get(self.feed_url))
        self.assertEqual(str(cal["VERSION"]), "2.0")
        self.assertEqual(str(cal["METHOD"]), "PUBLISH")
        self.assertEqual(str(cal["CALSCALE"]), "GREGORIAN")
        self.assertEqual(str(cal["X-WR-CALNAME"]), "Veranstaltungen")
        self.assertEqual(cal["REFRESH-INTERVAL"].dt, dt.timedelta(hours=6))
        body = self.client.get(self.feed_url).content.decode()
        self.assertIn("REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n", body)
        self.assertIn("X-PUBLISHED-TTL:PT6H\r\n", body)
        # Every calendar property comes before the first component.
        self.assertLess(body.index("X-WR-CALNAME"), body.index("BEGIN:VTIMEZONE"))

    def test_one_compact_vtimezone(self):
        cal = parse(self.client.get(self.feed_url))
        (tz,) = cal.walk("VTIMEZONE")
        self.assertEqual(str(tz["TZID"]), "Europe/Berlin")
        self.assertEqual(sorted(c.name for c in tz.subcomponents), ["DAYLIGHT", "STANDARD"])
        for component in tz.subcomponents:
            self.assertIn("RRULE", component)
            self.assertNotIn("RDATE", component)
            self.assertNotIn("UNTIL", component["RRULE"])

    def test_weekly_series_with_until_exdate_cancellation_and_move(self):
        event = EventPageFactory(
            parent=self.site.event_index,
            title="Kurs",
            start_date=dt.date(2027, 3, 2),
            start_time=dt.time(18),
            end_time=dt.time(19, 30),
            recurrence=deserialize(
                # As the widget writes them: local midnight of the chosen day, in UTC.
                "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270426T220000Z\nEXDATE:20270308T230000Z"
            ),
        )
        EventDateChange.objects.create(
            page=event, date=dt.date(2027, 3, 16), action="cancel", reason="Krankheit"
        )
        EventDateChange.objects.create(
            page=event,
            date=dt.date(2027, 3, 30),
            action="move",
            new_date=dt.date(2027, 3, 31),
            new_start_time=dt.time(17),
            reason="Raumtausch",
        )
        cal = parse(self.client.get(event.url + "feed.ics"))
        master, override = cal.walk("VEVENT")
        self.assertEqual(master["DTSTART"].dt, dt.datetime(2027, 3, 2, 18, tzinfo=BERLIN))
        self.assertEqual(master["DTSTART"].params["TZID"], "Europe/Berlin")
        # UNTIL in UTC: the last start, 27 April 18:00 summer time.
        self.assertEqual(master["RRULE"]["UNTIL"][0], dt.datetime(2027, 4, 27, 16, tzinfo=dt.UTC))
        exdates = [d.dt for d in master["EXDATE"].dts]
        self.assertEqual(
            exdates,
            [
                dt.datetime(2027, 3, 9, 18, tzinfo=BERLIN),
                dt.datetime(2027, 3, 16, 18, tzinfo=BERLIN),
            ],
        )
        self.assertEqual(master["EXDATE"].params["TZID"], "Europe/Berlin")
        self.assertEqual(override["UID"], master["UID"])
        self.assertEqual(override["RECURRENCE-ID"].dt, dt.datetime(2027, 3, 30, 18, tzinfo=BERLIN))
        self.assertEqual(override["DTSTART"].dt, dt.datetime(2027, 3, 31, 17, tzinfo=BERLIN))
        self.assertIn("Raumtausch", override["DESCRIPTION"])

    def test_all_day_and_multi_day_events_are_dates(self):
        EventPageFactory(
            parent=self.site.event_index,
            title="Wochenendseminar",
            start_date=dt.date(2027, 6, 11),
            end_date=dt.date(2027, 6, 13),
            start_time=None,
            end_time=None,
        )
        cal = parse(self.client.get(self.feed_url))
        (seminar,) = [e for e in cal.walk("VEVENT") if e["SUMMARY"] == "Wochenendseminar"]
        self.assertEqual(seminar["DTSTART"].dt, dt.date(2027, 6, 11))
        self.assertEqual(seminar["DTEND"].dt, dt.date(2027, 6, 14))  # exclusive
        body = self.client.get(self.feed_url).content.decode()
        self.assertIn("DTSTART;VALUE=DATE:20270611\r\n", body)

    def test_no_floating_times(self):
        body = self.client.get(self.feed_url).content.decode()
        events = body[body.index("END:VTIMEZONE") :]  # VTIMEZONE's own times are local
        for line in events.replace("\r\n ", "").split("\r\n"):
            if line.startswith(("DTSTART", "DTEND", "EXDATE", "RDATE", "RECURRENCE-ID")):
                self.assertTrue("TZID=Europe/Berlin" in line or "VALUE=DATE" in line, line)

    def test_awkward_text_survives_a_round_trip(self):
        title = "Frühstück, Kaffee; Tee – Завтрак 🎉"
        self.site.event_index.title = "Termine, Kurse; Treffen"
        self.site.event_index.introduction = "Zeile eins\nZeile zwei; mit Komma, und Emoji 🗓"
        self.site.event_index.save_revision().publish()
        event = EventPageFactory(
            parent=self.site.event_index, title=title, introduction="A,\nB;\\C"
        )
        response = self.client.get(self.feed_url)
        body = response.content.decode()
        # Escaped as TEXT (icalendar 7.3 would write these raw, and break the
        # line structure on a newline).
        self.assertIn("\r\nX-WR-CALNAME:Termine\\, Kurse\\; Treffen\r\n", body)
        self.assertIn("\r\nNAME:Termine\\, Kurse\\; Treffen\r\n", body)
        cal = parse(response)
        description = "Zeile eins\nZeile zwei; mit Komma, und Emoji 🗓"
        self.assertEqual(str(cal["DESCRIPTION"]), description)
        self.assertIn(
            "\r\nX-WR-CALDESC:Zeile eins\\nZeile zwei\\; mit Komma\\, und Emoji 🗓\r\n", body
        )
        (vevent,) = [
            e
            for e in masters(cal)
            if e["UID"].endswith(f"{event.translation_key}@integrationsagenturen")
        ]
        self.assertEqual(str(vevent["SUMMARY"]), title)
        self.assertTrue(str(vevent["DESCRIPTION"]).startswith("A,\nB;\\C"))


class TranslatedFeedTests(FeedTestCase):
    def test_russian_feed_shares_uids_and_speaks_russian(self):
        translate_site(self.site)
        russian_index = self.site.event_index.get_translation(self.site.ru)
        de = parse(self.client.get(self.feed_url))
        ru = parse(self.client.get(russian_index.url + "feed.ics"))
        self.assertEqual([str(e["UID"]) for e in masters(de)], [str(e["UID"]) for e in masters(ru)])
        self.assertEqual(str(masters(ru)[0]["SUMMARY"]), russian("Deutsch-Café"))
        self.assertIn("/ru/", str(masters(ru)[0]["URL"]))
        self.assertEqual(str(ru["X-WR-CALNAME"]), russian("Veranstaltungen"))

    def test_event_feed_is_one_series(self):
        event = EventPageFactory(
            parent=self.site.event_index,
            title="Einzeln",
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"),
        )
        translate_object(event, self.site.ru, russian)
        cal = parse(self.client.get(event.url + "feed.ics"))
        self.assertEqual([str(e["SUMMARY"]) for e in cal.walk("VEVENT")], ["Einzeln"])
        self.assertEqual(str(cal["X-WR-CALNAME"]), "Einzeln")


class HolidayFeedTests(FeedTestCase):
    def test_a_one_off_event_on_a_holiday_is_cancelled_in_feed_and_rss(self):
        today = timezone.localdate()
        christmas = dt.date(today.year, 12, 25)
        if christmas < today:
            christmas = christmas.replace(year=today.year + 1)
        event = EventPageFactory(
            parent=self.site.event_index,
            title="Weihnachtsfeier",
            start_date=christmas,
            skip_public_holidays=True,
        )
        response = self.client.get(event.url + "feed.ics")
        self.assertEqual(response.status_code, 200)
        (vevent,) = parse(response).walk("VEVENT")
        self.assertEqual(str(vevent["STATUS"]), "CANCELLED")
        self.assertIn("1. Weihnachtstag", str(vevent["DESCRIPTION"]))
        for url in ["rss/", "rss/aenderungen/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(self.site.event_index.url + url).status_code, 200)
