"""The agencies' contact forms: what a visitor sees and sends, what the agency
receives, what bots and floods get, and what the admin keeps (and deletes)."""

import datetime as dt
import re
import smtplib
import time
from io import StringIO

from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail_localize.models import StringSegment, TranslationSource

from home.factories import ContactFormPageFactory
from home.models import AgencyPage, ContactFormPage, HomePage
from site_core.factories import StandardPageFactory
from site_core.roles import EDITORS, setup_roles
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site


def message(**changes):
    """What a visitor sends: the answers, the consent, and the honeypot
    fields as the form renders them, shown a minute ago."""
    data = {
        "name": "Olga Petrova",
        "e_mail": "olga@example.org",
        "telefon": "0208 123456",
        "nachricht": "Ich brauche Hilfe beim Antrag auf Wohngeld.",
        "einwilligung": "on",
        "whf_name": "",
        "whf_time": str(int(time.time()) - 60),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class ContactFormTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.privacy = StandardPageFactory(
            parent=cls.site.home, title="Datenschutz", slug="datenschutz"
        )
        translate_object(cls.privacy, cls.site.ru, russian)
        cls.form = ContactFormPageFactory(
            parent=cls.site.agency,
            title="Nachricht an die Integrationsagentur Oberhausen",
            slug="kontakt",
            to_address="oberhausen@example.org",
        )
        translate_object(cls.form, cls.site.ru, russian)
        cls.russian_form = cls.form.get_translation(cls.site.ru)

    def setUp(self):
        # The submission counts per IP address live in the cache.
        cache.clear()

    def submissions(self):
        return FormSubmission.objects.filter(
            page__in=[self.form.pk, self.russian_form.pk]
        ).order_by("submit_time")


class VisitorTests(ContactFormTestCase):
    def test_german_form_has_labels_required_marks_help_and_consent(self):
        response = self.client.get(self.form.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            '<label class="form-field__label" for="id_name">Name '
            '<span class="form-field__required">(Pflichtfeld)</span></label>',
            html=True,
        )
        self.assertContains(
            response,
            '<input type="email" name="e_mail" autocomplete="email" maxlength="320" '
            'aria-describedby="id_e_mail_helptext" id="id_e_mail">',
            html=True,
        )
        self.assertContains(response, "Wenn Sie eine Antwort per E-Mail wünschen.")
        self.assertContains(response, 'autocomplete="name"')
        self.assertContains(response, 'type="tel"')
        self.assertContains(response, 'autocomplete="tel"')
        self.assertContains(
            response,
            "Ich bin einverstanden, dass meine Angaben zur Bearbeitung meiner Anfrage "
            "gespeichert werden.",
        )
        self.assertContains(
            response,
            '<input type="checkbox" name="einwilligung" required '
            'aria-describedby="id_einwilligung_helptext" id="id_einwilligung">',
            html=True,
        )
        self.assertContains(response, f'<a href="{self.privacy.url}">')
        # No inline script or style: the site's Content-Security-Policy.
        html = response.content.decode()
        self.assertIsNone(re.search(r"<script(?![^>]*\bsrc=)", html))
        self.assertNotIn("style=", html)

    def test_russian_form_shows_the_translators_labels_and_the_russian_privacy_page(self):
        response = self.client.get(self.russian_form.url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.russian_form.url.startswith("/ru/"))
        self.assertContains(response, '<html lang="ru">')
        self.assertContains(response, "Name (по-русски)")
        self.assertContains(response, "Wenn Sie eine Antwort per E-Mail wünschen. (по-русски)")
        privacy_ru = self.privacy.get_translation(self.site.ru)
        self.assertContains(response, f'<a href="{privacy_ru.url}">')
        self.assertContains(response, 'name="einwilligung"')

    def test_without_a_privacy_page_the_consent_is_still_asked(self):
        Page.objects.filter(pk=self.privacy.pk).update(slug="alt")
        response = self.client.get(self.form.url)
        self.assertContains(response, 'name="einwilligung"')
        self.assertNotContains(response, "Mehr dazu auf der Seite")

    def test_chosen_privacy_page_wins(self):
        policy = StandardPageFactory(parent=self.site.agency, title="Datenschutz der Agentur")
        self.form.privacy_page = policy
        self.form.save_revision().publish()
        response = self.client.get(self.form.url)
        self.assertContains(response, f'<a href="{policy.url}">')

    def test_message_is_stored_emailed_to_the_agency_and_thanked_for(self):
        response = self.client.post(self.form.url, message())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Vielen Dank für Ihre Nachricht</h1>", html=True)
        self.assertContains(response, "Wir melden uns innerhalb von drei Werktagen bei Ihnen.")
        self.assertContains(response, f'<a href="{self.site.agency.url}">')

        [submission] = self.submissions()
        self.assertEqual(submission.page_id, self.form.pk)
        self.assertEqual(submission.form_data["name"], "Olga Petrova")
        self.assertEqual(submission.form_data["nachricht"], message()["nachricht"])
        self.assertIs(submission.form_data["einwilligung"], True)

        [email] = mail.outbox
        self.assertEqual(email.to, ["oberhausen@example.org"])
        self.assertEqual(email.reply_to, ["olga@example.org"])
        self.assertEqual(
            email.subject, "Nachricht über die Website – Integrationsagentur Oberhausen"
        )
        self.assertIn("Name: Olga Petrova", email.body)
        self.assertIn("Nachricht: Ich brauche Hilfe beim Antrag auf Wohngeld.", email.body)
        self.assertIn("(Sprache: Deutsch)", email.body)
        self.assertIn(f"/admin/forms/submissions/{self.form.pk}/", email.body)

    def test_russian_message_reaches_the_agency_in_german(self):
        response = self.client.post(self.russian_form.url, message(nachricht="Нужна помощь."))
        self.assertEqual(response.status_code, 200)
        [submission] = self.submissions()
        self.assertEqual(submission.page_id, self.russian_form.pk)
        # German and Russian answers are stored under the same names.
        self.assertEqual(submission.form_data["nachricht"], "Нужна помощь.")
        [email] = mail.outbox
        self.assertEqual(
            email.subject, "Nachricht über die Website – Integrationsagentur Oberhausen"
        )
        self.assertIn("(Sprache: Russisch)", email.body)
        self.assertIn("Нужна помощь.", email.body)

    def test_without_an_email_address_there_is_no_reply_to(self):
        self.client.post(self.form.url, message(e_mail=""))
        [email] = mail.outbox
        self.assertEqual(email.reply_to, [])

    def test_missing_consent_is_an_error_and_nothing_is_stored(self):
        response = self.client.post(self.form.url, message(einwilligung=None))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<title>Fehler: ")
        self.assertContains(response, "Bitte prüfen Sie Ihre Angaben")
        self.assertContains(response, '<a href="#id_einwilligung">')
        self.assertContains(
            response,
            "Bitte stimmen Sie zu, damit wir Ihre Nachricht speichern und beantworten dürfen.",
            count=2,  # in the list at the top and at the checkbox
        )
        self.assertContains(
            response,
            '<input type="checkbox" name="einwilligung" required aria-invalid="true" '
            'aria-describedby="id_einwilligung_helptext id_einwilligung_error" '
            'id="id_einwilligung">',
            html=True,
        )
        # What the visitor typed is still there.
        self.assertContains(response, 'value="Olga Petrova"')
        self.assertContains(response, "Ich brauche Hilfe beim Antrag auf Wohngeld.</textarea>")
        self.assertFalse(self.submissions().exists())
        self.assertEqual(mail.outbox, [])

    def test_missing_required_answer_is_listed_and_marked_at_the_field(self):
        response = self.client.post(self.form.url, message(name=""))
        self.assertContains(response, '<a href="#id_name">')
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, 'id="id_name_error"')
        self.assertFalse(self.submissions().exists())

    def test_mail_server_down_keeps_the_message_and_thanks_the_visitor(self):
        with (
            override_settings(EMAIL_BACKEND=f"{__name__}.BrokenMailServer"),
            self.assertLogs("home.models", "ERROR"),
        ):
            response = self.client.post(self.form.url, message())
        self.assertContains(response, "Vielen Dank für Ihre Nachricht")
        self.assertEqual(self.submissions().count(), 1)

    def test_agency_page_links_to_its_contact_form_in_each_language(self):
        response = self.client.get(self.site.agency.url)
        self.assertContains(response, f'<a class="button" href="{self.form.url}">')
        russian_agency = self.site.agency.get_translation(self.site.ru)
        response = self.client.get(russian_agency.url)
        self.assertContains(response, f'<a class="button" href="{self.russian_form.url}">')


