"""Subscribing: the buttons on calendar, agency and event pages lead to the
right feed, and the RSS feeds announce upcoming dates and changes."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

from recurrence import deserialize

from django.test import TestCase
from django.utils import timezone

from events.factories import EventPageFactory
from events.models import EventDateChange
from events.subscribe_links import Subscription
from tests.utils import build_site, translate_site


def button(section, label):
    """The href of the subscribe button labelled ``label``."""
    match = section.split(f">{label}</a>")[0].rsplit('href="', 1)[1]
    return match.split('"')[0].replace("&amp;", "&")


def links(response):
    html = response.content.decode()
    section = html[html.index('<section class="subscribe"') :]
    return section[: section.index("</section>")]


class SubscribeButtonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)

    def test_calendar_page_subscribes_to_what_is_shown(self):
        index = self.site.event_index.url
        section = links(self.client.get(index + f"?agentur={self.site.agency.slug}"))
        feed = f"http://testserver{index}feed.ics?agentur={self.site.agency.slug}"
        self.assertIn(f'href="{feed.replace("http:", "webcal:")}"', section)
        self.assertIn(f'value="{feed}"', section)
        google = section.split('href="https://calendar.google.com/calendar/render?')[1]
        self.assertEqual(
            parse_qs(google.split('"')[0].replace("&amp;", "&"))["cid"],
            [feed.replace("http:", "webcal:")],
        )
        self.assertIn("https://outlook.live.com/calendar/0/addfromweb?url=", section)
        self.assertIn("https://outlook.office.com/calendar/0/addfromweb?url=", section)
        self.assertIn("RSS-Feed der Änderungen", section)

    def test_agency_page_subscribes_to_its_own_events(self):
        section = links(self.client.get(self.site.agency.url))
        feed = f"{self.site.event_index.url}feed.ics?agentur={self.site.agency.slug}"
        self.assertIn(f'value="http://testserver{feed}"', section)
        response = self.client.get(feed)
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"SUMMARY:Deutsch-Caf\xc3\xa9", response.content)

    def test_focus_area_and_project_pages_have_their_feeds(self):
        for page, parameter in [
            (self.site.focus_area, "schwerpunkt"),
            (self.site.project, "projekt"),
        ]:
            with self.subTest(page=page.title):
                section = links(self.client.get(page.url))
                feed = f"{self.site.event_index.url}feed.ics?{parameter}={page.slug}"
                self.assertIn(f'value="http://testserver{feed}"', section)
                self.assertEqual(self.client.get(feed).status_code, 200)

    def test_event_page_offers_its_series(self):
        section = links(self.client.get(self.site.event.url))
        self.assertIn(f'href="webcal://testserver{self.site.event.url}feed.ics"', section)
        self.assertIn("In den eigenen Kalender eintragen", section)

    def test_russian_page_explains_in_russian(self):
        russian_index = self.site.event_index.get_translation(self.site.ru)
        section = links(self.client.get(russian_index.url))
        self.assertIn("Подписаться на встречи в своём календаре", section)
        self.assertIn("Google забирает изменения лишь раз в несколько часов", section)
        self.assertIn(f"webcal://testserver{russian_index.url}feed.ics", section)


class OutlookAndAppleLinkTests(TestCase):
    """webcal:// for Apple; for Outlook (whose new Windows app mangles
    webcal://) Microsoft's "add from web" links carrying the https feed."""

    FEED = "https://example.org/de/veranstaltungen/feed.ics?agentur=oh&sprache=ru"

    def test_apple_gets_webcal_and_outlook_the_https_feed_encoded(self):
        subscription = Subscription(url=self.FEED, name="Veranstaltungen – Oberhausen & mehr")
        self.assertEqual(
            subscription.webcal_url,
            "webcal://example.org/de/veranstaltungen/feed.ics?agentur=oh&sprache=ru",
        )
        for link, host in [
            (subscription.outlook_com_url, "outlook.live.com"),
            (subscription.office365_url, "outlook.office.com"),
        ]:
            with self.subTest(host=host):
                parts = urlsplit(link)
                self.assertEqual((parts.scheme, parts.netloc), ("https", host))
                self.assertEqual(parts.path, "/calendar/0/addfromweb")
                # The feed's own query string is encoded, not cut off at "&".
                self.assertNotIn("&sprache=", link)
                self.assertEqual(
                    parse_qs(parts.query),
                    {"url": [self.FEED], "name": ["Veranstaltungen – Oberhausen & mehr"]},
                )


class SubscribeButtonLabelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)

    def test_separate_buttons_for_apple_and_outlook_in_german(self):
        index = self.site.event_index.url
        section = links(self.client.get(index + f"?agentur={self.site.agency.slug}"))
        feed = f"http://testserver{index}feed.ics?agentur={self.site.agency.slug}"
        self.assertEqual(
            button(section, "Apple-Kalender: iPhone, iPad, Mac"), feed.replace("http:", "webcal:")
        )
        for label, host in [
            ("Outlook für Windows, privates Konto (Outlook.com, Hotmail)", "outlook.live.com"),
            ("Outlook für Windows, Dienstkonto (Microsoft 365)", "outlook.office.com"),
        ]:
            with self.subTest(label=label):
                parts = urlsplit(button(section, label))
                self.assertEqual(parts.netloc, host)
                self.assertEqual(parse_qs(parts.query)["url"], [feed])
        self.assertNotIn("webcal:", section.split("Apple-Kalender")[1])
        self.assertNotIn("Outlook am PC", section)

    def test_separate_buttons_for_apple_and_outlook_in_russian(self):
        event_ru = self.site.event.get_translation(self.site.ru)
        section = links(self.client.get(event_ru.url))
        feed = f"http://testserver{event_ru.url}feed.ics"
        self.assertEqual(
            button(section, "Календарь Apple: iPhone, iPad, Mac"), feed.replace("http:", "webcal:")
        )
        outlook = button(
            section, "Outlook для Windows, личная учётная запись (Outlook.com, Hotmail)"
        )
        self.assertEqual(parse_qs(urlsplit(outlook).query)["url"], [feed])
        work = button(section, "Outlook для Windows, рабочая учётная запись (Microsoft 365)")
        self.assertEqual(parse_qs(urlsplit(work).query)["url"], [feed])
        self.assertIn("Интернет-календари", section)


class RssTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        today = timezone.localdate()
        cls.first = today + dt.timedelta(days=7 + (1 - today.weekday()) % 7)
        cls.series = EventPageFactory(
            parent=cls.site.event_index,
            title="Beratung",
            start_date=cls.first,
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=5"),
        )
        EventDateChange.objects.create(
            page=cls.series,
            date=cls.first + dt.timedelta(days=7),
            action="cancel",
            reason="Krankheit",
        )
        EventDateChange.objects.create(
            page=cls.series,
            date=cls.first + dt.timedelta(days=14),
            action="cancel",
            created_at=timezone.now() - dt.timedelta(days=45),
        )
        cls.series.save_revision().publish()  # first publication: a new event

    def items(self, url):
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
        root = ElementTree.fromstring(response.content)
        return [
            (item.findtext("title"), item.findtext("description")) for item in root.iter("item")
        ]

    def test_upcoming_feed_lists_dates_with_their_status(self):
        titles = [title for title, _ in self.items(self.site.event_index.url + "rss/")]
        self.assertIn("Beratung", titles[0] + "".join(titles))
        self.assertEqual(sum("Abgesagt – " in title for title in titles), 2)

    def test_changes_feed_announces_recent_changes_newest_first(self):
        items = self.items(self.site.event_index.url + "rss/aenderungen/")
        titles = [title for title, _ in items]
        cancelled = [t for t in titles if t.startswith("Abgesagt – ")]
        # Only the cancellation entered recently, not the one from 45 days ago.
        self.assertEqual(len(cancelled), 1, titles)
        self.assertIn("Krankheit", dict(items)[cancelled[0]])
        # Both events were published just now: announced as new.
        self.assertTrue(any(t.startswith("Neu: ") and "Beratung" in t for t in titles))

    def test_calendar_page_links_its_feeds(self):
        response = self.client.get(self.site.event_index.url)
        self.assertContains(response, 'type="application/rss+xml"', count=3)
        self.assertContains(response, 'rel="alternate" type="text/calendar"')
        path = urlsplit(self.site.event_index.url).path
        self.assertContains(response, f'href="{path}rss/aenderungen/"')
