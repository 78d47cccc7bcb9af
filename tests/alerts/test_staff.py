"""The moderators' side of the alerts in the admin, logged in as the real
roles: counts without addresses, the dead letters, the manual note's form;
editors and translators see none of it and are refused its addresses."""

from django.test import TestCase
from django.urls import reverse

from wagtail.models import PageLogEntry

from alerts.models import Delivery
from site_core.roles import EDITORS, MODERATORS, TRANSLATORS, setup_roles
from tests.utils import build_site, translate_site

from .staff import subscriber, user_in

PANEL = "Benachrichtigungen per E-Mail"


class StaffTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.moderator = user_in(MODERATORS)
        cls.editor = user_in(EDITORS)
        cls.translator = user_in(TRANSLATORS)
        ru_agency = cls.site.agency.get_translation(cls.site.ru)
        subscriber("alle@example.org")
        subscriber("cafe@example.org", follows=[cls.site.event])
        subscriber("agentur@example.org", "ru", follows=[ru_agency])
        subscriber("agentur-de@example.org", follows=[cls.site.agency])
        subscriber("offen@example.org", follows=[cls.site.event], confirmed=False)
        cls.dead = Delivery.objects.create(
            kind=Delivery.Kind.ALERT,
            status=Delivery.Status.DEAD,
            attempts=6,
            last_error="SMTPRecipientsRefused: {'cafe@example.org': (550, b'mailbox full')}",
            message={"to": ["cafe@example.org"], "subject": "S", "body": "B", "headers": {}},
        )
        cls.note_url = reverse("alerts_manual_note", args=[cls.site.event.pk])
        cls.retry_url = reverse("alerts_retry_delivery", args=[cls.dead.pk])


class ModeratorPanelTests(StaffTestCase):
    def test_the_moderator_sees_counts_and_no_address(self):
        self.client.force_login(self.moderator)
        response = self.client.get("/admin/")
        self.assertContains(response, PANEL)
        self.assertContains(response, "4 bestätigte Adressen")
        self.assertContains(response, "1 noch nicht bestätigt")
        html = response.content.decode()
        rows = {
            "Alle Veranstaltungen": 1,
            "Deutsch-Café": 1,
            # Followed in German and in Russian: one row, by its German title.
            "Integrationsagentur Oberhausen": 2,
        }
        for title, count in rows.items():
            self.assertRegex(html, rf"{title}(</a>)?</td>\s*<td>{count}</td>")
        self.assertNotIn("(по-русски)</a></td>", html)
        # The dead letter: its kind, attempts and error, without the address.
        self.assertContains(response, "Änderungsmeldung")
        self.assertContains(response, "mailbox full")
        self.assertContains(response, "Erneut senden")
        self.assertContains(response, self.retry_url)
        self.assertNotIn("@example.org", html.replace(self.moderator.email, ""))

    def test_the_follower_count_of_an_event_links_to_its_note(self):
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get("/admin/"), self.note_url)

    def test_the_event_page_offers_the_note_to_the_moderator_only(self):
        edit_url = f"/admin/pages/{self.site.event.pk}/edit/"
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get(edit_url), self.note_url)
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get(edit_url), self.note_url)


class RefusedTests(StaffTestCase):
    def test_editor_and_translator_do_not_see_the_panel(self):
        for user in (self.editor, self.translator):
            self.client.force_login(user)
            response = self.client.get("/admin/")
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, PANEL)
            self.assertNotContains(response, "bestätigte Adressen")

    def assert_refused(self, response):
        # Wagtail's admin answers a refusal with its dashboard and a message.
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        dashboard = self.client.get("/admin/")
        self.assertContains(dashboard, "Sie haben leider keinen Zugang zu diesem Bereich.")

    def test_editor_and_translator_are_refused_the_moderators_addresses(self):
        for user in (self.editor, self.translator):
            self.client.force_login(user)
            self.assert_refused(self.client.get(self.note_url))
            self.assert_refused(self.client.post(self.note_url, {"text_de": "Fällt aus"}))
            self.assert_refused(self.client.post(self.retry_url))
        self.assertFalse(Delivery.objects.filter(kind=Delivery.Kind.MANUAL).exists())
        self.dead.refresh_from_db()
        self.assertEqual(self.dead.status, Delivery.Status.DEAD)

    def test_visitors_are_sent_to_the_login(self):
        response = self.client.get(self.note_url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])


class ManualNoteFormTests(StaffTestCase):
    def test_the_form_says_how_many_get_the_note_in_which_language(self):
        self.client.force_login(self.moderator)
        response = self.client.get(self.note_url)
        self.assertContains(response, "Diese Nachricht erhalten 4 Personen")
        self.assertContains(response, "3 auf Deutsch, 1 auf Russisch")
        self.assertContains(response, "Text auf Russisch")

    def test_a_day_without_a_date_of_the_event_is_refused_in_german(self):
        self.client.force_login(self.moderator)
        day_off = self.site.event.start_date.replace(year=self.site.event.start_date.year + 3)
        typed = day_off.strftime("%d.%m.%Y")
        response = self.client.post(self.note_url, {"text_de": "Fällt aus", "date": typed})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"Am {typed} hat diese Veranstaltung keinen Termin.")
        self.assertContains(response, "Die Nachricht wurde nicht gesendet.")
        self.assertFalse(Delivery.objects.filter(kind=Delivery.Kind.MANUAL).exists())

    def test_a_date_typed_wrongly_is_explained(self):
        self.client.force_login(self.moderator)
        response = self.client.post(self.note_url, {"text_de": "Fällt aus", "date": "15.13.2027"})
        self.assertContains(response, "Bitte geben Sie ein gültiges Datum ein, z. B. 15.01.2027")
        self.assertFalse(Delivery.objects.filter(kind=Delivery.Kind.MANUAL).exists())

    def test_the_note_is_queued_and_stands_in_the_page_history(self):
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks():
            response = self.client.post(
                self.note_url,
                {
                    "text_de": "Heute fällt der Kurs wegen Krankheit aus",
                    "date": self.site.event.start_date.strftime("%d.%m.%Y"),
                },
                follow=True,
            )
        self.assertContains(response, "Die Nachricht zu „Deutsch-Café“ geht an 4 Personen.")
        self.assertEqual(Delivery.objects.filter(kind=Delivery.Kind.MANUAL).count(), 4)
        entry = PageLogEntry.objects.get(page=self.site.event, action="alerts.manual_note")
        self.assertEqual(entry.user, self.moderator)
        self.assertEqual(entry.data["recipients"], 4)
        history = self.client.get(f"/admin/pages/{self.site.event.pk}/history/")
        self.assertContains(history, "Nachricht an die Folgenden gesendet")
