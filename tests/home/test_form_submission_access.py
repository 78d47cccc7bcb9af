"""Messages from the contact forms reach the agencies' staff in both
languages, and nobody else: translators never see visitors' data."""

from django.contrib.auth.models import Group

from wagtail.contrib.forms.models import FormSubmission

from site_core.roles import EDITORS, TRANSLATORS, setup_roles

from .test_contact_form import ContactFormTestCase


class SubmissionAccessTests(ContactFormTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        setup_roles()
        for page, name in [(cls.form, "Olga Petrova"), (cls.russian_form, "Иван Петров")]:
            FormSubmission.objects.create(page=page, form_data={"name": name})

    def user_in(self, group, username):
        user = self.create_user(username, password="x")  # noqa: S106 - test only
        user.groups.add(Group.objects.get(name=group))
        self.client.force_login(user)

    def test_editor_reads_messages_from_both_languages(self):
        self.user_in(EDITORS, "redakteurin")
        self.assertContains(
            self.client.get(f"/admin/forms/submissions/{self.form.pk}/"), "Olga Petrova"
        )
        self.assertContains(
            self.client.get(f"/admin/forms/submissions/{self.russian_form.pk}/"), "Иван Петров"
        )

    def test_translator_sees_no_messages(self):
        self.user_in(TRANSLATORS, "uebersetzerin")
        for page in (self.form, self.russian_form):
            with self.subTest(locale=page.locale.language_code):
                response = self.client.get(f"/admin/forms/submissions/{page.pk}/", follow=True)
                # Wagtail answers "no permission" with a redirect to the dashboard.
                self.assertEqual(response.redirect_chain, [("/admin/", 302)])
                self.assertNotContains(response, "Olga Petrova")
                self.assertNotContains(response, "Иван Петров")
        self.assertNotContains(self.client.get("/admin/forms/"), "Nachricht an")
