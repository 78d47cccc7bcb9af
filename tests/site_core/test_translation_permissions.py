"""Who may start, sync and stop translations (site_core.localize_permissions),
through the admin URLs people follow, as users in the real groups. That
translators cannot stop a synced translation and editors cannot publish by
syncing: tests/reliability/test_translation_routes.py."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import TestCase

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from site_core.factories import StandardPageFactory
from site_core.roles import EDITORS, MODERATORS, TRANSLATORS, setup_roles
from tests.utils import build_site, translate_site

NO_ACCESS = "Sie haben leider keinen Zugang zu diesem Bereich."


def user_in(group, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def shown_messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


class StartingTranslationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.translator = user_in(TRANSLATORS, "t")
        cls.editor = user_in(EDITORS, "e")
        cls.moderator = user_in(MODERATORS, "m")

    def setUp(self):
        # A new German page, mirrored (not yet translated) in Russian: what
        # the dashboard lists as "noch nicht übersetzt".
        with self.captureOnCommitCallbacks(execute=True):
            self.german = StandardPageFactory(parent=self.site.home, title="Erzählcafé")
        self.mirror = self.german.copy_for_translation(self.site.ru, alias=True)

    def follow_dashboard_to_translate_button(self):
        dashboard = self.client.get("/admin/")
        mirror_url = f"/admin/pages/{self.mirror.pk}/edit/"
        self.assertContains(dashboard, f'href="{mirror_url}"')
        mirror = self.client.get(mirror_url)
        self.assertContains(mirror, "Diese Seite übersetzen")
        self.assertContains(mirror, "Sie zeigt den Inhalt der")
        submit_url = (
            f"/admin/localize/submit/page/{self.german.pk}/"
            f"?select_locale=ru&next={mirror_url}"  # unescaped in upstream's template
        )
        self.assertContains(mirror, submit_url)
        return submit_url

    def test_translator_starts_from_the_dashboard_and_lands_in_the_translation_editor(self):
        self.client.force_login(self.translator)
        submit_url = self.follow_dashboard_to_translate_button()
        form = self.client.get(submit_url)
        self.assertEqual(form.status_code, 200)
        self.assertContains(form, "Русский")
        response = self.client.post(submit_url, {"locales": [self.site.ru.pk]}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.redirect_chain[-1][0], f"/admin/pages/{self.mirror.pk}/edit/")
        self.assertContains(response, "js-translation-editor")  # the translation editor
        self.assertNotContains(response, NO_ACCESS)
        self.assertEqual(
            shown_messages(response),
            ["Die Übersetzung der Seite „Erzählcafé“ ist angelegt: Русский"],
        )
        self.assertIsNone(Page.objects.get(pk=self.mirror.pk).alias_of_id)

    def test_translator_may_not_start_translations_into_german(self):
        russian_only = StandardPageFactory(parent=self.site.home.get_translation(self.site.ru))
        self.client.force_login(self.translator)
        response = self.client.get(f"/admin/localize/submit/page/{russian_only.pk}/")
        self.assertRedirects(response, "/admin/")

    def test_translator_still_cannot_edit_german_pages(self):
        self.client.force_login(self.translator)
        response = self.client.get(f"/admin/pages/{self.german.pk}/edit/", follow=True)
        self.assertContains(response, NO_ACCESS)

    def test_editor_ordering_a_translation_sees_only_success(self):
        self.client.force_login(self.editor)
        german_editor = self.client.get(f"/admin/pages/{self.german.pk}/edit/")
        submit_url = f"/admin/localize/submit/page/{self.german.pk}/"
        self.assertContains(german_editor, submit_url)  # "Diese Seite übersetzen"
        response = self.client.post(submit_url, {"locales": [self.site.ru.pk]}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            shown_messages(response),
            ["Die Übersetzung der Seite „Erzählcafé“ ist angelegt: Русский"],
        )
        self.assertNotContains(response, NO_ACCESS)
        self.assertTrue(
            Translation.objects.filter(
                source__object_id=self.german.translation_key, target_locale=self.site.ru
            ).exists()
        )

    def test_editor_following_the_mirror_pages_next_url_is_not_sent_to_a_locked_page(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            f"/admin/localize/submit/page/{self.german.pk}/?next=/admin/pages/{self.mirror.pk}/edit/",
            {"locales": [self.site.ru.pk]},
            follow=True,
        )
        self.assertNotContains(response, NO_ACCESS)
        self.assertEqual(len(shown_messages(response)), 1)


class SyncingAndStoppingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.editor = user_in(EDITORS, "e")
        cls.moderator = user_in(MODERATORS, "m")
        cls.translator = user_in(TRANSLATORS, "t")

    def change_german_draft(self):
        page = Page.objects.get(pk=self.site.standard.pk).specific
        page.title = "Impressum (neu)"
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        return TranslationSource.objects.get(object_id=page.translation_key)

    def test_moderator_may_publish_by_syncing(self):
        source = self.change_german_draft()
        russian = self.site.standard.get_translation(self.site.ru)
        self.client.force_login(self.moderator)
        form = self.client.get(f"/admin/localize/update/{source.pk}/")
        self.assertContains(form, 'type="checkbox" name="publish_translations"')
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"})
        self.assertNotEqual(
            Page.objects.get(pk=russian.pk).live_revision_id, russian.live_revision_id
        )


class AdminApiForTheTranslationEditorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.translator = user_in(TRANSLATORS, "t")

    def test_translator_reads_the_german_agency_the_editor_shows(self):
        # The translation editor asks for `${adminBaseUrl}api/main/pages/<id>/`
        # with adminBaseUrl = reverse("wagtailadmin_home") for a synchronised
        # page field: the German agency of an event.
        self.client.force_login(self.translator)
        response = self.client.get(f"/admin/api/main/pages/{self.site.agency.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], "Integrationsagentur Oberhausen")

    def test_pages_in_no_language_of_the_translator_stay_hidden(self):
        german_only = StandardPageFactory(parent=self.site.home, title="Nur deutsch")
        self.client.force_login(self.translator)
        response = self.client.get(f"/admin/api/main/pages/{german_only.pk}/")
        self.assertNotEqual(response.status_code, 200)
