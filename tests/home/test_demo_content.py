"""The demo content a new user sees after `make run`."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from events.models import EventPage
from home.models import AgencyPage, FocusAreaPage
from projects.models import ProjectPage
from site_core.models import ContactPerson, Location


def tree():
    return sorted(
        (p.locale.language_code, p.url_path, p.specific_class.__name__, p.live, p.title)
        for p in Page.objects.filter(depth__gte=2).select_related("locale")
    )


def load():
    call_command("load_demo_content", stdout=StringIO())


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load()

    def test_loading_twice_gives_the_same_tree(self):
        before = tree()
        snippets = (Location.objects.count(), ContactPerson.objects.count())
        translations = Translation.objects.count()
        load()
        self.assertEqual(tree(), before)
        self.assertEqual((Location.objects.count(), ContactPerson.objects.count()), snippets)
        self.assertEqual(Translation.objects.count(), translations)

    def test_the_community_and_its_work_in_both_languages(self):
        for language in ["de", "ru"]:
            with self.subTest(language=language):
                pages = Page.objects.live().filter(locale__language_code=language)
                self.assertEqual(pages.type(AgencyPage).count(), 2)
                self.assertEqual(pages.type(FocusAreaPage).count(), 3)
                self.assertGreaterEqual(pages.type(ProjectPage).count(), 4)
                self.assertGreaterEqual(pages.type(EventPage).count(), 8)
        self.assertEqual(
            Page.objects.filter(locale__language_code="de", depth__gte=2).count(),
            Page.objects.filter(locale__language_code="ru", depth__gte=2).count(),
        )

    def test_russian_pages_are_translated_through_wagtail_localize(self):
        german = AgencyPage.objects.get(locale__language_code="de", slug="oberhausen")
        oberhausen = german.get_translation(Locale.objects.get(language_code="ru"))
        self.assertEqual(oberhausen.title, "Агентство по интеграции в Оберхаузене")
        self.assertEqual(oberhausen.url, "/ru/oberkhauzen/")
        self.assertTrue(
            Translation.objects.filter(
                source__object_id=oberhausen.translation_key, target_locale=oberhausen.locale
            ).exists()
        )

    def test_invented_details_are_marked_as_placeholders(self):
        for location in Location.objects.filter(locale__language_code="de"):
            self.assertIn("[Platzhalter]", location.street)
        for location in Location.objects.filter(locale__language_code="ru"):
            self.assertIn("[заполнитель]", location.accessibility_notes)

    def test_every_page_and_every_link_on_it_answers(self):
        """Click through the whole site in both languages: no 404, no 500."""
        seen, queue = set(), ["/de/", "/ru/"]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            for link in re.findall(r'href="(/(?:de|ru)/[^"#?]*)"', response.content.decode()):
                queue.append(link)
        live_pages = Page.objects.live().filter(depth__gte=2).count()
        self.assertGreaterEqual(len(seen), live_pages)

    @override_settings(DEBUG=True)
    def test_admin_user_for_development(self):
        call_command("load_demo_content", "--create-admin", stdout=StringIO())
        # Through the login form: django-axes checks every login with its request.
        response = self.client.post(
            "/admin/login/", {"username": "admin", "password": "admin", "next": "/admin/"}
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
