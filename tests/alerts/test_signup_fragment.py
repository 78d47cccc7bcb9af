"""The alert sign-up form is kept between renders (issue 19), and still every
miss shows the privacy policy as it is now and the time the form is shown:
a moderator renames, unpublishes or has the Datenschutz page translated, and
the next visitor of an event page sees it; a form sent at once from a page
whose form was kept is still "sent too fast"."""

import re
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client, RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from alerts.models import Subscriber
from alerts.templatetags import alerts_tags
from site_core import cache_keys
from site_core.cache import HEADER
from site_core.cache.state import page_cache
from site_core.factories import StandardPageFactory
from site_core.roles import MODERATORS, setup_roles
from site_core.translation import translate_object
from tests.admin_forms import form_data, publish_in_admin
from tests.utils import build_site, russian, translate_site

from .helpers import sign_up

SHOWN_AT = re.compile(r'name="whf_time"[^>]*value="(\d+)"')


def shown_at(response):
    return int(SHOWN_AT.search(response.content.decode()).group(1))


def privacy_queries(queries):
    return [query["sql"] for query in queries if "datenschutz" in query["sql"]]


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class SignupFragmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)
            # German only at first: the Russian pages link it.
            cls.privacy = StandardPageFactory(
                parent=cls.site.home, title="Datenschutz", slug="datenschutz"
            )
        setup_roles()
        cls.moderator = get_user_model().objects.create_user("moderation", password="x")  # noqa: S106
        cls.moderator.groups.add(Group.objects.get(name=MODERATORS))
        cls.event_ru = cls.site.event.get_translation(cls.site.ru)

    def setUp(self):
        caches["pages"].clear()
        cache.clear()  # sign-ups per address are counted there
        self.editor = Client()
        self.editor.force_login(self.moderator)

    def miss(self, url):
        """A visitor's request that the page cache misses (as after a
        publish elsewhere: the fragments stay)."""
        language = translation.get_language_from_path(url)
        page_cache().delete(cache_keys.route_key(language, RequestFactory().get(url)))
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertNotEqual(response.headers.get(HEADER), "HIT", url)
        return response

    def publish_privacy(self, changes):
        """The moderator edits the Datenschutz page and publishes it."""
        self.publish(self.privacy, changes)

    def publish(self, page, changes):
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data = form_data(self.editor.get(url))
        data.update({"body-count": "0", "action-publish": "action-publish", **changes})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.editor.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])

    def test_a_second_miss_takes_the_form_without_looking_up_the_privacy_page(self):
        for url in (self.site.event.url, self.site.event_index.url, self.site.agency.url):
            with CaptureQueriesContext(connection) as first:
                response = self.miss(url)
            self.assertContains(response, f'<a href="{self.privacy.url}">')
            self.assertTrue(privacy_queries(first), url)
            with CaptureQueriesContext(connection) as second:
                response = self.miss(url)
            self.assertContains(response, f'<a href="{self.privacy.url}">')
            self.assertContains(
                response, "Diese Veranstaltung" if url == self.site.event.url else "dieser Seite"
            )
            self.assertEqual(privacy_queries(second), [], url)
            self.assertLessEqual(len(second), len(first) - len(privacy_queries(first)), url)

    def test_a_renamed_event_is_named_at_the_next_miss_and_the_calendar_keeps_its_form(self):
        index = self.site.event_index.url
        self.miss(index)
        self.assertContains(self.miss(self.site.event.url), "Diese Veranstaltung: Deutsch-Café")
        self.publish(self.site.event, {"title": "Deutsch-Café am Abend"})
        response = self.client.get(self.site.event.url)
        self.assertNotEqual(response.headers.get(HEADER), "HIT")
        self.assertContains(response, "Diese Veranstaltung: Deutsch-Café am Abend")
        # The calendar shows the new title, its form is the same as before.
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(index)
        self.assertNotEqual(response.headers.get(HEADER), "HIT")
        self.assertContains(response, "Deutsch-Café am Abend")
        self.assertEqual(privacy_queries(queries), [])

    def test_a_new_title_published_by_the_moderator_shows_at_the_next_miss(self):
        url = self.site.event.url
        self.assertContains(self.miss(url), "Mehr dazu auf der Seite „Datenschutz“")
        self.miss(url)  # the form now comes from the fragment
        self.publish_privacy({"title": "Datenschutzerklärung"})
        response = self.client.get(url)
        self.assertNotEqual(response.headers.get(HEADER), "HIT")
        self.assertContains(response, "Mehr dazu auf der Seite „Datenschutzerklärung“")
        self.assertContains(response, f'<a href="{self.privacy.url}">')

    def test_a_new_address_of_the_privacy_page_shows_at_the_next_miss(self):
        # Its address is its parent's and its own: moving it, or (below) a
        # slug of its own, changes every form's link.
        url = self.site.event.url
        self.miss(url)
        self.miss(url)
        self.publish_privacy({"slug": "datenschutzerklaerung"})
        response = self.client.get(url)
        self.assertNotEqual(response.headers.get(HEADER), "HIT")
        # Found by its German slug, as the contact forms find it: a page
        # giving up the slug is no longer the privacy policy.
        self.assertNotContains(response, "Mehr dazu auf der Seite")
        self.assertContains(response, 'name="consent"')
        self.publish_privacy({"slug": "datenschutz"})
        self.assertContains(self.client.get(url), '<a href="/de/datenschutz/">')

    def test_an_unpublished_privacy_page_is_no_longer_linked(self):
        url = self.site.event.url
        self.miss(url)
        self.miss(url)
        unpublish = reverse("wagtailadmin_pages:unpublish", args=(self.privacy.pk,))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.editor.post(unpublish)
        self.assertEqual(response.status_code, 302)
        response = self.client.get(url)
        self.assertNotEqual(response.headers.get(HEADER), "HIT")
        self.assertNotContains(response, "Mehr dazu auf der Seite")
        self.assertNotContains(response, self.privacy.url)

    def test_the_russian_pages_link_the_russian_translation_once_published(self):
        url = self.event_ru.url
        self.assertContains(self.miss(url), f'<a href="{self.privacy.url}">')
        self.miss(url)
        with self.captureOnCommitCallbacks(execute=True):
            translate_object(self.privacy, self.site.ru, russian)
        privacy_ru = self.privacy.get_translation(self.site.ru)
        response = self.client.get(url)
        self.assertNotEqual(response.headers.get(HEADER), "HIT")
        self.assertContains(response, f'<a href="{privacy_ru.url}">')
        self.assertContains(response, privacy_ru.title)
        # The German pages keep the German page.
        self.assertContains(self.miss(self.site.event.url), f'<a href="{self.privacy.url}">')

    def test_a_deleted_privacy_page_is_no_longer_linked(self):
        url = self.site.agency.url
        self.miss(url)
        self.miss(url)
        delete = reverse("wagtailadmin_pages:delete", args=(self.privacy.pk,))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.editor.post(delete).status_code, 302)
        self.assertNotContains(self.client.get(url), "Mehr dazu auf der Seite")
        # A new one is linked as soon as it is published.
        with self.captureOnCommitCallbacks(execute=True):
            new = StandardPageFactory(
                parent=self.site.home, title="Datenschutz neu", slug="datenschutz", live=False
            )
        self.assertNotContains(self.client.get(url), "Mehr dazu auf der Seite")
        publish_in_admin(self, self.moderator, new)
        self.assertContains(self.client.get(url), "Mehr dazu auf der Seite „Datenschutz neu“")

    def test_every_miss_shows_the_form_with_its_own_time(self):
        url = self.site.event.url
        # The form kept from a render an hour ago...
        with mock.patch.object(alerts_tags, "time") as clock:
            clock.time.return_value = 1_000_000_000
            self.assertEqual(shown_at(self.miss(url)), 1_000_000_000)
        # ...is shown now with now's time: sent at once, it is too fast.
        when = shown_at(self.miss(url))
        self.assertGreater(when, 1_000_000_000)
        response = sign_up(self.client, page=self.site.event, whf_time=str(when))
        self.assertContains(response, "Ihre Anmeldung ist noch nicht angekommen")
        self.assertFalse(Subscriber.objects.exists())

    def test_a_form_with_errors_is_the_visitors_own(self):
        self.miss(self.site.event.url)
        response = sign_up(
            self.client, page=self.site.event, email="olga@example", whf_time="1700000000"
        )
        self.assertContains(response, "Bitte geben Sie eine gültige E-Mail-Adresse ein")
        self.assertContains(response, 'value="olga@example"')
        self.assertEqual(shown_at(response), 1_700_000_000)
