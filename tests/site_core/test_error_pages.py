"""Error pages speak the visitor's language (the URL's) and lead back home."""

from django.template.loader import render_to_string
from django.test import TestCase

from tests.utils import build_site, translate_site


class ErrorPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)

    def test_404_in_german_and_russian(self):
        for path, lang, heading, home in [
            ("/de/gibt-es-nicht/", "de", "Diese Seite gibt es nicht (mehr)", "Zur Startseite"),
            ("/ru/net-takoy/", "ru", "Такой страницы нет (больше нет)", "На главную"),
        ]:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 404)
                self.assertContains(response, f'<html lang="{lang}">', status_code=404)
                self.assertContains(response, heading, status_code=404)
                self.assertContains(response, f'<a href="/{lang}/">{home}</a>', status_code=404)
                self.assertContains(response, 'class="language-switcher"', status_code=404)

    def test_500_needs_neither_request_nor_database(self):
        with self.assertNumQueries(0):
            html = render_to_string("500.html")
        self.assertIn("Entschuldigung, hier ist ein Fehler aufgetreten", html)
        self.assertIn('<section lang="ru">', html)
        self.assertIn("Извините, произошла ошибка", html)
