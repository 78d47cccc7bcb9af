"""The agency chooser of an event opens among the agencies, in the editor's
language, not at the root of the tree."""

import json

from django.test import TestCase

from site_core.roles import EDITORS, setup_roles
from tests.site_core.test_roles import user_in
from tests.utils import build_site, translate_site

AGENCY_CHOOSER = "/admin/choose-page/?page_type=home.agencypage"


class AgencyChooserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.editor = user_in(EDITORS)

    def open_chooser(self, url=AGENCY_CHOOSER):
        self.client.force_login(self.editor)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)["html"]

    def test_opens_where_the_german_agencies_are(self):
        html = self.open_chooser()
        german = self.site.agency
        russian = german.get_translation(self.site.ru)
        # The agency is offered to choose at once, the Russian one is not.
        self.assertIn(f'data-id="{german.pk}"', html)
        self.assertNotIn(f'data-id="{russian.pk}"', html)

    def test_the_russian_locale_opens_among_the_russian_agencies(self):
        html = self.open_chooser(AGENCY_CHOOSER + "&locale=ru")
        russian = self.site.agency.get_translation(self.site.ru)
        self.assertIn(f'data-id="{russian.pk}"', html)

    def test_an_unknown_page_type_is_refused_as_by_wagtail(self):
        # Wagtail's 404, which LocaleMiddleware turns into a redirect to /de/….
        self.client.force_login(self.editor)
        response = self.client.get("/admin/choose-page/?page_type=home.nosuchpage")
        self.assertIn(response.status_code, (302, 404))
