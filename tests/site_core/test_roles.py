"""Each role logged in: what it can and cannot do in the admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase

from wagtail.models import Page, WorkflowState

from site_core.factories import LocationFactory
from site_core.roles import EDITORS, MODERATORS, TRANSLATORS, setup_roles
from site_core.translation import translate_object
from tests.admin_forms import loaded_revision
from tests.utils import build_site, russian, translate_site


def user_in(group_name):
    user = get_user_model().objects.create_user(
        group_name.lower(), f"{group_name.lower()}@example.org", "pw"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


class RolesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.de_page = cls.site.agency
        cls.ru_page = cls.site.agency.get_translation(cls.site.ru)
        cls.editor = user_in(EDITORS)
        cls.moderator = user_in(MODERATORS)
        cls.translator = user_in(TRANSLATORS)

    def edit_status(self, user, page):
        self.client.force_login(user)
        return self.client.get(f"/admin/pages/{page.pk}/edit/").status_code

    def publish(self, user, page, title):
        """POST the editor's publish button; return the live title afterwards."""
        self.client.force_login(user)
        data = {
            "title": title,
            "slug": page.slug,
            "city": page.city,
            "introduction": page.introduction,
            "body-count": 0,
            "contact_links-TOTAL_FORMS": 0,
            "contact_links-INITIAL_FORMS": 0,
            "contact_links-MIN_NUM_FORMS": 0,
            "contact_links-MAX_NUM_FORMS": 1000,
            "action-publish": "action-publish",
            **loaded_revision(page),
        }
        self.client.post(f"/admin/pages/{page.pk}/edit/", data)
        return Page.objects.get(pk=page.pk).title


class RoleSetupTests(RolesTestCase):
    def test_setup_is_idempotent(self):
        before = {g.name: set(g.permissions.all()) for g in Group.objects.all()}
        setup_roles()
        after = {g.name: set(g.permissions.all()) for g in Group.objects.all()}
        self.assertEqual(before, after)
        self.assertEqual(
            Group.objects.filter(name__in=[EDITORS, MODERATORS, TRANSLATORS]).count(), 3
        )


class EditorTests(RolesTestCase):
    def test_edits_german_pages_but_not_russian_ones(self):
        self.assertEqual(self.edit_status(self.editor, self.de_page), 200)
        self.assertEqual(self.edit_status(self.editor, self.ru_page), 302)

    def test_cannot_publish_but_submits_for_approval(self):
        self.assertEqual(self.publish(self.editor, self.de_page, "Neuer Titel"), self.de_page.title)
        self.client.force_login(self.editor)
        data = {
            "title": "Zur Freigabe",
            "slug": self.de_page.slug,
            "city": self.de_page.city,
            "body-count": 0,
            "contact_links-TOTAL_FORMS": 0,
            "contact_links-INITIAL_FORMS": 0,
            "contact_links-MIN_NUM_FORMS": 0,
            "contact_links-MAX_NUM_FORMS": 1000,
            "action-submit": "action-submit",
            **loaded_revision(self.de_page),
        }
        self.client.post(f"/admin/pages/{self.de_page.pk}/edit/", data)
        state = WorkflowState.objects.get(object_id=str(self.de_page.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(
            list(state.current_task_state.task.specific.groups.values_list("name", flat=True)),
            [MODERATORS],
        )


class ModeratorTests(RolesTestCase):
    def test_publishes_in_both_languages(self):
        self.assertEqual(self.publish(self.moderator, self.de_page, "Neu DE"), "Neu DE")
        self.assertEqual(self.edit_status(self.moderator, self.ru_page), 200)
        self.assertTrue(self.ru_page.permissions_for_user(self.moderator).can_publish())


class TranslatorTests(RolesTestCase):
    def test_cannot_edit_publish_or_delete_german_pages(self):
        self.assertEqual(self.edit_status(self.translator, self.de_page), 302)
        self.assertEqual(self.publish(self.translator, self.de_page, "Weg"), self.de_page.title)
        self.client.force_login(self.translator)
        response = self.client.post(f"/admin/pages/{self.de_page.pk}/delete/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Page.objects.filter(pk=self.de_page.pk).exists())
        permissions = self.de_page.permissions_for_user(self.translator)
        self.assertFalse(permissions.can_edit() or permissions.can_publish())

    def test_translates_and_publishes_russian_pages(self):
        # The Russian page's edit view is wagtail-localize's translation editor.
        self.client.force_login(self.translator)
        response = self.client.get(f"/admin/pages/{self.ru_page.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(b"js-translation-editor" in response.content)
        # No machine translation unless the environment configures one.
        self.assertTrue(b"&quot;machineTranslator&quot;: null" in response.content)
        self.assertTrue(self.ru_page.permissions_for_user(self.translator).can_publish())

    def test_translates_russian_snippets_but_leaves_german_ones_alone(self):
        location = LocationFactory(locale=self.site.de)
        translate_object(location, self.site.ru, russian)
        russian_location = location.get_translation(self.site.ru)
        self.client.force_login(self.translator)
        german = self.client.get(f"/admin/snippets/site_core/location/edit/{location.pk}/")
        self.assertEqual(german.status_code, 302)
        russian_edit = self.client.get(
            f"/admin/snippets/site_core/location/edit/{russian_location.pk}/"
        )
        self.assertEqual(russian_edit.status_code, 200, russian_edit.get("Location"))
