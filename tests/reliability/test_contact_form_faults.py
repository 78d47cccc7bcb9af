"""A visitor's message to an agency is never lost: not to a line break in
an e-mail header, not to a mail error, not to a quick hand.

- Line breaks in what heads the agency's e-mail (the form's subject and
  addresses, the agency's title) are refused in German where an editor
  types them; values stored before are made one line when the mail is sent.
- Whatever goes wrong with the mail, the message is stored, the visitor is
  thanked, and the ERROR reaches ADMINS by mail.
- A message sent sooner than 3 s after the form was shown, with the
  honeypot field empty (a person), is shown again with everything typed
  and a message in the visitor's language, not thanked for and dropped.
"""

import time

from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import BadHeaderError
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Page

from home.models import ContactFormPage
from site_core.roles import EDITORS, setup_roles
from tests.admin_forms import form_data
from tests.home.test_contact_form import ContactFormTestCase, message

ONE_LINE = "Bitte schreiben Sie alles in eine Zeile"
INVALID_EMAIL = "Bitte gültige E-Mail-Adresse eingeben."
THANKS = "Vielen Dank für Ihre Nachricht"
THANKS_RU = "Спасибо за Ваше сообщение"
SEND_AGAIN_DE = (
    "Ihre Nachricht wurde noch nicht gesendet. Bitte prüfen Sie Ihre Angaben und senden Sie "
    "die Nachricht noch einmal ab."
)
SEND_AGAIN_RU = (
    "Ваше сообщение ещё не отправлено. Пожалуйста, проверьте введённые данные и отправьте "
    "сообщение ещё раз."
)
ADMINS = [("Technik", "technik@example.org")]


class HeaderTests(ContactFormTestCase):
    def editor_posts(self, page, **changes):
        """An editor of the group Redaktion changes ``page`` in its edit
        form (the StreamField as the admin's script posts it, if any)."""
        setup_roles()
        editor, _ = Group.objects.get(name=EDITORS).user_set.get_or_create(username="redakteurin")
        self.client.force_login(editor)
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data = form_data(self.client.get(url))
        if hasattr(page.specific, "body"):
            data["body-count"] = "0"
        data.update(changes)
        return self.client.post(url, data)

    def assert_refused(self, response, field, message=ONE_LINE):
        self.assertEqual(response.status_code, 200, "the editor must show the form again")
        errors = [str(error) for error in response.context["form"].errors.get(field, [])]
        self.assertTrue(any(error.startswith(message) for error in errors), errors)

    def test_editor_cannot_type_a_line_break_into_the_mail_subject_or_addresses(self):
        for field, value, error in [
            ("subject", "Anfrage\r\nBcc: alle@example.org", ONE_LINE),
            ("subject", "Anfrage\nüber die Website", ONE_LINE),
            ("to_address", "oberhausen@example.org\r\nBcc: alle@example.org", ONE_LINE),
            # Not an e-mail address at all: Django's message comes first.
            ("from_address", "website@example.org\nBcc: alle@example.org", INVALID_EMAIL),
            ("from_address", "website@example.org\x00", "Nullzeichen sind nicht erlaubt."),
        ]:
            with self.subTest(field=field, value=value):
                revisions = self.form.revisions.count()
                response = self.editor_posts(self.form, **{field: value})
                self.assert_refused(response, field, error)
                self.assertEqual(self.form.revisions.count(), revisions)

    def test_editor_cannot_type_a_line_break_into_a_page_title(self):
        for page in [self.site.agency, self.form, self.site.event, self.site.project]:
            with self.subTest(page=page.specific_class.__name__):
                revisions = page.revisions.count()
                response = self.editor_posts(page, title="Integrationsagentur\r\nBcc: x@y.de")
                self.assert_refused(response, "title")
                self.assertEqual(page.revisions.count(), revisions)

    def test_a_one_line_subject_is_still_saved(self):
        response = self.editor_posts(self.form, subject="Anfrage über die Website")
        self.assertEqual(response.status_code, 302)

    def store_bad_headers(self):
        """Values saved before the editor's form refused them."""
        ContactFormPage.objects.filter(pk__in=[self.form.pk, self.russian_form.pk]).update(
            subject="Anfrage\r\nBcc: alle@example.org",
            from_address="website@example.org\n",
            to_address="oberhausen@example.org,\r\n muelheim@example.org",
        )
        Page.objects.filter(pk=self.site.agency.pk).update(title="Integrationsagentur\nOberhausen")

    def test_stored_line_breaks_do_not_stop_german_or_russian_messages(self):
        self.store_bad_headers()
        for page, text in [(self.form, "Hallo"), (self.russian_form, "Здравствуйте")]:
            with self.subTest(language=page.locale.language_code):
                mail.outbox = []
                response = self.client.post(page.url, message(nachricht=text))
                self.assertContains(response, THANKS if page == self.form else THANKS_RU)
                self.assertTrue(self.submissions().filter(form_data__nachricht=text).exists())
                [email] = mail.outbox
                self.assertEqual(
                    email.subject,
                    "Anfrage Bcc: alle@example.org – Integrationsagentur Oberhausen",
                )
                self.assertEqual(email.to, ["oberhausen@example.org", "muelheim@example.org"])
                self.assertEqual(email.from_email, "website@example.org")
                self.assertNotIn("Bcc", email.extra_headers)
                self.assertEqual(email.bcc, [])


