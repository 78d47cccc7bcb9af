"""sitemap.xml lists both languages with hreflang alternates; robots.txt
points to it."""

from xml.etree import ElementTree

from django.test import TestCase

from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from site_core.factories import StandardPageFactory
from tests.utils import build_site, translate_site

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.pending = StandardPageFactory(parent=cls.site.home, title="Neu", slug="neu")
        StandardPageFactory(parent=cls.site.home, title="Entwurf", slug="entwurf", live=False)
        LocaleSynchronization.objects.create(locale=cls.site.ru, sync_from=cls.site.de)
        synchronize_tree(cls.site.de, cls.site.ru)

    def urls(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        root = ElementTree.fromstring(response.content)
        return {
            url.findtext("s:loc", namespaces=NS): {
                link.get("hreflang"): link.get("href")
                for link in url.findall("x:link", namespaces=NS)
            }
            for url in root.findall("s:url", namespaces=NS)
        }

    def test_both_languages_with_alternates(self):
        urls = self.urls()
        german = "http://testserver" + self.site.agency.url
        russian = "http://testserver" + self.site.agency.get_translation(self.site.ru).url
        self.assertEqual(urls[german], {"de": german, "ru": russian})
        self.assertEqual(urls[russian], {"de": german, "ru": russian})

    def test_drafts_and_untranslated_aliases_left_out(self):
        urls = self.urls()
        alias = self.pending.get_translation(self.site.ru)
        self.assertIn("http://testserver" + self.pending.url, urls)
        self.assertNotIn("http://testserver" + alias.url, urls)
        self.assertFalse([url for url in urls if "entwurf" in url])

    def test_robots_txt_names_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain")
        self.assertContains(response, "Sitemap: http://testserver/sitemap.xml")
        self.assertContains(response, "Disallow: /admin/")
