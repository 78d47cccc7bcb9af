"""An editor types a title, autosave creates the German page and
wagtail-localize its Russian alias; the editor abandons the draft and
deletes it. The Russian copy goes with it, and the delete page says so."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import TestCase

from wagtail.models import Page
from wagtail_localize.models import LocaleSynchronization, TranslatableObject, TranslationSource

from site_core.factories import StandardPageFactory
from site_core.roles import EDITORS, MODERATORS, setup_roles
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site


def user_in(group_name, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


class AbandonedDraftTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        # As in production (load_demo_content): new German pages get a Russian alias.
        LocaleSynchronization.objects.create(locale=cls.site.ru, sync_from=cls.site.de)
        setup_roles()
        cls.editor = user_in(EDITORS, "redakteurin")
        cls.other_editor = user_in(EDITORS, "redakteur")
        cls.moderator = user_in(MODERATORS, "moderatorin")

    def autosave(self, user, title, slug, parent=None):
        """What Wagtail 7.4's autosave sends once a title is typed in the add
        form: a save (no publish, no submit) asking for JSON."""
        parent = parent or self.site.home
        self.client.force_login(user)
        response = self.client.post(
            f"/admin/pages/add/site_core/standardpage/{parent.pk}/",
            {"title": title, "slug": slug, "introduction": "", "body-count": 0},
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(response.json()["success"])
        return Page.objects.get(pk=response.json()["pk"])

    def russian_copy(self, page):
        return Page.objects.filter(
            translation_key=page.translation_key, locale=self.site.ru
        ).first()

    def messages(self, response):
        return [str(message).strip() for message in get_messages(response.wsgi_request)]


class EditorDeletesOwnDraftTests(AbandonedDraftTestCase):
    def test_autosave_creates_the_draft_and_its_russian_alias(self):
        draft = self.autosave(self.editor, "Verworfener Entwurf", "verworfener-entwurf")
        self.assertFalse(draft.live)
        self.assertEqual(draft.owner, self.editor)
        alias = self.russian_copy(draft)
        self.assertEqual(alias.alias_of_id, draft.pk)
        self.assertEqual(alias.get_parent().pk, self.site.home.get_translation(self.site.ru).pk)

    def test_delete_page_names_the_russian_copy_in_german(self):
        draft = self.autosave(self.editor, "Verworfener Entwurf", "verworfener-entwurf")
        response = self.client.get(f"/admin/pages/{draft.pk}/delete/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "Die russische Fassung „Verworfener Entwurf“ ist noch nicht übersetzt "
            "(sie zeigt den deutschen Text) und wird ebenfalls gelöscht.",
        )
        self.assertContains(response, 'value="Ja, löschen"')

    def test_deleting_the_draft_deletes_the_russian_alias(self):
        draft = self.autosave(self.editor, "Verworfener Entwurf", "verworfener-entwurf")
        alias = self.russian_copy(draft)
        response = self.client.post(f"/admin/pages/{draft.pk}/delete/")
        self.assertRedirects(response, f"/admin/pages/{self.site.home.pk}/")
        self.assertFalse(Page.objects.filter(pk__in=[draft.pk, alias.pk]).exists())
        self.assertFalse(Page.objects.filter(translation_key=draft.translation_key).exists())
        self.assertIn(
            "Die russische Fassung „Verworfener Entwurf“ wurde ebenfalls gelöscht.",
            self.messages(response),
        )
        # Nothing is left in the Russian tree: a moderator's page explorer.
        self.client.force_login(self.moderator)
        ru_home = self.site.home.get_translation(self.site.ru)
        listing = self.client.get(f"/admin/pages/{ru_home.pk}/")
        self.assertNotContains(listing, "Verworfener Entwurf")

    def test_an_unpublished_translation_is_deleted_with_the_draft(self):
        draft = self.autosave(self.editor, "Verworfener Entwurf", "verworfener-entwurf")
        translate_object(draft, self.site.ru, russian, publish=False)
        translation = self.russian_copy(draft)
        self.assertIsNone(translation.alias_of_id)
        self.assertTrue(TranslationSource.objects.filter(object_id=draft.translation_key).exists())
        self.client.force_login(self.editor)
        response = self.client.get(f"/admin/pages/{draft.pk}/delete/")
        self.assertContains(
            response,
            "Die russische Fassung „Verworfener Entwurf (по-русски)“ ist eine noch nie "
            "veröffentlichte Übersetzung und wird ebenfalls gelöscht.",
        )
        self.client.post(f"/admin/pages/{draft.pk}/delete/")
        self.assertFalse(Page.objects.filter(translation_key=draft.translation_key).exists())
        # wagtail-localize's records of the translation go with the pages.
        self.assertFalse(
            TranslatableObject.objects.filter(translation_key=draft.translation_key).exists()
        )

    def test_bulk_delete_deletes_the_russian_alias_too(self):
        draft = self.autosave(self.editor, "Verworfener Entwurf", "verworfener-entwurf")
        response = self.client.post(
            f"/admin/bulk/wagtailcore/page/delete/?id={draft.pk}"
            f"&next=/admin/pages/{self.site.home.pk}/"
        )
        self.assertRedirects(response, f"/admin/pages/{self.site.home.pk}/")
        self.assertFalse(Page.objects.filter(translation_key=draft.translation_key).exists())


class EditorLimitsTests(AbandonedDraftTestCase):
    def assert_refused(self, page):
        self.client.force_login(self.editor)
        self.assertFalse(page.permissions_for_user(self.editor).can_delete())
        for response in (
            self.client.get(f"/admin/pages/{page.pk}/delete/"),
            self.client.post(f"/admin/pages/{page.pk}/delete/"),
        ):
            self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
            self.assertIn(
                "Sie haben leider keinen Zugang zu diesem Bereich.",
                self.messages(response),
            )
        self.assertTrue(Page.objects.filter(pk=page.pk).exists())

    def test_cannot_delete_a_published_page(self):
        self.assert_refused(self.site.standard)

    def test_cannot_delete_another_editors_draft(self):
        # Wagtail alone lets an editor delete any page with nothing live in it.
        draft = self.autosave(self.other_editor, "Fremder Entwurf", "fremder-entwurf")
        self.assert_refused(draft)
        self.assertTrue(Page.objects.filter(pk=self.russian_copy(draft).pk).exists())

    def test_cannot_delete_an_own_page_once_published(self):
        draft = self.autosave(self.editor, "Einmal online", "einmal-online")
        draft.get_latest_revision().publish(user=self.moderator)
        Page.objects.get(pk=draft.pk).specific.unpublish(user=self.moderator)
        self.assert_refused(Page.objects.get(pk=draft.pk))

    def test_delete_item_not_offered_for_another_editors_draft(self):
        draft = self.autosave(self.other_editor, "Fremder Entwurf", "fremder-entwurf")
        own = self.autosave(self.editor, "Eigener Entwurf", "eigener-entwurf")
        self.client.force_login(self.editor)
        self.assertNotContains(
            self.client.get(f"/admin/pages/{draft.pk}/edit/"), f"/admin/pages/{draft.pk}/delete/"
        )
        self.assertContains(
            self.client.get(f"/admin/pages/{own.pk}/edit/"), f"/admin/pages/{own.pk}/delete/"
        )


class PublishedPagesTests(AbandonedDraftTestCase):
    def test_moderator_deleting_an_untranslated_page_removes_it_from_ru_and_the_sitemap(self):
        page = StandardPageFactory(parent=self.site.home, title="Alter Termin", slug="alt")
        alias = page.copy_for_translation(self.site.ru, copy_parents=True, alias=True)
        self.assertTrue(alias.live)
        russian_url = alias.url
        self.assertEqual(self.client.get(russian_url).status_code, 200)
        self.client.force_login(self.moderator)
        self.client.post(f"/admin/pages/{page.pk}/delete/")
        self.assertFalse(Page.objects.filter(translation_key=page.translation_key).exists())
        self.assertEqual(self.client.get(russian_url).status_code, 404)
        self.assertNotIn(russian_url, self.client.get("/sitemap.xml").content.decode())

    def test_a_once_published_russian_translation_goes_with_the_page_for_moderators(self):
        # Until issue 16 (finding 14) a published translation kept the German
        # page from being deleted, even by moderators: "delete the Russian
        # page first". Moderators may delete in both languages, so now it goes
        # with the German page (tests/reliability/test_twins.py has the live
        # event and the editor's refusal).
        translation = self.site.standard.get_translation(self.site.ru)
        translation.unpublish(user=self.moderator)
        self.client.force_login(self.moderator)
        response = self.client.get(f"/admin/pages/{self.site.standard.pk}/delete/")
        self.assertContains(
            response,
            f"Die russische Fassung „{translation.title}“ war schon einmal veröffentlicht "
            "und wird ebenfalls gelöscht.",
        )
        self.assertContains(response, 'value="Ja, löschen"')
        response = self.client.post(f"/admin/pages/{self.site.standard.pk}/delete/")
        self.assertRedirects(response, f"/admin/pages/{self.site.home.pk}/")
        self.assertFalse(
            Page.objects.filter(translation_key=self.site.standard.translation_key).exists()
        )


class SubtreeTests(AbandonedDraftTestCase):
    def test_the_copies_of_child_pages_go_with_their_parent(self):
        # Only superusers may delete pages with children (no role has bulk_delete).
        admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
        parent = self.autosave(admin, "Entwurf mit Unterseite", "entwurf-mit-unterseite")
        child = self.autosave(admin, "Unterseite", "unterseite", parent=parent)
        self.assertEqual(self.russian_copy(child).get_parent().pk, self.russian_copy(parent).pk)
        response = self.client.get(f"/admin/pages/{parent.pk}/delete/")
        self.assertContains(response, "Mit ihr wird 1 Unterseite gelöscht.")
        self.client.post(f"/admin/pages/{parent.pk}/delete/")
        keys = [parent.translation_key, child.translation_key]
        self.assertFalse(Page.objects.filter(translation_key__in=keys).exists())
