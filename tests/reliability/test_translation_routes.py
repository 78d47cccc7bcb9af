"""No route through the translation admin lets a translator change what
must stay as the German source has it, or publish what only the
moderation may publish (issue 16, findings 2 and 7).

- Finding 2: a translator cannot stop a synced translation, and on a
  Russian page whose sync a moderator stopped, the ordinary page editor
  keeps a contact form's recipient and an event's dates as the German page
  has them, whatever is posted (site_core.source_fields).
- Finding 7: an editor's "Sync translated pages" with "Publish immediately"
  publishes no Russian page.
"""

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from events.models import EventPage
from home.models import ContactFormPage
from site_core.factories import ContactPersonFactory
from site_core.models import ContactPerson
from site_core.roles import EDITORS, MODERATORS, TRANSLATORS, setup_roles
from tests.admin_forms import form_data
from tests.home.test_contact_form import ContactFormTestCase, message
from tests.site_core.test_translation_permissions import user_in

GERMAN_ONLY = "Wird von der deutschen Fassung übernommen und kann hier nicht geändert werden."
STOP_REFUSED = "Die synchronisierte Übersetzung beenden kann nur"


class TranslationRouteTestCase(ContactFormTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        setup_roles()
        cls.editor = user_in(EDITORS, "e")
        cls.moderator = user_in(MODERATORS, "m")
        cls.translator = user_in(TRANSLATORS, "t")

    def translation_of(self, page):
        return Translation.objects.get(
            source__object_id=page.translation_key, target_locale=self.site.ru
        )

    def moderator_stops_sync(self, page):
        """The moderation stops the synced translation of ``page`` with the
        button of the translation editor: the Russian page becomes an
        ordinary page."""
        translation = self.translation_of(page)
        self.client.force_login(self.moderator)
        response = self.client.post(f"/admin/localize/translate/{translation.pk}/disable/")
        self.assertEqual(response.status_code, 302)
        translation.refresh_from_db()
        self.assertFalse(translation.enabled)
        self.client.logout()

    def translator_publishes(self, page, **changes):
        """The translator opens the Russian ``page`` in the ordinary editor,
        changes fields (posted whatever the form shows) and publishes."""
        self.client.force_login(self.translator)
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        editor = self.client.get(url)
        self.assertEqual(editor.status_code, 200)
        self.assertNotContains(editor, "js-translation-editor")  # the ordinary editor
        data = form_data(editor)
        if hasattr(page, "body"):
            data["body-count"] = "0"
        data.update(changes, **{"action-publish": "action-publish"})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        if response.status_code == 200:
            self.fail(f"not published: {response.context['form'].errors}")
        self.assertEqual(response.status_code, 302)
        return editor


class TranslatorStopsSyncTests(TranslationRouteTestCase):
    def test_translator_cannot_stop_a_synced_translation(self):
        translation = self.translation_of(self.form)
        self.client.force_login(self.translator)
        response = self.client.post(
            f"/admin/localize/translate/{translation.pk}/disable/", follow=True
        )
        self.assertContains(response, STOP_REFUSED)
        translation.refresh_from_db()
        self.assertTrue(translation.enabled)
        self.assertEqual(
            response.redirect_chain[0][0], f"/admin/pages/{self.russian_form.pk}/edit/"
        )


class RecipientTests(TranslationRouteTestCase):
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def test_translator_cannot_redirect_russian_messages(self):
        self.moderator_stops_sync(self.form)
        editor = self.translator_publishes(
            self.russian_form,
            to_address="fremd@example.net",
            from_address="fremd@example.net",
            subject="Umgeleitet",
        )
        russian = ContactFormPage.objects.get(pk=self.russian_form.pk)
        self.assertTrue(russian.live)
        self.assertEqual(russian.to_address, "oberhausen@example.org")
        self.assertEqual(russian.from_address, self.form.from_address)
        self.assertEqual(russian.subject, self.form.subject)
        latest = russian.get_latest_revision_as_object()
        self.assertEqual(latest.to_address, "oberhausen@example.org")

        self.client.logout()
        response = self.client.post(russian.url, message(nachricht="Нужна помощь."))
        self.assertEqual(response.status_code, 200)
        [email] = mail.outbox
        self.assertEqual(email.to, ["oberhausen@example.org"])
        self.assertIn("Нужна помощь.", email.body)
        # The editor said why the fields could not be changed.
        self.assertContains(editor, GERMAN_ONLY)


class EventDateTests(TranslationRouteTestCase):
    def test_translator_cannot_give_a_russian_event_other_dates(self):
        german = EventPage.objects.get(pk=self.site.event.pk)
        russian = german.get_translation(self.site.ru)
        self.moderator_stops_sync(german)
        self.translator_publishes(
            russian,
            start_date="15.01.2030",
            start_time="10:00",
            end_time="11:00",
            recurrence="RRULE:FREQ=WEEKLY;BYDAY=TU",
            skip_jewish_holidays="on",
        )
        russian = EventPage.objects.get(pk=russian.pk)
        self.assertTrue(russian.live)
        self.assertEqual(russian.start_date, german.start_date)
        self.assertEqual(russian.start_time, german.start_time)
        self.assertEqual(russian.end_time, german.end_time)
        self.assertFalse(russian.recurrence)
        self.assertEqual(russian.skip_jewish_holidays, german.skip_jewish_holidays)
        # The Russian calendar lists the German date, not the translator's.
        self.client.logout()
        response = self.client.get(russian.url)
        self.assertContains(response, f'<time datetime="{german.start_date.isoformat()}T18:00')
        self.assertNotContains(response, "2030-01-15")


class ContactPersonTests(TranslationRouteTestCase):
    def test_translator_cannot_give_a_russian_contact_person_other_details(self):
        with self.captureOnCommitCallbacks(execute=True):
            german = ContactPersonFactory(
                locale=self.site.de, name="Anna Schmidt", email="schmidt@example.org"
            )
        russian = german.get_translation(self.site.ru)
        self.moderator_stops_sync(german)
        self.client.force_login(self.translator)
        url = f"/admin/snippets/site_core/contactperson/edit/{russian.pk}/"
        editor = self.client.get(url)
        self.assertNotContains(editor, "js-translation-editor")
        data = form_data(editor, form_id="w-editor-form")
        data.update(email="fremd@example.net", phone="0000", role="Социальный работник")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        russian = ContactPerson.objects.get(pk=russian.pk)
        self.assertEqual(russian.role, "Социальный работник")  # what translators write
        self.assertEqual(russian.email, "schmidt@example.org")
        self.assertEqual(russian.phone, german.phone)
        self.assertContains(editor, GERMAN_ONLY)


class EditorSyncTests(TranslationRouteTestCase):
    def test_editor_cannot_publish_russian_pages_by_syncing(self):
        page = Page.objects.get(pk=self.site.standard.pk).specific
        page.title = "Impressum (neu)"
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        source = TranslationSource.objects.get(object_id=page.translation_key)
        russian = self.site.standard.get_translation(self.site.ru)
        revision_before = russian.live_revision_id
        self.client.force_login(self.editor)
        form = self.client.get(f"/admin/localize/update/{source.pk}/")
        self.assertNotContains(form, 'type="checkbox" name="publish_translations"')
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}
            )
        self.assertEqual(response.status_code, 302)
        russian = Page.objects.get(pk=russian.pk)
        self.assertEqual(russian.live_revision_id, revision_before)
        self.assertNotEqual(russian.title, "Impressum (neu)")
