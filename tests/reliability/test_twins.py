"""A German page and its Russian twin go offline together (issue 16, finding 14).

Deleting or unpublishing a German event used to leave its published Russian
translation live: orphaned in the Russian calendar and feed, with the same
UID as the German event and no more date sync. Now a moderator's deletion
takes the twin with it, unpublishing does too (through the admin, with its
descendants, or by scheduled expiry), and the confirmation pages say so.
Editors, who have no rights in Russian, still cannot delete a page whose
Russian twin is published.
"""

import datetime as dt
import io
import logging
from xml.etree import ElementTree

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import DatabaseError
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.models import Page, PageLogEntry
from wagtail.signals import page_unpublished

from events.store import store_all
from events.vevents import UID_FORMAT
from site_core.cache import HEADER
from site_core.factories import StandardPageFactory
from site_core.roles import EDITORS, MODERATORS, TRANSLATORS, setup_roles
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site

SITEMAP = "/sitemap.xml"


def user_in(group_name, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


class TwinTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)
        store_all()  # the calendars read stored dates, as in production
        setup_roles()
        cls.moderator = user_in(MODERATORS, "moderatorin")
        cls.editor = user_in(EDITORS, "redakteurin")
        cls.translator = user_in(TRANSLATORS, "uebersetzerin")
        cls.event_ru = cls.site.event.get_translation(cls.site.ru)
        cls.index_ru = cls.site.event_index.get_translation(cls.site.ru)

    def setUp(self):
        self.visitor = self.client_class()

    def messages(self, response):
        return [str(message).strip() for message in get_messages(response.wsgi_request)]

    def live(self, page):
        return Page.objects.get(pk=page.pk).live

    def assert_russian_event_gone(self):
        """What a Russian visitor and a subscribed calendar see."""
        url = self.event_ru.url
        uid = UID_FORMAT.format(key=self.site.event.translation_key)
        self.assertEqual(self.visitor.get(url).status_code, 404)
        self.assertNotContains(self.visitor.get(self.index_ru.url), self.event_ru.title)
        self.assertNotContains(self.visitor.get(self.index_ru.url + "feed.ics"), uid)
        rss = ElementTree.fromstring(self.visitor.get(self.index_ru.url + "rss/").content)
        self.assertNotIn(self.event_ru.title, [item.findtext("title") for item in rss.iter("item")])
        self.assertNotIn(url, self.visitor.get(SITEMAP).content.decode())

    def assert_russian_event_shown(self):
        uid = UID_FORMAT.format(key=self.site.event.translation_key)
        self.assertEqual(self.visitor.get(self.event_ru.url).status_code, 200)
        self.assertContains(self.visitor.get(self.index_ru.url + "feed.ics"), uid)
        self.assertIn(self.event_ru.url, self.visitor.get(SITEMAP).content.decode())


class DeletionTests(TwinTestCase):
    def test_moderator_is_told_the_published_russian_event_goes_too(self):
        self.client.force_login(self.moderator)
        response = self.client.get(f"/admin/pages/{self.site.event.pk}/delete/")
        self.assertContains(
            response,
            "Die russische Fassung „Deutsch-Café (по-русски)“ ist veröffentlicht und wird "
            "ebenfalls gelöscht.",
        )
        self.assertContains(response, 'value="Ja, löschen"')

    def test_moderator_deletes_the_german_event_and_its_russian_twin(self):
        self.assert_russian_event_shown()
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/admin/pages/{self.site.event.pk}/delete/")
        self.assertRedirects(response, f"/admin/pages/{self.site.event_index.pk}/")
        self.assertFalse(
            Page.objects.filter(translation_key=self.site.event.translation_key).exists()
        )
        self.assertIn(
            "Die russische Fassung „Deutsch-Café (по-русски)“ wurde ebenfalls gelöscht.",
            self.messages(response),
        )
        self.assert_russian_event_gone()
        # The Russian page's history names who deleted it.
        entry = PageLogEntry.objects.get(page_id=self.event_ru.pk, action="wagtail.delete")
        self.assertEqual(entry.user, self.moderator)

    def test_editor_cannot_delete_an_own_draft_whose_translation_is_published(self):
        # An editor may delete own never-published drafts; a translator
        # translated and published this one already. The editor has no
        # rights in Russian, so the page stays and the editor is told who acts.
        draft = StandardPageFactory(
            parent=self.site.home, title="Entwurf", slug="entwurf", live=False, owner=self.editor
        )
        draft.save_revision(user=self.editor)
        translate_object(draft, self.site.ru, russian)
        translation = draft.get_translation(self.site.ru)
        self.assertTrue(translation.live)
        self.client.force_login(self.editor)
        response = self.client.get(f"/admin/pages/{draft.pk}/delete/")
        refusal = (
            "Diese Seite kann nicht gelöscht werden: Die russische Fassung „Entwurf (по-русски)“ "
            "ist veröffentlicht oder war es schon einmal. "
            "Die Moderation kann sie zusammen mit dieser Seite löschen."
        )
        self.assertContains(response, refusal)
        self.assertNotContains(response, 'value="Ja, löschen"')
        response = self.client.post(f"/admin/pages/{draft.pk}/delete/")
        self.assertIn(refusal, self.messages(response))
        self.assertTrue(Page.objects.filter(pk=draft.pk).exists())
        self.assertTrue(self.live(translation))
        # The moderator may delete in both languages: the same page goes, twin and all.
        self.client.force_login(self.moderator)
        self.client.post(f"/admin/pages/{draft.pk}/delete/")
        self.assertFalse(Page.objects.filter(translation_key=draft.translation_key).exists())


