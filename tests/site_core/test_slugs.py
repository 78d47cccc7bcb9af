"""Russian pages get readable Latin slugs, also when translators type the
slug in Cyrillic (wagtail-localize would drop every Cyrillic letter)."""

from django.test import SimpleTestCase, TestCase

from site_core.factories import StandardPageFactory
from site_core.slugs import latin_slug
from site_core.translation import translate_object
from tests.utils import build_site


class LatinSlugTests(SimpleTestCase):
    def test_russian_words(self):
        self.assertEqual(latin_slug("Мероприятия"), "meropriyatiya")
        self.assertEqual(latin_slug("Немецкое кафе"), "nemetskoe-kafe")
        self.assertEqual(latin_slug("Оберхаузен"), "oberkhauzen")
        self.assertEqual(latin_slug("Щука, ёж и подъезд!"), "shchuka-ezh-i-podezd")


class TranslatedSlugTests(TestCase):
    def test_cyrillic_slug_becomes_latin_through_wagtail_localize(self):
        site = build_site()
        page = StandardPageFactory(parent=site.home, title="Beratung", slug="beratung")
        translations = {"Beratung": "Консультация", "beratung": "консультация"}
        translate_object(site.home, site.ru, lambda text: translations.get(text, text))
        translate_object(page, site.ru, lambda text: translations.get(text, text))
        russian = page.get_translation(site.ru)
        self.assertEqual(russian.title, "Консультация")
        self.assertEqual(russian.slug, "konsultatsiya")
        self.assertEqual(self.client.get(russian.url).status_code, 200)

    def test_slug_never_ends_up_empty(self):
        site = build_site()
        page = StandardPageFactory(parent=site.home, title="Hilfe", slug="hilfe")
        translate_object(site.home, site.ru, lambda text: text)
        translate_object(page, site.ru, lambda text: "!!!" if text == "hilfe" else text)
        self.assertEqual(page.get_translation(site.ru).slug, "hilfe")