class AgencyMailFails(EmailBackend):
    """A mail server that takes mail for ADMINS and fails on the agency's,
    with an error Django raises before any server is asked."""

    def send_messages(self, messages):
        if any("oberhausen@example.org" in message.to for message in messages):
            raise BadHeaderError("Header values can't contain newlines")
        return super().send_messages(messages)


@override_settings(ADMINS=ADMINS, EMAIL_BACKEND=f"{__name__}.AgencyMailFails")
class MailErrorTests(ContactFormTestCase):
    def test_a_mail_error_keeps_the_message_thanks_the_visitor_and_alerts_the_admins(self):
        for page, thanks in [(self.form, THANKS), (self.russian_form, THANKS_RU)]:
            with self.subTest(language=page.locale.language_code):
                mail.outbox = []
                response = self.client.post(page.url, message(name=f"Olga {page.pk}"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, thanks)
                self.assertTrue(
                    self.submissions().filter(form_data__name=f"Olga {page.pk}").exists()
                )
                # Staff learn of it by mail (LOGGING's mail_admins), with
                # where to find the message.
                [alert] = mail.outbox
                self.assertEqual(alert.to, ["technik@example.org"])
                self.assertIn("nicht gesendet", alert.subject)
                self.assertIn(f"/admin/forms/submissions/{page.pk}/", alert.body)


class QuickHandTests(ContactFormTestCase):
    def post_after(self, page, seconds, **changes):
        """Post the form as if it had been shown ``seconds`` ago."""
        shown_at = int(time.time() - seconds)
        return self.client.post(page.url, message(whf_time=str(shown_at), **changes)), shown_at

    def test_a_message_sent_at_once_is_shown_again_with_everything_typed(self):
        for page, text, send_again in [
            (self.form, "Ich brauche Hilfe.", SEND_AGAIN_DE),
            (self.russian_form, "Нужна помощь.", SEND_AGAIN_RU),
        ]:
            with self.subTest(language=page.locale.language_code):
                response, shown_at = self.post_after(page, 0, nachricht=text)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, send_again)
                self.assertNotContains(response, THANKS)
                self.assertNotContains(response, THANKS_RU)
                self.assertContains(response, 'value="Olga Petrova"')
                self.assertContains(response, f"{text}</textarea>")
                self.assertContains(response, 'id="id_einwilligung" checked')
                # The time the form was first shown is kept: sending again
                # a moment later goes through.
                self.assertContains(response, f'name="whf_time" value="{shown_at}"')
                self.assertFalse(self.submissions().exists())
                self.assertEqual(mail.outbox, [])

    def test_three_seconds_and_a_little_are_enough(self):
        # wagtail-honeypot wanted more than 3 whole seconds: a message sent
        # in the fourth second after the second the form shows (3.1 s after
        # it, say) was "too fast", thanked for and dropped.
        shown_at = int(time.time()) - 3
        response = self.client.post(self.form.url, message(whf_time=str(shown_at)))
        self.assertContains(response, THANKS)
        self.assertEqual(self.submissions().count(), 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_sending_again_after_the_message_goes_through(self):
        response, shown_at = self.post_after(self.form, 1)
        self.assertContains(response, SEND_AGAIN_DE)
        with self.settings(HONEYPOT_TIME_INTERVAL=0):  # the visitor read the message
            response = self.client.post(self.form.url, message(whf_time=str(shown_at)))
        self.assertContains(response, THANKS)
        self.assertEqual(self.submissions().count(), 1)

    def test_a_form_without_its_time_is_shown_again_with_a_new_one(self):
        for whf_time in [None, "", "gestern", str(int(time.time()) + 3600)]:
            with self.subTest(whf_time=whf_time):
                response = self.client.post(self.form.url, message(whf_time=whf_time))
                self.assertContains(response, SEND_AGAIN_DE)
                shown_at = response.context["honeypot_fields"]["time"]
                self.assertLess(abs(int(shown_at) - time.time()), 60)
                self.assertFalse(self.submissions().exists())

    def test_a_filled_honeypot_is_still_thanked_and_dropped_even_when_quick(self):
        response, _ = self.post_after(self.form, 0, whf_name="Buy cheap watches")
        self.assertContains(response, THANKS)
        self.assertFalse(self.submissions().exists())
        self.assertEqual(mail.outbox, [])