class UnpublishTests(TwinTestCase):
    def unpublish(self, page, **data):
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"/admin/pages/{page.pk}/unpublish/", data)

    def test_confirmation_names_the_russian_event(self):
        self.client.force_login(self.moderator)
        response = self.client.get(f"/admin/pages/{self.site.event.pk}/unpublish/")
        self.assertContains(
            response,
            "Die russische Fassung „Deutsch-Café (по-русски)“ wird ebenfalls offline genommen.",
        )
        self.assertContains(response, "bleiben ihre Übersetzungen offline")

    def test_unpublishing_the_german_event_unpublishes_the_russian_twin(self):
        response = self.unpublish(self.site.event)
        self.assertFalse(self.live(self.site.event))
        self.assertFalse(self.live(self.event_ru))
        self.assertIn(
            "Die russische Fassung „Deutsch-Café (по-русски)“ wurde ebenfalls offline genommen.",
            self.messages(response),
        )
        self.assert_russian_event_gone()
        entry = PageLogEntry.objects.filter(page_id=self.event_ru.pk).latest("timestamp")
        self.assertEqual(entry.action, "site_core.unpublish_with_source")
        self.assertEqual(entry.user, self.moderator)

    def test_republishing_is_up_to_each_language(self):
        self.unpublish(self.site.event)
        # Publishing German again leaves the Russian offline: its text may
        # need the translator's look first.
        event = Page.objects.get(pk=self.site.event.pk).specific
        event.save_revision(user=self.moderator).publish(user=self.moderator)
        self.assertTrue(self.live(self.site.event))
        self.assertFalse(self.live(self.event_ru))
        # The translator publishes it again, and may take it offline alone.
        self.client.force_login(self.translator)
        event_ru = Page.objects.get(pk=self.event_ru.pk).specific
        event_ru.save_revision(user=self.translator).publish(user=self.translator)
        self.assertTrue(self.live(self.event_ru))
        self.client.post(f"/admin/pages/{self.event_ru.pk}/unpublish/")
        self.assertFalse(self.live(self.event_ru))
        self.assertTrue(self.live(self.site.event))

    def test_with_descendants_the_russian_descendants_go_offline_too(self):
        parent = StandardPageFactory(parent=self.site.home, title="Kurse", slug="kurse")
        child = StandardPageFactory(parent=parent, title="Sprachkurs", slug="sprachkurs")
        for page in (parent, child):
            translate_object(page, self.site.ru, russian)
        parent_ru, child_ru = (page.get_translation(self.site.ru) for page in (parent, child))
        self.client.force_login(self.moderator)
        response = self.client.get(f"/admin/pages/{parent.pk}/unpublish/")
        self.assertContains(response, "Mit den Unterseiten wird auch 1 Übersetzung offline")
        self.unpublish(parent, include_descendants="on")
        for page in (parent, child, parent_ru, child_ru):
            self.assertFalse(self.live(page), page.title)
        self.assertEqual(self.visitor.get(child_ru.url).status_code, 404)

    def test_scheduled_expiry_unpublishes_the_russian_twin(self):
        Page.objects.filter(pk=self.site.event.pk).update(
            expire_at=timezone.now() - dt.timedelta(minutes=5)
        )
        with self.captureOnCommitCallbacks(execute=True):
            call_command("publish_scheduled", stdout=io.StringIO())
        self.assertFalse(self.live(self.site.event))
        event_ru = Page.objects.get(pk=self.event_ru.pk)
        self.assertFalse(event_ru.live)
        self.assertTrue(event_ru.expired)
        self.assert_russian_event_gone()

    def test_a_failure_is_shown_with_a_way_to_retry(self):
        def fail_for_russian(sender, instance, **kwargs):
            if instance.pk == self.event_ru.pk:
                raise DatabaseError("disk full")

        page_unpublished.connect(fail_for_russian, dispatch_uid="test_twins_fault")
        self.addCleanup(page_unpublished.disconnect, dispatch_uid="test_twins_fault")
        with self.assertLogs("site_core.page_unpublishing", logging.ERROR):
            response = self.unpublish(self.site.event)
        self.assertFalse(self.live(self.site.event))
        self.assertTrue(self.live(self.event_ru))
        error = next(message for message in self.messages(response) if "nicht offline" in message)
        self.assertIn(
            "Die russische Fassung „Deutsch-Café (по-русски)“ konnte nicht offline genommen "
            "werden. Bitte nehmen Sie sie selbst offline.",
            error,
        )
        self.assertIn(f'href="/admin/pages/{self.event_ru.pk}/unpublish/"', error)
        page_unpublished.disconnect(dispatch_uid="test_twins_fault")
        # The message's link: the Russian page's own unpublish view.
        self.client.post(f"/admin/pages/{self.event_ru.pk}/unpublish/")
        self.assertFalse(self.live(self.event_ru))


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class PageCacheTests(TwinTestCase):
    """Visitors get cached pages: the Russian ones must go stale as well."""

    def warm(self):
        for url in (self.event_ru.url, self.index_ru.url, self.index_ru.url + "feed.ics"):
            self.visitor.get(url)
            self.assertEqual(self.visitor.get(url)[HEADER], "HIT", url)

    def test_unpublishing_invalidates_the_cached_russian_pages(self):
        self.warm()
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/pages/{self.site.event.pk}/unpublish/")
        self.assert_russian_event_gone()

    def test_deleting_invalidates_the_cached_russian_pages(self):
        self.warm()
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/pages/{self.site.event.pk}/delete/")
        self.assert_russian_event_gone()
