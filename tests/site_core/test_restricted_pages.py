"""Pages behind a view restriction (login, password or groups) stay out of
everything anonymous visitors see: the menu, the calendar's filters and its
dates, for a restriction on the page itself or on an ancestor, in German and
in Russian."""

from django.test import TestCase

from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site


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


class RestrictedRussianTwinTests(TestCase):
    """The Russian twin of a restricted German page is restricted too
    (site_core.restrictions), so the Russian listings leave it out as the
    German ones leave out the German page."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.ru_title = russian("Deutsch-Café")

    def test_a_restriction_on_the_german_calendar_hides_the_russian_dates(self):
        ru_home = self.site.home.get_translation(self.site.ru)
        ru_agency = self.site.agency.get_translation(self.site.ru)
        for page in [ru_home, ru_agency]:
            self.assertContains(self.client.get(page.url), self.ru_title)
        PageViewRestriction.objects.create(
            page=self.site.event_index, restriction_type=PageViewRestriction.LOGIN
        )
        for page in [ru_home, ru_agency]:
            with self.subTest(url=page.url):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, self.ru_title)

    def test_a_translation_made_later_is_restricted_from_the_start(self):
        # wagtail-localize copies the restriction when it saves a translation
        # (Translation.sync_view_restrictions); so does site_core.restrictions.
        event = EventPageFactory(parent=self.site.event_index, title="Teamsitzung")
        PageViewRestriction.objects.create(
            page=event, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
        )
        translate_object(event, self.site.ru, russian)
        ru_event = event.get_translation(self.site.ru)
        self.assertTrue(ru_event.live)
        self.assertContains(self.client.get(ru_event.url), 'name="password"')
        ru_index = self.site.event_index.get_translation(self.site.ru)
        self.assertNotContains(self.client.get(ru_index.url), "Teamsitzung")
