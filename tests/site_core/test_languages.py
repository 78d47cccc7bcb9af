"""Every page type in German and Russian: the right language, the hreflang
alternates and a language switcher that leads to the translation."""

import re

from django.test import TestCase

from wagtail.models import Page

from site_core.factories import StandardPageFactory
from tests.utils import build_site, translate_site


def html_lang(response):
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


class BilingualPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def setUp(self):
        translate_site(self.site)

    def pages(self):
        s = self.site
        return [s.home, s.agency, s.focus_area, s.project_index, s.project, s.event_index,
                s.event, s.standard]  # fmt: skip

    def test_every_page_type_renders_in_both_languages(self):
        for german in self.pages():
            russian = german.get_translation(self.site.ru)
            for page, lang in [(german, "de"), (russian, "ru")]:
                with self.subTest(page=page.specific_class.__name__, lang=lang):
                    url = page.get_url()
                    self.assertTrue(url.startswith(f"/{lang}/"), url)
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(html_lang(response), lang)
                    self.assertContains(response, f"<h1>{page.title}</h1>", html=True)

    def test_hreflang_alternates_and_switcher_point_at_the_translation(self):
        for german in self.pages():
            russian = german.get_translation(self.site.ru)
            with self.subTest(page=german.specific_class.__name__):
                response = self.client.get(german.get_url())
                self.assertContains(
                    response,
                    f'<link rel="alternate" hreflang="ru" href="http://testserver{russian.url}">',
                )
                self.assertContains(
                    response,
                    f'<link rel="alternate" hreflang="de" href="http://testserver{german.url}">',
                )
                self.assertContains(response, f'href="{russian.url}" hreflang="ru"')
                response = self.client.get(russian.get_url())
                self.assertContains(response, f'href="{german.url}" hreflang="de"')

    def test_russian_slugs_are_latin(self):
        russian_urls = [p.get_translation(self.site.ru).url for p in self.pages()]
        for url in russian_urls:
            self.assertRegex(url, r"^/ru/[a-z0-9/-]*$")


class UntranslatedPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def test_switcher_leads_to_the_russian_home_when_the_page_is_not_translated(self):
        translate_site(self.site)
        only_german = StandardPageFactory(parent=self.site.home, title="Nur auf Deutsch")
        response = self.client.get(only_german.url)
        russian_home = self.site.home.get_translation(self.site.ru)
        self.assertContains(response, f'href="{russian_home.url}" hreflang="ru"')
        # Said in the language the link leads to.
        self.assertContains(response, "(главная страница, эта страница еще не переведена)")
        self.assertNotContains(response, 'hreflang="ru" href=')


class LanguageRedirectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def test_root_redirects_to_the_browser_language(self):
        response = self.client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9"})
        self.assertRedirects(response, "/ru/", fetch_redirect_response=False)

    def test_root_falls_back_to_german(self):
        response = self.client.get("/", headers={"accept-language": "fr-FR,en;q=0.5"})
        self.assertRedirects(response, "/de/", fetch_redirect_response=False)

    def test_anonymous_visitors_get_no_cookies(self):
        response = self.client.get(self.site.home.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.cookies, {})

    def test_admin_speaks_german(self):
        user = self._superuser()
        self.client.force_login(user)
        response = self.client.get("/admin/")
        self.assertContains(response, "Seiten")
        self.assertEqual(html_lang(response), "de")

    def _superuser(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("chef", "chef@example.org", "x")


class PageQueryTests(TestCase):
    def test_placeholder_root_page_is_gone(self):
        build_site()
        self.assertEqual(Page.objects.filter(depth=2).count(), 1)
