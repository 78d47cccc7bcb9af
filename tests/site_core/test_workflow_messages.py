"""A moderator approving or rejecting on the dashboard is told the result
(Wagtail's own view redirects without a word)."""

from wagtail.models import Page, WorkflowState

from tests.site_core.test_roles import RolesTestCase


class ApprovalMessageTests(RolesTestCase):
    def submit(self, title):
        """The editor submits a change of the German agency page."""
        self.client.force_login(self.editor)
        page = self.de_page
        data = {
            "title": title,
            "slug": page.slug,
            "city": page.city,
            "body-count": 0,
            "contact_links-TOTAL_FORMS": 0,
            "contact_links-INITIAL_FORMS": 0,
            "contact_links-MIN_NUM_FORMS": 0,
            "contact_links-MAX_NUM_FORMS": 1000,
            "action-submit": "action-submit",
        }
        self.client.post(f"/admin/pages/{page.pk}/edit/", data)
        state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
        return state.current_task_state

    def act(self, action, task_state, **data):
        """What the dashboard's button does: the action in a modal (XHR),
        then the page the modal sends the moderator to."""
        self.client.force_login(self.moderator)
        url = f"/admin/pages/workflow/action/{self.de_page.pk}/{action}/{task_state.pk}/"
        response = self.client.post(url, data, headers={"x-requested-with": "XMLHttpRequest"})
        self.assertEqual(response.status_code, 200)
        return self.client.get("/admin/")

    def test_approving_says_the_page_is_published(self):
        task_state = self.submit("Freigegebener Titel")
        dashboard = self.act("approve", task_state, comment="")
        self.assertEqual(Page.objects.get(pk=self.de_page.pk).title, "Freigegebener Titel")
        self.assertContains(dashboard, "„Freigegebener Titel“ ist freigegeben und veröffentlicht.")

    def test_rejecting_says_the_page_went_back_to_the_editors(self):
        task_state = self.submit("Abgelehnter Titel")
        dashboard = self.act("reject", task_state, comment="Bitte Adresse ergänzen")
        self.assertEqual(Page.objects.get(pk=self.de_page.pk).title, self.de_page.title)
        self.assertContains(dashboard, "zur Überarbeitung an die Redaktion zurückgegangen")

    def test_editors_cannot_approve_through_it(self):
        task_state = self.submit("Selbst freigegeben")
        self.client.force_login(self.editor)
        url = f"/admin/pages/workflow/action/{self.de_page.pk}/approve/{task_state.pk}/"
        self.client.post(url, {"comment": ""})
        self.assertEqual(Page.objects.get(pk=self.de_page.pk).title, self.de_page.title)


class SubmitButtonTests(RolesTestCase):
    def test_the_editors_button_says_zur_freigabe_einreichen(self):
        # Wagtail's German reads "In Freigabe deutscher Seiten einreichen".
        self.client.force_login(self.editor)
        response = self.client.get(f"/admin/pages/{self.de_page.pk}/edit/")
        self.assertContains(response, "Zur Freigabe einreichen")
        self.assertNotContains(response, "In Freigabe deutscher Seiten einreichen")
