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
        html = response.content.decode()
        # The widget reads its strings once as its script loads, so the
        # catalog must come first.
        catalog_at = html.index('<script src="/admin/jsi18n/recurrence/"></script>')
        self.assertLess(catalog_at, html.index("recurrence/js/recurrence-widget.js"))
        self.assertRegex(html, r'<label[^>]*for="id_recurrence"[^>]*>\s*Wiederholung\s*</label>')
        catalog = self.client.get("/admin/jsi18n/recurrence/")
        self.assertContains(catalog, "Regel hinzuf\\u00fcgen")  # "Add rule" in German
