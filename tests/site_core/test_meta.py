"""Every page tells search engines and share previews what it is: canonical
address, description, OpenGraph tags in its language, icons from this site."""

import importlib

from django.contrib.staticfiles import finders
from django.test import RequestFactory, TestCase
from django.urls import clear_url_caches

from site_core import urls
from tests.utils import build_site, translate_site


class PageMetaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.site.agency.search_description = "Beratung und Begegnung in Oberhausen."
        cls.site.agency.save_revision().publish()

    def test_german_page(self):
        response = self.client.get(self.site.agency.url)
        full_url = f"http://testserver{self.site.agency.url}"
        self.assertContains(response, f'<link rel="canonical" href="{full_url}">')
        self.assertContains(
            response, '<meta name="description" content="Beratung und Begegnung in Oberhausen.">'
        )
        self.assertContains(
            response, '<meta property="og:title" content="Integrationsagentur Oberhausen">'
        )
        self.assertContains(response, f'<meta property="og:url" content="{full_url}">')
        self.assertContains(response, '<meta property="og:locale" content="de_DE">')
        self.assertContains(response, '<meta property="og:locale:alternate" content="ru_RU">')
        self.assertContains(
            response,
            '<meta property="og:image" content="http://testserver/static/icons/og-image.png">',
        )

    def test_russian_page(self):
        russian = self.site.agency.get_translation(self.site.ru)
        response = self.client.get(russian.url)
        self.assertContains(response, '<meta property="og:locale" content="ru_RU">')
        self.assertContains(response, f'<meta property="og:title" content="{russian.title}">')
        self.assertContains(
            response, f'<link rel="canonical" href="http://testserver{russian.url}">'
        )

    def test_icons_exist_and_are_linked(self):
        response = self.client.get(self.site.home.url)
        for path in ("icons/favicon.ico", "icons/favicon.svg", "icons/apple-touch-icon.png"):
            with self.subTest(path=path):
                self.assertContains(response, f"/static/{path}")
                self.assertIsNotNone(finders.find(path))
        self.assertIsNotNone(finders.find("icons/og-image.png"))

    def test_favicon_ico_at_the_root(self):
        response = self.client.get("/favicon.ico")
        self.assertRedirects(
            response, "/static/icons/favicon.ico", status_code=301, fetch_redirect_response=False
        )

    def test_favicon_ico_also_in_development(self):
        # With DEBUG the URLconf imports Django's static() URL helper, which
        # once shadowed the static() that names the icon: a 500 in `make run`.
        try:
            with self.settings(DEBUG=True):
                development_urls = importlib.reload(urls)
            view = next(p for p in development_urls.urlpatterns if str(p.pattern) == "favicon.ico")
            response = view.callback(RequestFactory().get("/favicon.ico"))
            self.assertEqual(response.status_code, 301)
            self.assertEqual(response["Location"], "/static/icons/favicon.ico")
        finally:
            importlib.reload(urls)
            clear_url_caches()
