"""The calendar's frame (feed links, choice of view, filter fields, subscribe
box) is rendered once per change and shared by the calendar's addresses
(events.views.calendar_frame), with the page cache on as in production: a
visitor never sees a stale agency name, in any view, filtered or not.

The agency is renamed by a moderator through the admin; its after-commit
callbacks run as a commit would run them (captureOnCommitCallbacks).
"""

import datetime as dt
from urllib.parse import quote_plus

from django.core.cache import caches
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.test.utils import WagtailTestUtils

from site_core.roles import MODERATORS, setup_roles
from tests.admin_forms import publish_in_admin
from tests.utils import build_site, translate_site, uncached_visitor, user_in

FRAME_TEMPLATE = "events/includes/subscribe.html"


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class CalendarFrameTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)
        setup_roles()
        cls.moderator = user_in(MODERATORS, "moderation")

    def setUp(self):
        caches["pages"].clear()
        self.visitor = uncached_visitor()
        index = self.site.event_index
        self.views = {
            "list": index.url,
            "month": index.url + "monat/?monat=2026-12",
            "archive": index.url + "archiv/",
            "filtered list": index.url + "?agentur=oh",
            "filtered month": index.url + "monat/?agentur=oh",
        }

    def get(self, url):
        response = self.visitor.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertNotIn("X-Cache", response.headers, "served by the page cache")
        return response

    def frame_rendered(self, response):
        return FRAME_TEMPLATE in [template.name for template in response.templates]

    def moderator_renames_agency(self, title):
        publish_in_admin(self, self.moderator, self.site.agency, title=title)

    def test_addresses_of_a_view_share_its_frame(self):
        index = self.site.event_index
        self.assertTrue(self.frame_rendered(self.get(index.url)))
        # The list from another day, another month: the same frame, not rendered again.
        later = timezone.localdate() + dt.timedelta(days=7)
        self.assertFalse(self.frame_rendered(self.get(index.url + f"?ab={later.isoformat()}")))
        self.assertTrue(self.frame_rendered(self.get(index.url + "monat/?monat=2026-12")))
        response = self.get(index.url + "monat/?monat=2027-01")
        self.assertFalse(self.frame_rendered(response))
        # The month is the address's own, kept by the filter form.
        self.assertContains(response, '<input type="hidden" name="monat" value="2027-01">')
        self.assertContains(response, 'aria-current="page">Monat</a>')
        # Filters are part of the frame: the filtered list has its own.
        response = self.get(index.url + "?agentur=oh")
        self.assertTrue(self.frame_rendered(response))
        self.assertContains(response, '<option value="oh" selected>')
        self.assertContains(response, "Gefiltert: <strong>Integrationsagentur Oberhausen</strong>")

    def test_an_unknown_filter_is_reported_and_its_frame_not_kept(self):
        url = self.site.event_index.url + "?agentur=gibt-es-nicht"
        for _ in range(2):
            response = self.get(url)
            self.assertContains(response, "Ein Filter war ungültig und wurde ignoriert.")
            self.assertTrue(self.frame_rendered(response))

    def test_a_renamed_agency_shows_in_every_view_on_the_next_render(self):
        for url in self.views.values():
            self.get(url)  # every frame stored
        self.moderator_renames_agency("IA Oberhausen-Mitte")
        for view, url in self.views.items():
            response = self.get(url)
            html = response.content.decode()
            with self.subTest(view):
                self.assertTrue(self.frame_rendered(response))
                self.assertIn('<option value="oh"', html)
                self.assertIn(">IA Oberhausen-Mitte</option>", html)
                self.assertNotIn("Integrationsagentur Oberhausen", html)
        html = self.get(self.views["filtered list"]).content.decode()
        self.assertIn("Gefiltert: <strong>IA Oberhausen-Mitte</strong>", html)
        # The subscription is named after what it filters.
        self.assertIn("name=" + quote_plus("Veranstaltungen – IA Oberhausen-Mitte"), html)

    def test_an_event_published_leaves_the_frame_as_it_is(self):
        for url in self.views.values():
            self.get(url)  # every frame stored
        publish_in_admin(self, self.moderator, self.site.event, title="Deutsch-Café am Abend")
        # The calendar renders again with the new title, but not its frame:
        # no event shows in it, so an event's publish leaves it stored.
        response = self.get(self.views["list"])
        self.assertContains(response, "Deutsch-Café am Abend")
        self.assertFalse(self.frame_rendered(response))
        self.assertContains(response, ">Integrationsagentur Oberhausen</option>")
