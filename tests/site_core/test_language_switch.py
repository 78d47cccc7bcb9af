"""The language switcher keeps what the visitor is looking at: the
calendar's view, month, page and filters, the search and its words; also
when the page comes from the page cache."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.test import TestCase, override_settings

from site_core.cache import HEADER
from tests.utils import build_site, translate_site


def switch_link(response, language):
    """The switcher's link to ``language``, as the browser reads it."""
    html = response.content.decode()
    switcher = html[html.index('<nav class="language-switcher"') :]
    href = re.search(rf'<a href="([^"]*)" hreflang="{language}"', switcher).group(1)
    return unescape(href)


def split(url):
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


class LanguageSwitchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.index = cls.site.event_index
        cls.index_ru = cls.index.get_translation(cls.site.ru)
        cls.agency_ru = cls.site.agency.get_translation(cls.site.ru)

    def test_month_view_switches_to_the_same_month(self):
        response = self.client.get(self.index.url + "monat/?monat=2027-01")
        self.assertEqual(
            split(switch_link(response, "ru")),
            (self.index_ru.url + "monat/", {"monat": ["2027-01"]}),
        )
        back = self.client.get(switch_link(response, "ru"))
        self.assertEqual(back.status_code, 200)
        self.assertEqual(switch_link(back, "de"), self.index.url + "monat/?monat=2027-01")

    def test_archive_switches_to_the_archive_on_the_same_page(self):
        response = self.client.get(self.index.url + "archiv/?bis=2026-01-31&seite=2")
        self.assertEqual(
            split(switch_link(response, "ru")),
            (self.index_ru.url + "archiv/", {"bis": ["2026-01-31"], "seite": ["2"]}),
        )

    def test_filters_name_the_translated_pages(self):
        # The Russian agency has a slug of its own ("oh-ru"): the filter follows it.
        self.assertNotEqual(self.agency_ru.slug, self.site.agency.slug)
        response = self.client.get(
            self.index.url + f"monat/?monat=2027-01&agentur={self.site.agency.slug}&sprache=ru"
        )
        path, query = split(switch_link(response, "ru"))
        self.assertEqual(path, self.index_ru.url + "monat/")
        self.assertEqual(
            query, {"monat": ["2027-01"], "agentur": [self.agency_ru.slug], "sprache": ["ru"]}
        )
        russian = self.client.get(switch_link(response, "ru"))
        # The Russian calendar applies the filter rather than calling it invalid.
        self.assertEqual(russian.context["form"].filters()["agency"].pk, self.agency_ru.pk)
        path, query = split(switch_link(russian, "de"))
        self.assertEqual(query["agentur"], [self.site.agency.slug])

    def test_list_view_keeps_its_query(self):
        response = self.client.get(self.index.url + f"?agentur={self.site.agency.slug}")
        self.assertEqual(
            switch_link(response, "ru"), self.index_ru.url + f"?agentur={self.agency_ru.slug}"
        )

    def test_search_switches_to_the_russian_search_with_the_words(self):
        response = self.client.get("/de/suche/?q=Deutsch-Café&seite=2")
        self.assertEqual(
            split(switch_link(response, "ru")),
            ("/ru/poisk/", {"q": ["Deutsch-Café"], "seite": ["2"]}),
        )
        russian = self.client.get("/ru/poisk/?q=кафе")
        self.assertEqual(split(switch_link(russian, "de")), ("/de/suche/", {"q": ["кафе"]}))

    def test_plain_pages_still_switch_to_their_translation(self):
        response = self.client.get(self.site.event.url)
        self.assertEqual(
            switch_link(response, "ru"), self.site.event.get_translation(self.site.ru).url
        )

    def test_query_cannot_break_out_of_the_link(self):
        response = self.client.get(self.index.url + 'monat/?monat=2027-01&x="><script>')
        self.assertNotContains(response, '"><script>')
        self.assertEqual(split(switch_link(response, "ru"))[1]["x"], ['"><script>'])


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class CachedLanguageSwitchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)

    def test_each_cached_address_keeps_its_own_switcher(self):
        index = self.site.event_index
        index_ru = index.get_translation(self.site.ru)
        for month in ["2027-01", "2027-02", "2027-01"]:
            response = self.client.get(index.url + f"monat/?monat={month}")
            self.assertEqual(switch_link(response, "ru"), index_ru.url + f"monat/?monat={month}")
        self.assertEqual(response.headers[HEADER], "HIT")
        response = self.client.get(index.url)
        self.assertEqual(switch_link(response, "ru"), index_ru.url)
