"""Pages behind a view restriction (login, password or groups) stay out of
everything anonymous visitors see: the menu, the calendar's filters and its
dates, for a restriction on the page itself or on an ancestor."""

from django.test import TestCase

from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory
from tests.utils import build_site


class RestrictedPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.site.agency.show_in_menus = True
        cls.site.agency.save_revision().publish()
        cls.site.standard.show_in_menus = True
        cls.site.standard.save_revision().publish()
        cls.internal = EventPageFactory(
            parent=cls.site.event_index, title="Teamsitzung", agency=cls.site.agency
        )

    def restrict(self, page, kind=PageViewRestriction.LOGIN):
        return PageViewRestriction.objects.create(
            page=page, restriction_type=kind, password="geheim"
        )

    def test_a_restriction_on_an_ancestor_hides_the_dates_below_it(self):
        self.restrict(self.site.event_index, PageViewRestriction.PASSWORD)
        for url in [self.site.home.url, self.site.agency.url]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Teamsitzung")
                self.assertNotContains(response, "Deutsch-Café")

    def test_a_restricted_event_leaves_the_calendar(self):
        url = self.site.event_index.url
        self.assertContains(self.client.get(url), "Teamsitzung")
        self.restrict(self.internal)
        response = self.client.get(url)
        self.assertNotContains(response, "Teamsitzung")
        self.assertContains(response, "Deutsch-Café")

    def test_a_restricted_page_leaves_menu_and_calendar_filters(self):
        response = self.client.get(self.site.event_index.url)
        self.assertContains(response, 'value="oh"')
        self.assertContains(response, f'href="{self.site.standard.url}"')
        self.restrict(self.site.agency, PageViewRestriction.PASSWORD)
        self.restrict(self.site.standard)
        response = self.client.get(self.site.event_index.url)
        self.assertNotContains(response, 'value="oh"')
        self.assertNotContains(response, f'href="{self.site.standard.url}"')
        # A link that still names the agency gets the whole calendar.
        response = self.client.get(self.site.event_index.url + "?agentur=oh")
        self.assertContains(response, "Ein Filter war ungültig und wurde ignoriert.")
