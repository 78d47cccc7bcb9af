"""The per-page floor (issue 19): the menu, the footer, the language links and
the calendar's filter choices are kept between renders as fragments, and a
change that shows in them shows at once, on pages the page cache does not
serve (a visitor with a session cookie, an editor looking at the site).

Changes are made by the real roles through the admin (an editor submits, a
moderator approves or publishes), their after-commit callbacks run as a
commit would run them (captureOnCommitCallbacks).
"""

import time

from django.core.cache import caches
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, WorkflowState
from wagtail.test.utils import WagtailTestUtils

from site_core.models import FooterLink, FooterText, SiteSettings
from site_core.roles import EDITORS, MODERATORS, setup_roles
from tests.admin_forms import form_data
from tests.reliability.test_redis_faults import PATIENCE, RedisFaultTestCase
from tests.utils import build_site, translate_site, uncached_visitor, user_in


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class FragmentCacheTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)
        setup_roles()
        cls.editor = user_in(EDITORS)
        cls.moderator = user_in(MODERATORS)

    def setUp(self):
        caches["pages"].clear()
        self.visitor = uncached_visitor()

    def render(self, url):
        response = self.visitor.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertNotIn("X-Cache", response.headers, "served by the page cache")
        return response.content.decode()

    def queries(self, url):
        with CaptureQueriesContext(connection) as queries:
            self.render(url)
        return len(queries)

    # The people's steps

    def editor_adds_a_menu_page_and_submits(self, title):
        self.client.force_login(self.editor)
        url = f"/admin/pages/add/site_core/standardpage/{self.site.home.pk}/"
        data = form_data(self.client.get(url))
        data.update(
            {
                "title": title,
                "slug": "neues-angebot",
                "show_in_menus": "on",
                "body-count": "0",
                "action-submit": "action-submit",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self.client.logout()
        return Page.objects.get(slug="neues-angebot")

    def moderator_approves(self, page):
        state = WorkflowState.objects.get(
            base_content_type__model="page",
            object_id=str(page.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        self.client.force_login(self.moderator)
        url = f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"comment": ""})
        self.assertEqual(response.status_code, 302)
        self.client.logout()

    def moderator_renames(self, page, title):
        self.client.force_login(self.moderator)
        url = f"/admin/pages/{page.pk}/edit/"
        data = form_data(self.client.get(url))
        data.update({"title": title, "body-count": "0", "action-publish": "action-publish"})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self.client.logout()

    # The tests

    def test_a_second_render_reads_the_menu_and_footer_from_the_cache(self):
        url = self.site.standard.url
        first = self.queries(url)
        second = self.queries(url)
        self.assertLess(second, first)
        html = self.render(url)
        self.assertIn('<footer class="site-footer">', html)
        self.assertIn('<a href="/ru/impressum-ru/" hreflang="ru" lang="ru">', html)

    def test_a_menu_page_approved_by_the_moderator_is_in_the_menu_at_once(self):
        url = self.site.standard.url
        self.assertNotIn("Neues Angebot", self.render(url))
        page = self.editor_adds_a_menu_page_and_submits("Neues Angebot")
        # Submitted, not yet live: not in the menu.
        self.assertNotIn("Neues Angebot", self.render(url))
        self.moderator_approves(page)
        html = self.render(url)
        self.assertIn(f'href="{page.url}">Neues Angebot</a>', html)
        # On every page, not only on the ones rendered since.
        self.assertIn("Neues Angebot", self.render(self.site.event_index.url))

    def test_a_renamed_agency_is_in_the_calendar_filters_at_once(self):
        url = self.site.event_index.url
        self.assertIn(">Integrationsagentur Oberhausen</option>", self.render(url))
        self.moderator_renames(self.site.agency, "IA Oberhausen-Mitte")
        html = self.render(url)
        self.assertIn(">IA Oberhausen-Mitte</option>", html)
        self.assertNotIn(">Integrationsagentur Oberhausen</option>", html)
        # The filter still selects the agency's events.
        html = self.render(url + "?agentur=oh")
        self.assertIn("Deutsch-Café", html)
        self.assertNotIn("ungültig", html)

    def test_a_changed_footer_text_shows_at_once(self):
        url = self.site.standard.url
        self.render(url)
        with self.captureOnCommitCallbacks(execute=True):
            settings = SiteSettings.for_site(self.site.home.get_site())
            settings.footer_text = FooterText.objects.create(
                funding_acknowledgement="<p>Gefördert vom Land NRW</p>", locale=self.site.de
            )
            settings.save()
        self.assertIn("Gefördert vom Land NRW", self.render(url))

    def test_a_new_footer_link_shows_at_once_in_both_languages(self):
        ru_url = self.site.standard.get_translation(self.site.ru).url
        for url in (self.site.standard.url, ru_url):
            self.assertNotIn('class="site-footer__links"', self.render(url))
        with self.captureOnCommitCallbacks(execute=True):
            settings = SiteSettings.for_site(self.site.home.get_site())
            settings.footer_links.add(FooterLink(page=self.site.standard))
            settings.save()
        html = self.render(self.site.standard.url)
        self.assertIn(f'<a href="{self.site.standard.url}">Impressum</a>', html)
        html = self.render(ru_url)
        self.assertIn(f'href="{ru_url}"', html.split('class="site-footer__links"')[1])

    def test_language_links_follow_a_translation_being_unpublished(self):
        url = self.site.standard.url
        ru_url = self.site.standard.get_translation(self.site.ru).url
        self.assertIn(f'hreflang="ru" href="http://testserver{ru_url}"', self.render(url))
        self.client.force_login(self.moderator)
        ru = self.site.standard.get_translation(self.site.ru)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/admin/pages/{ru.pk}/unpublish/")
        self.assertEqual(response.status_code, 302)
        html = self.render(url)
        self.assertNotIn('hreflang="ru"', html.split("</head>")[0])


class FragmentsWithRedisDownTests(RedisFaultTestCase):
    """With Redis stopped or hung, the fragments are computed on every
    render: pages show their menu and footer, quickly."""

    def test_pages_render_whole_while_redis_is_paused(self):
        url = self.site.standard.url
        visitor = uncached_visitor()
        self.assertEqual(visitor.get(url).status_code, 200)  # fragments stored
        self.pause()
        for _ in range(2):
            started = time.monotonic()
            response = visitor.get(url)
            self.assertLess(time.monotonic() - started, PATIENCE)
            self.assertContains(response, '<footer class="site-footer">')
            self.assertContains(response, 'hreflang="ru"')
        response = visitor.get(self.site.event_index.url)
        self.assertContains(response, ">Integrationsagentur Oberhausen</option>")
