"""Search finds pages in the visitor's language only, with clear empty and
no-result states."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from site_core.factories import StandardPageFactory
from tests.utils import build_site, translate_site


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        # Not yet translated: Russian has only an alias with the German text.
        cls.untranslated = StandardPageFactory(
            parent=cls.site.home, title="Erzählcafé für Senioren", slug="erzaehlcafe"
        )
        StandardPageFactory(
            parent=cls.site.home, title="Geheimes Café im Entwurf", slug="entwurf", live=False
        )
        LocaleSynchronization.objects.create(locale=cls.site.ru, sync_from=cls.site.de)
        synchronize_tree(cls.site.de, cls.site.ru)

    def search(self, language, query, **params):
        with translation.override(language):
            url = reverse("search")
        return self.client.get(url, {"q": query, **params})

    def titles(self, response):
        return [page.title for page in response.context["results"]]

    def test_search_urls_are_translated(self):
        with translation.override("de"):
            self.assertEqual(reverse("search"), "/de/suche/")
        with translation.override("ru"):
            self.assertEqual(reverse("search"), "/ru/poisk/")

    def test_german_search_finds_german_pages_only(self):
        response = self.search("de", "Nachbarschaftscafé")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.titles(response), ["Nachbarschaftscafé"])
        self.assertContains(response, f'href="{self.site.project.url}"')
        self.assertEqual(self.titles(self.search("de", "Erzählcafé")), ["Erzählcafé für Senioren"])
        self.assertEqual(self.titles(self.search("de", "Geheimes")), [])

    def test_russian_search_finds_russian_pages_and_skips_aliases(self):
        response = self.search("ru", "по-русски")
        self.assertEqual(response.status_code, 200)
        titles = self.titles(response)
        self.assertIn("Nachbarschaftscafé (по-русски)", titles)
        self.assertTrue(all("по-русски" in title for title in titles), titles)
        # The German alias of the untranslated page is not a Russian result.
        self.assertEqual(self.titles(self.search("ru", "Erzählcafé")), [])
        self.assertContains(response, '<html lang="ru">')

    def test_empty_query_asks_for_a_word(self):
        response = self.search("de", "   ")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Geben Sie ein Wort ein")
        self.assertNotContains(response, "Ergebnisse für")

    def test_no_results_says_so_and_suggests_what_to_do(self):
        response = self.search("de", "Quantenphysik")
        self.assertContains(response, "0 Ergebnisse für „Quantenphysik“")
        self.assertContains(response, "Versuchen Sie ein anderes oder kürzeres Wort")

    def test_russian_no_results_in_russian(self):
        response = self.search("ru", "квантовая")
        self.assertContains(response, "По запросу «квантовая» найдено 0 результатов")

    def test_query_is_escaped_and_bounded(self):
        response = self.search("de", "<script>alert(1)</script>" + "x" * 500)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<script>alert(1)")
        self.assertLessEqual(len(response.context["search_query"]), 200)

    def test_bad_page_numbers_show_a_page(self):
        for number in ("abc", "-1", "999999999999"):
            with self.subTest(seite=number):
                response = self.search("de", "Nachbarschaftscafé", seite=number)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Nachbarschaftscafé", self.titles(response))

    def test_search_is_not_indexed_and_sets_no_cookie(self):
        response = self.search("de", "Nachbarschaftscafé")
        self.assertContains(response, '<meta name="robots" content="noindex">')
        self.assertEqual(response.cookies, {})

    def test_every_page_links_to_search(self):
        response = self.client.get(self.site.home.url)
        self.assertContains(response, 'href="/de/suche/"')


class WordFormTests(TestCase):
    """On SQLite, as on PostgreSQL, a search finds the other forms of a
    word: Russian nouns change their ending with the case, German ones with
    the number. Searched in the demo content a new user sees."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def search(self, language, query):
        with translation.override(language):
            response = self.client.get(reverse("search"), {"q": query})
        self.assertEqual(response.status_code, 200)
        return response

    def found(self, language, query):
        return sorted(page.url for page in self.search(language, query).context["results"])

    def test_russian_word_forms_find_the_same_pages(self):
        forms = ["консультация", "консультации", "консультацию", "Консультаций"]
        found = {query: self.found("ru", query) for query in forms}
        self.assertGreaterEqual(len(found["консультации"]), 3, found)
        for query in forms:
            self.assertEqual(found[query], found["консультации"], query)
        self.assertTrue(all(url.startswith("/ru/") for url in found["консультации"]))

    def test_german_word_forms_find_the_same_pages(self):
        found = self.found("de", "Beratung")
        self.assertGreaterEqual(len(found), 3, found)
        self.assertEqual(self.found("de", "Beratungen"), found)
        self.assertEqual(self.found("de", "beratungen"), found)
        self.assertTrue(all(url.startswith("/de/") for url in found))

    def test_several_words_all_count_in_any_form(self):
        self.assertTrue(self.found("de", "Beratungen Oberhausen"))
        self.assertEqual(self.found("de", "Beratungen Quantenphysik"), [])
        self.assertTrue(self.found("ru", "консультацию Оберхаузен"))

    def test_exact_words_still_match_and_punctuation_is_harmless(self):
        self.assertTrue(self.found("ru", "кафе"))
        for query in ['"', "«кафе»", "Café!", "(", "AND", "*"]:
            with self.subTest(query=query):
                self.search("ru", query)
                self.search("de", query)

    def test_every_suggested_example_finds_something(self):
        for language, quote in [("de", r"„([^“]+)“"), ("ru", r"«([^»]+)»")]:
            response = self.search(language, "Quantenphysik")
            empty = re.search(
                r'<div class="search-results__empty">(.*?)</div>', response.content.decode(), re.S
            )[1]
            examples = re.findall(quote, empty)
            self.assertGreaterEqual(len(examples), 2, empty)
            for example in examples:
                with self.subTest(language=language, example=example):
                    self.assertTrue(self.found(language, example))
