from django.test import TestCase

from wagtail.test.utils import WagtailTestUtils

from tests.utils import build_site


class RecurrenceWidgetTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def test_editor_loads_the_widget_with_its_german_strings(self):
        self.login()
        response = self.client.get(f"/admin/pages/{self.site.event.pk}/edit/")
        self.assertContains(response, "recurrence/js/recurrence-widget.js")
        self.assertContains(response, '<script src="/admin/jsi18n/recurrence/"></script>')
        catalog = self.client.get("/admin/jsi18n/recurrence/")
        self.assertContains(catalog, "Regel hinzuf\\u00fcgen")  # "Add rule" in German
