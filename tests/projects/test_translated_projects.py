from django.test import TestCase

from tests.utils import build_site, translate_site


class RussianProjectTests(TestCase):
    """Agencies and focus areas are Orderables, so wagtail-localize carries
    them to the Russian copy (it would drop a plain ManyToMany field)."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)

    def test_russian_project_page_keeps_its_agencies_and_focus_areas(self):
        project = self.site.project.get_translation(self.site.ru)
        agency = self.site.agency.get_translation(self.site.ru)
        focus_area = self.site.focus_area.get_translation(self.site.ru)

        self.assertEqual(project.agencies(), [agency])
        self.assertEqual(project.focus_areas(), [focus_area])

        response = self.client.get(project.url)
        self.assertContains(response, f'<a href="{agency.url}">{agency.title}</a>', html=True)
        self.assertContains(
            response, f'<a href="{focus_area.url}">{focus_area.title}</a>', html=True
        )

    def test_russian_agency_page_lists_the_russian_project(self):
        agency = self.site.agency.get_translation(self.site.ru)
        project = self.site.project.get_translation(self.site.ru)
        response = self.client.get(agency.url)
        self.assertContains(response, project.title)
        self.assertNotContains(response, f">{self.site.project.title}<")