class ReplyTests(ContactFormTestCase):
    """E-mail and phone are both optional, but one of them is needed: the
    thank-you page promises an answer."""

    GERMAN_HINT = "Bitte geben Sie „E-Mail“ oder „Telefon“ an, damit wir Ihnen antworten können."
    RUSSIAN_HINT = (
        "Пожалуйста, укажите «E-Mail (по-русски)» или «Telefon (по-русски)», чтобы мы могли "
        "Вам ответить."
    )

    def test_the_form_says_beforehand_that_email_or_phone_is_needed(self):
        self.assertContains(self.client.get(self.form.url), self.GERMAN_HINT)
        self.assertContains(self.client.get(self.russian_form.url), self.RUSSIAN_HINT)

    def test_german_message_without_email_and_phone_is_refused_with_the_input_kept(self):
        response = self.client.post(self.form.url, message(e_mail="", telefon=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<title>Fehler: ")
        self.assertNotContains(response, "Vielen Dank")
        # Above the form, in the list of errors (linked to the e-mail field)
        # and at the e-mail field.
        self.assertContains(response, self.GERMAN_HINT, count=3)
        self.assertContains(response, f'<a href="#id_e_mail">E-Mail: {self.GERMAN_HINT}</a>')
        self.assertContains(response, 'id="id_e_mail_error"')
        self.assertContains(response, 'value="Olga Petrova"')
        self.assertContains(response, "Ich brauche Hilfe beim Antrag auf Wohngeld.</textarea>")
        self.assertContains(response, 'id="id_einwilligung" checked')
        self.assertFalse(self.submissions().exists())
        self.assertEqual(mail.outbox, [])

    def test_russian_message_without_email_and_phone_is_refused_in_russian(self):
        response = self.client.post(
            self.russian_form.url, message(e_mail="", telefon="", nachricht="Нужна помощь.")
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.RUSSIAN_HINT, count=3)
        self.assertContains(
            response, f'<a href="#id_e_mail">E-Mail (по-русски): {self.RUSSIAN_HINT}</a>'
        )
        self.assertContains(response, "Нужна помощь.</textarea>")
        self.assertFalse(self.submissions().exists())

    def test_phone_alone_or_email_alone_is_enough(self):
        self.client.post(self.form.url, message(e_mail="", telefon="0208 123456"))
        self.client.post(self.russian_form.url, message(e_mail="olga@example.org", telefon=""))
        self.assertEqual(self.submissions().count(), 2)
        self.assertEqual(len(mail.outbox), 2)

    def test_mistyped_email_gets_only_its_own_error(self):
        response = self.client.post(self.form.url, message(e_mail="olga.example.org", telefon=""))
        self.assertContains(response, "Bitte gültige E-Mail-Adresse eingeben.")
        self.assertContains(response, self.GERMAN_HINT, count=1)  # the note above the form
        self.assertContains(response, 'value="olga.example.org"')
        self.assertFalse(self.submissions().exists())

    def test_a_required_email_field_needs_no_hint(self):
        form = ContactFormPageFactory(
            parent=self.site.home,
            fields=[
                ("Name", "singleline", True, ""),
                ("E-Mail", "email", True, ""),
                ("Nachricht", "multiline", True, ""),
            ],
        )
        self.assertNotContains(self.client.get(form.url), "damit wir Ihnen antworten können")
        response = self.client.post(form.url, message(e_mail=""))
        self.assertContains(response, '<a href="#id_e_mail">')
        self.assertNotContains(response, "damit wir Ihnen antworten können")


class SpamTests(ContactFormTestCase):
    def test_filled_honeypot_gets_thanks_but_nothing_is_stored_or_sent(self):
        response = self.client.post(self.form.url, message(whf_name="Buy cheap watches"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Vielen Dank für Ihre Nachricht")
        self.assertFalse(self.submissions().exists())
        self.assertEqual(mail.outbox, [])

    def test_too_fast_submission_is_shown_again_not_sent(self):
        # Changed deliberately (issue 16): a too-fast message with an empty
        # honeypot field may be a person's, so it is no longer thanked for
        # and dropped; tests/reliability/test_contact_form_faults.py.
        response = self.client.post(self.form.url, message(whf_time=str(int(time.time()))))
        self.assertNotContains(response, "Vielen Dank für Ihre Nachricht")
        self.assertContains(response, "Ihre Nachricht wurde noch nicht gesendet.")
        self.assertContains(response, 'value="Olga Petrova"')
        self.assertFalse(self.submissions().exists())
        self.assertEqual(mail.outbox, [])

    def test_person_correcting_an_error_at_once_is_not_taken_for_a_bot(self):
        shown_at = str(int(time.time()) - 60)
        response = self.client.post(self.form.url, message(einwilligung=None, whf_time=shown_at))
        # The form comes back with the time it was first shown, so ticking
        # the consent and sending again a second later is fine.
        self.assertContains(response, f'name="whf_time" value="{shown_at}"')
        self.client.post(self.form.url, message(whf_time=shown_at))
        self.assertEqual(self.submissions().count(), 1)

    def test_post_without_the_honeypot_fields_is_dropped(self):
        # Not made from the form the site shows: a bot.
        self.client.post(self.form.url, message(whf_name=None, whf_time=None))
        self.assertFalse(self.submissions().exists())

    def test_honeypot_is_hidden_from_everyone_and_labelled(self):
        response = self.client.get(self.form.url)
        shown_at = re.search(r'name="whf_time" value="(\d+)"', response.content.decode())[1]
        self.assertLess(abs(int(shown_at) - time.time()), 60)
        self.assertContains(
            response,
            '<div class="contact-form__trap"><label for="whf_name">Bitte lassen Sie dieses '
            'Feld leer.</label><input type="text" name="whf_name" id="whf_name" tabindex="-1" '
            f'autocomplete="off"><input type="hidden" name="whf_time" value="{shown_at}"></div>',
            html=True,
        )
        # The library's own stylesheet and script are not used.
        self.assertNotContains(response, "honeypot.css")
        self.assertNotContains(response, "honeypot.js")


@override_settings(CONTACT_FORM_RATE="5/h")
class RateLimitTests(ContactFormTestCase):
    def test_sixth_message_in_an_hour_is_refused_with_the_input_kept(self):
        for n in range(5):
            response = self.client.post(self.form.url, message(name=f"Person {n}"))
            self.assertContains(response, "Vielen Dank für Ihre Nachricht")
        response = self.client.post(self.form.url, message(name="Person 6"))
        self.assertEqual(response.status_code, 429)
        self.assertContains(
            response,
            "Sie haben in kurzer Zeit sehr viele Nachrichten gesendet. Bitte versuchen Sie es "
            "später noch einmal oder rufen Sie uns an.",
            status_code=429,
        )
        self.assertContains(response, 'value="Person 6"', status_code=429)
        self.assertContains(
            response, "Ich brauche Hilfe beim Antrag auf Wohngeld.</textarea>", status_code=429
        )
        self.assertEqual(self.submissions().count(), 5)
        self.assertEqual(len(mail.outbox), 5)

    def test_the_limit_counts_over_both_languages_and_per_address(self):
        for _n in range(5):
            self.client.post(self.form.url, message())
        response = self.client.post(self.russian_form.url, message())
        self.assertEqual(response.status_code, 429)
        neighbour = Client(REMOTE_ADDR="192.0.2.7")
        response = neighbour.post(self.form.url, message())
        self.assertContains(response, "Vielen Dank für Ihre Nachricht")
        self.assertEqual(self.submissions().count(), 6)

    def test_reading_the_form_and_fixing_errors_costs_no_attempt(self):
        for _n in range(10):
            self.assertEqual(self.client.get(self.form.url).status_code, 200)
            self.client.post(self.form.url, message(einwilligung=None))
        for _n in range(5):
            self.client.post(self.form.url, message())
        self.assertEqual(self.submissions().count(), 5)
        # Once limited, reading the form still works.
        self.assertEqual(self.client.post(self.form.url, message()).status_code, 429)
        self.assertEqual(self.client.get(self.form.url).status_code, 200)


class CookieTests(ContactFormTestCase):
    def test_only_the_form_page_sets_a_cookie_and_only_the_csrf_token(self):
        for url in [self.site.home.url, self.site.agency.url, self.privacy.url]:
            with self.subTest(url=url):
                response = Client().get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(list(response.cookies), [])
        response = Client().get(self.form.url)
        self.assertEqual(list(response.cookies), ["csrftoken"])

    def test_the_form_is_protected_against_cross_site_requests(self):
        response = Client(enforce_csrf_checks=True).post(self.form.url, message())
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.submissions().exists())


class AdminTests(ContactFormTestCase):
    def test_submissions_listed_in_the_admin_with_the_consent(self):
        self.client.post(self.form.url, message())
        self.login()
        response = self.client.get(f"/admin/forms/submissions/{self.form.pk}/")
        self.assertContains(response, "Olga Petrova")
        self.assertContains(response, "Einwilligung")

    def test_editor_sees_the_retention_note(self):
        self.login()
        response = self.client.get(f"/admin/pages/{self.form.pk}/edit/")
        self.assertContains(response, "Anfragen werden nach 6 Monaten automatisch gelöscht")

    def test_editor_creates_a_contact_form_below_an_agency(self):
        self.login()
        self.assertCanCreate(
            self.site.agency,
            ContactFormPage,
            nested_form_data(
                {
                    "title": "Kontakt Mülheim",
                    "slug": "kontakt-muelheim",
                    "introduction": "Schreiben Sie uns.",
                    "thank_you_text": rich_text("<p>Danke!</p>"),
                    "to_address": "muelheim@example.org",
                    "form_fields": inline_formset(
                        [
                            {"label": "Name", "field_type": "singleline", "required": "on"},
                            {"label": "Telefon", "field_type": "singleline"},
                            {"label": "Nachricht", "field_type": "multiline", "required": "on"},
                        ]
                    ),
                }
            ),
        )
        page = ContactFormPage.objects.get(slug="kontakt-muelheim")
        self.assertTrue(page.honeypot)
        self.assertEqual(
            [f.clean_name for f in page.form_fields.all()], ["name", "telefon", "nachricht"]
        )

    def test_editor_must_give_the_form_a_field_to_answer_to(self):
        setup_roles()
        editor = self.create_user("redakteurin", password="x")  # noqa: S106 - test only
        editor.groups.add(Group.objects.get(name=EDITORS))
        self.client.force_login(editor)
        data = nested_form_data(
            {
                "title": "Kontakt ohne Rückweg",
                "slug": "kontakt-ohne-rueckweg",
                "to_address": "muelheim@example.org",
                "form_fields": inline_formset(
                    [
                        {"label": "Name", "field_type": "singleline", "required": "on"},
                        {"label": "Nachricht", "field_type": "multiline", "required": "on"},
                    ]
                ),
            }
        )
        url = f"/admin/pages/add/home/contactformpage/{self.site.agency.pk}/"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "Bitte legen Sie ein Feld an, über das Sie antworten können: ein Feld vom Typ "
            "„E-Mail“ oder ein Feld mit der Beschriftung „Telefon“.",
        )
        self.assertFalse(ContactFormPage.objects.filter(slug="kontakt-ohne-rueckweg").exists())
        # With an e-mail field, the same form is saved.
        data = nested_form_data(
            {
                "title": "Kontakt mit Rückweg",
                "slug": "kontakt-mit-rueckweg",
                "to_address": "muelheim@example.org",
                "form_fields": inline_formset(
                    [
                        {"label": "Name", "field_type": "singleline", "required": "on"},
                        {"label": "Ihre E-Mail", "field_type": "email"},
                        {"label": "Nachricht", "field_type": "multiline", "required": "on"},
                    ]
                ),
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ContactFormPage.objects.filter(slug="kontakt-mit-rueckweg").exists())

    def test_editors_preview_the_form_and_the_thank_you_page(self):
        self.login()
        self.assertPageIsPreviewable(self.form, mode="form")
        self.assertPageIsPreviewable(self.form, mode="landing")

    def test_where_contact_forms_live(self):
        self.assertAllowedParentPageTypes(ContactFormPage, {AgencyPage, HomePage})
        self.assertAllowedSubpageTypes(ContactFormPage, set())


class TranslationTests(ContactFormTestCase):
    def test_translators_get_labels_help_texts_and_choices_but_not_names_or_addresses(self):
        form = ContactFormPageFactory(
            parent=self.site.home,
            to_address="kontakt@example.org",
            fields=[
                ("Name", "singleline", True, "Vor- und Nachname"),
                ("Thema", "dropdown", True, ""),
            ],
        )
        form.form_fields.filter(label="Thema").update(choices="Beratung\nEhrenamt")
        source, _created = TranslationSource.get_or_create_from_instance(form)
        segments = {
            segment.context.path: segment.string.data
            for segment in StringSegment.objects.filter(source=source).select_related(
                "string", "context"
            )
        }
        # Paths are form_fields.<translation key>.<model field>: never clean_name.
        field_texts = sorted(
            (path.rsplit(".", 1)[1], text)
            for path, text in segments.items()
            if path.startswith("form_fields.")
        )
        self.assertEqual(
            field_texts,
            [
                # One choice per line, as line breaks in the translation editor.
                ("choices", "Beratung<br/>Ehrenamt"),
                ("help_text", "Vor- und Nachname"),
                ("label", "Name"),
                ("label", "Thema"),
            ],
        )
        self.assertNotIn("kontakt@example.org", segments.values())

        translate_object(form, self.site.ru, russian)
        response = self.client.get(form.get_translation(self.site.ru).url)
        self.assertContains(response, "Thema (по-русски)")
        self.assertContains(response, '<option value="Beratung">Beratung</option>', html=True)
        self.assertContains(
            response,
            '<option value="Ehrenamt (по-русски)">Ehrenamt (по-русски)</option>',
            html=True,
        )

    def test_russian_answers_use_the_german_field_names(self):
        names = lambda page: [f.clean_name for f in page.form_fields.all()]  # noqa: E731
        self.assertEqual(names(self.russian_form), names(self.form))
        self.assertEqual(
            [f.label for f in self.russian_form.form_fields.all()],
            [f"{label} (по-русски)" for label in ["Name", "E-Mail", "Telefon", "Nachricht"]],
        )


class RetentionTests(ContactFormTestCase):
    def submit_days_ago(self, days, name):
        submission = FormSubmission.objects.create(page=self.form, form_data={"name": name})
        FormSubmission.objects.filter(pk=submission.pk).update(
            submit_time=timezone.now() - dt.timedelta(days=days)
        )

    def test_messages_older_than_six_months_are_deleted(self):
        self.submit_days_ago(200, "alt")
        self.submit_days_ago(179, "neu")
        out = StringIO()
        call_command("delete_old_form_submissions", stdout=out)
        self.assertEqual([s.form_data["name"] for s in self.submissions()], ["neu"])
        self.assertIn("1 Nachricht(en) gelöscht", out.getvalue())

    def test_days_can_be_chosen(self):
        self.submit_days_ago(10, "zehn Tage")
        self.submit_days_ago(1, "gestern")
        call_command("delete_old_form_submissions", "--days", "5", stdout=StringIO())
        self.assertEqual([s.form_data["name"] for s in self.submissions()], ["gestern"])
