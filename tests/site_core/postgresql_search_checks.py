"""Checks of the German and Russian search on PostgreSQL, run by
test_search_postgresql.py in a pytest of its own against a PostgreSQL
database (the file name keeps pytest from collecting it in the SQLite run)."""

from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from site_core.factories import StandardPageFactory
from site_core.search_backend import LanguagePostgresSearchBackend
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site

RUSSIAN = {
    "Gesprächskreise für Seniorinnen": "Встречи для пожилых женщин",
    "Jeden Dienstag trinken wir Tee und sprechen über Nachbarschaft.": (
        "Каждый вторник мы пьём чай и говорим о соседях."
    ),
}


class LanguageSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.page = StandardPageFactory(
            parent=cls.site.home,
            title="Gesprächskreise für Seniorinnen",
            slug="gespraechskreise",
            introduction="Jeden Dienstag trinken wir Tee und sprechen über Nachbarschaft.",
        )
        translate_object(cls.page, cls.site.ru, lambda text: RUSSIAN.get(text, russian(text)))

    def titles(self, language, query):
        with translation.override(language):
            response = self.client.get(reverse("search"), {"q": query})
        self.assertEqual(response.status_code, 200)
        return [page.title for page in response.context["results"]]

    def test_runs_on_postgresql_with_the_language_backend(self):
        self.assertEqual(connection.vendor, "postgresql")
        self.assertIsInstance(get_search_backend(), LanguagePostgresSearchBackend)

    def test_german_words_are_found_in_other_forms(self):
        # "Gesprächskreis" and "Gesprächskreise", "Dienstags" and "Dienstag":
        # the same word to the german configuration, not to "simple".
        for query in ("Gesprächskreis", "Dienstags", "Nachbarschaften"):
            with self.subTest(query=query):
                self.assertEqual(self.titles("de", query), ["Gesprächskreise für Seniorinnen"])

    def test_russian_words_are_found_in_other_forms(self):
        for query in ("встреча", "пожилые", "соседи", "чаем"):
            with self.subTest(query=query):
                self.assertEqual(self.titles("ru", query), ["Встречи для пожилых женщин"])

    def test_each_language_finds_only_its_own_pages(self):
        self.assertEqual(self.titles("ru", "Gesprächskreis"), [])
        self.assertEqual(self.titles("de", "встреча"), [])

    def test_each_page_is_indexed_with_its_languages_stems(self):
        from wagtail.search.models import IndexEntry

        def lexemes(page):
            entry = IndexEntry.objects.get(object_id=str(page.pk))
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT array_to_string(tsvector_to_array(title), ' ') "
                    "FROM wagtailsearch_indexentry WHERE id = %s",
                    [entry.pk],
                )
                return set(cursor.fetchone()[0].split())

        russian_page = Page.objects.get(
            translation_key=self.page.translation_key, locale=self.site.ru
        )
        self.assertIn("gesprachskreis", lexemes(self.page))
        self.assertIn("встреч", lexemes(russian_page))
