"""A German page not translated yet appears in the Russian tree as an alias
with the German text, a note in Russian, and no claim to be Russian."""

from django.test import TestCase

from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from site_core.factories import StandardPageFactory
from tests.utils import build_site, translate_site


class PendingTranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.german = StandardPageFactory(
            parent=cls.site.home, title="Neu und noch deutsch", slug="neu"
        )
        LocaleSynchronization.objects.create(locale=cls.site.ru, sync_from=cls.site.de)
        synchronize_tree(cls.site.de, cls.site.ru)
        cls.alias = cls.german.get_translation(cls.site.ru)

    def test_alias_shows_german_text_with_a_russian_note(self):
        self.assertEqual(self.alias.alias_of_id, self.german.pk)
        response = self.client.get(self.alias.url)
        self.assertContains(response, '<html lang="ru">')
        self.assertContains(response, 'lang="de">', count=2)  # main, and the switcher link
        self.assertContains(
            response,
            '<p class="notice notice--pending" role="note" lang="ru">'
            "Эта страница сейчас переводится. Пока здесь немецкий текст.</p>",
            html=True,
        )
        self.assertContains(response, "Neu und noch deutsch")
        self.assertContains(
            response, f'<link rel="canonical" href="http://testserver{self.german.url}">'
        )
        self.assertNotContains(response, 'hreflang="ru" href=')

    def test_german_page_links_to_the_pending_translation_without_hreflang(self):
        response = self.client.get(self.german.url)
        self.assertNotContains(response, '<link rel="alternate" hreflang="ru"')
        self.assertContains(response, f'href="{self.alias.url}" hreflang="ru"')
        self.assertContains(response, "(перевод готовится)")

    def test_translated_pages_are_not_pending(self):
        russian = self.site.agency.get_translation(self.site.ru)
        response = self.client.get(russian.url)
        self.assertNotContains(response, "notice--pending")
        self.assertContains(self.client.get(self.site.agency.url), 'hreflang="ru" href=')
