"""The calendar's filter choices are kept between renders as a fragment of
the calendar page's version (events.forms.filter_choices): a miss of the
page cache reads them only once per change, and every change that alters
them, made in the admin by the role that makes it, shows at the next
render of every view, in both languages.

The page cache is on, as in production; the after-commit callbacks run as
a commit would run them (captureOnCommitCallbacks).
"""

from unittest import mock

from django.core.cache import caches
from django.test import TestCase, override_settings

from wagtail.models import Page
from wagtail_localize.models import Translation

from events import forms
from events.store import store_all
from projects.factories import ProjectPageFactory
from site_core.roles import MODERATORS, TRANSLATORS, setup_roles
from site_core.translation import translate_object
from tests.admin_forms import form_data, publish_in_admin
from tests.utils import build_site, russian, translate_site, uncached_visitor, user_in


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class FilterChoicesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)
        store_all()
        setup_roles()
        cls.moderator = user_in(MODERATORS, "moderatorin")
        cls.translator = user_in(TRANSLATORS, "uebersetzerin")
        cls.ru_index = cls.site.event_index.get_translation(cls.site.ru)

    def setUp(self):
        caches["pages"].clear()
        self.visitor = uncached_visitor()
        index = self.site.event_index
        self.views = {
            "list": index.url,
            "month": index.url + "monat/",
            "archive": index.url + "archiv/",
            "filtered month": index.url + "monat/?agentur=oh",
        }
        for url in [*self.views.values(), self.ru_index.url]:
            self.get(url)  # every fragment stored

    def get(self, url):
        response = self.visitor.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def assertEveryViewOffers(self, option, offered=True):
        for view, url in self.views.items():
            with self.subTest(view=view, option=option):
                if offered:
                    self.assertIn(option, self.get(url))
                else:
                    self.assertNotIn(option, self.get(url))

    def moderator_posts(self, url, data=None):
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data or {})
        self.client.logout()
        return response

    def test_a_miss_reads_the_choices_once_per_change(self):
        with mock.patch.object(forms, "_filter_pages", wraps=forms._filter_pages) as read:
            for url in self.views.values():
                self.get(url)
            self.assertEqual(read.call_count, 0)
            # An event's publish renews the calendar's version: read once again.
            publish_in_admin(self, self.moderator, self.site.event, title="Deutsch-Café am Abend")
            for url in self.views.values():
                self.get(url)
            self.assertEqual(read.call_count, 1)
        self.assertEveryViewOffers(">Integrationsagentur Oberhausen</option>")

    def test_an_unpublished_agency_is_no_longer_offered(self):
        self.assertEveryViewOffers(">Integrationsagentur Oberhausen</option>")
        response = self.moderator_posts(f"/admin/pages/{self.site.agency.pk}/unpublish/")
        self.assertEqual(response.status_code, 302)
        self.assertEveryViewOffers(">Integrationsagentur Oberhausen</option>", offered=False)

    def test_a_new_slug_is_the_filters_value(self):
        publish_in_admin(self, self.moderator, self.site.agency, slug="oberhausen")
        self.assertEveryViewOffers('<option value="oberhausen"')
        self.assertEveryViewOffers('<option value="oh"', offered=False)

    def test_a_deleted_focus_area_is_no_longer_offered(self):
        self.assertEveryViewOffers(">Sozialraumorientierte Arbeit</option>")
        response = self.moderator_posts(f"/admin/pages/{self.site.focus_area.pk}/delete/")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.filter(pk=self.site.focus_area.pk).exists())
        self.assertEveryViewOffers(">Sozialraumorientierte Arbeit</option>", offered=False)

    def test_a_project_published_later_is_offered(self):
        draft = ProjectPageFactory(
            parent=self.site.project_index,
            title="Sprachpatenschaften",
            agencies=[self.site.agency],
            focus_areas=[self.site.focus_area],
            live=False,
        )
        self.assertEveryViewOffers(">Sprachpatenschaften</option>", offered=False)
        publish_in_admin(self, self.moderator, draft)
        self.assertEveryViewOffers(">Sprachpatenschaften</option>")

    def test_a_restricted_agency_is_no_longer_offered(self):
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/pages/{self.site.agency.pk}/privacy/",
                {"restriction_type": "login", "password": ""},
                headers={"x-requested-with": "XMLHttpRequest"},
            )
        self.assertEqual(response.json()["step"], "set_privacy_done")
        self.assertEveryViewOffers(">Integrationsagentur Oberhausen</option>", offered=False)
        # In Russian too: the restriction holds for the translation.
        ru_title = russian("Integrationsagentur Oberhausen")
        self.assertNotIn(f">{ru_title}</option>", self.get(self.ru_index.url))

    def test_a_translation_published_by_the_translator_is_offered_in_russian(self):
        ru_agency = self.site.agency.get_translation(self.site.ru)
        self.assertIn(f">{ru_agency.title}</option>", self.get(self.ru_index.url))
        # The moderation ends the synchronised translation (wagtail-localize's
        # button); the translator then publishes a Russian title of their own.
        localize = Translation.objects.get(
            source__object_id=self.site.agency.translation_key, target_locale=self.site.ru
        )
        self.moderator_posts(f"/admin/localize/translate/{localize.pk}/disable/")
        self.client.force_login(self.translator)
        url = f"/admin/pages/{ru_agency.pk}/edit/"
        data = form_data(self.client.get(url))
        data.update(
            {"body-count": "0", "title": "Интеграционное агентство Оберхаузен"},
            **{"action-publish": "action-publish"},
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self.assertIn(">Интеграционное агентство Оберхаузен</option>", self.get(self.ru_index.url))
        # The German calendar offers the German page, as before.
        self.assertEveryViewOffers(">Integrationsagentur Oberhausen</option>")

    def test_a_new_focus_area_translated_shows_in_the_russian_calendar(self):
        draft = self.site.focus_area.copy(
            update_attrs={"title": "Bildung", "slug": "bildung", "live": False},
            keep_live=False,
        )
        publish_in_admin(self, self.moderator, draft)
        self.assertEveryViewOffers(">Bildung</option>")
        with self.captureOnCommitCallbacks(execute=True):
            translate_object(Page.objects.get(pk=draft.pk).specific, self.site.ru, russian)
        self.assertIn(f">{russian('Bildung')}</option>", self.get(self.ru_index.url))
