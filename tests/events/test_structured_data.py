"""schema.org Event data on event pages, from the same occurrences the page lists."""

import datetime as dt
import json
import re

from recurrence import deserialize

from django.test import TestCase
from django.utils import timezone

from events.factories import EventPageFactory
from events.models import EventDateChange
from site_core.factories import LocationFactory
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured_data(response):
    blocks = JSON_LD.findall(response.content.decode())
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


class EventStructuredDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        today = timezone.localdate()
        # A Tuesday a week or more ahead, whatever day the tests run.
        cls.first = today + dt.timedelta(days=7 + (1 - today.weekday()) % 7)
        cls.event = EventPageFactory(
            parent=cls.site.event_index,
            title="Gesprächskreis </script> & mehr",
            introduction="Wir sprechen Deutsch.",
            start_date=cls.first,
            start_time=dt.time(18),
            end_time=dt.time(20),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=4"),
            agency=cls.site.agency,
            location=LocationFactory(name="Gemeindezentrum", latitude=51.47, longitude=6.85),
            event_language="de-ru",
        )
        EventDateChange.objects.create(
            page=cls.event, date=cls.first + dt.timedelta(days=7), action="cancel"
        )
        EventDateChange.objects.create(
            page=cls.event,
            date=cls.first + dt.timedelta(days=14),
            action="move",
            new_date=cls.first + dt.timedelta(days=15),
        )
        cls.event.save_revision().publish()
        translate_site(cls.site)
        translate_object(cls.event, cls.site.ru, russian)

    def test_one_event_per_listed_date_with_its_status(self):
        items = structured_data(self.client.get(self.event.url))
        self.assertEqual(
            [item["eventStatus"].removeprefix("https://schema.org/") for item in items],
            ["EventScheduled", "EventCancelled", "EventRescheduled", "EventScheduled"],
        )
        first, _, moved, _ = items
        self.assertEqual(first["@type"], "Event")
        self.assertEqual(first["name"], "Gesprächskreis </script> & mehr")
        self.assertEqual(first["startDate"][:16], f"{self.first.isoformat()}T18:00")
        self.assertRegex(first["startDate"], r"\+0[12]:00$")  # Berlin, never floating
        self.assertEqual(first["endDate"][11:16], "20:00")
        self.assertEqual(moved["previousStartDate"], (self.first + dt.timedelta(14)).isoformat())
        self.assertTrue(moved["startDate"].startswith((self.first + dt.timedelta(15)).isoformat()))

    def test_location_organizer_and_languages(self):
        item = structured_data(self.client.get(self.event.url))[0]
        self.assertEqual(item["location"]["name"], "Gemeindezentrum")
        self.assertEqual(item["location"]["address"]["addressLocality"], "Oberhausen")
        self.assertEqual(item["location"]["geo"]["latitude"], 51.47)
        self.assertEqual(item["organizer"]["name"], "Integrationsagentur Oberhausen")
        self.assertEqual(item["inLanguage"], ["de", "ru"])
        self.assertEqual(item["url"], "http://testserver" + self.event.url)

    def test_title_cannot_end_the_script_element(self):
        html = self.client.get(self.event.url).content.decode()
        self.assertNotIn("Gesprächskreis </script>", html.split("</title>")[1].split("</head>")[0])

    def test_russian_page_describes_itself_in_russian(self):
        russian = self.event.get_translation(self.site.ru)
        item = structured_data(self.client.get(russian.url))[0]
        self.assertEqual(item["name"], russian.title)
        self.assertIn("/ru/", item["url"])
        self.assertEqual(item["organizer"]["name"], "Integrationsagentur Oberhausen (по-русски)")
