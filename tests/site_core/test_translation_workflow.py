"""The translators' side: the full wagtail-localize path, work waiting on
the dashboard, and PO files round trip."""

import io
import zipfile

import polib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from site_core.factories import LocationFactory, StandardPageFactory
from site_core.roles import TRANSLATORS, setup_roles
from site_core.translation_work import open_translation_work
from tests.utils import build_site, translate_site


class TranslationWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.translator = get_user_model().objects.create_user("t", "t@example.org", "pw")
        cls.translator.groups.add(Group.objects.get(name=TRANSLATORS))

    def test_translate_and_publish_through_wagtail_localize(self):
        page = StandardPageFactory(parent=self.site.home, title="Beratung", slug="beratung")
        source, _ = TranslationSource.get_or_create_from_instance(page)
        translation = Translation.objects.create(source=source, target_locale=self.site.ru)
        for segment in source.stringsegment_set.select_related("string", "context"):
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=self.site.ru,
                context=segment.context,
                data={"Beratung": "Консультация", "beratung": "konsultatsiya"}.get(
                    segment.string.data, segment.string.data
                ),
            )
        # Publishing happens in transaction.on_commit.
        with self.captureOnCommitCallbacks(execute=True):
            translation.save_target(publish=True)
        russian = page.get_translation(self.site.ru)
        self.assertTrue(russian.live)
        self.assertEqual(russian.title, "Консультация")
        self.assertEqual(self.client.get(russian.url).status_code, 200)

    def test_changed_german_text_waits_on_the_translators_dashboard(self):
        self.assertEqual(open_translation_work(self.site.ru), [])
        agency = Page.objects.get(pk=self.site.agency.pk).specific
        agency.introduction = "Ein ganz neuer Einleitungstext."
        with self.captureOnCommitCallbacks(execute=True):
            agency.save_revision().publish()
        [task] = open_translation_work(self.site.ru)
        self.assertEqual(task.source.pk, agency.pk)
        self.assertEqual(task.untranslated, 1)

        self.client.force_login(self.translator)
        response = self.client.get("/admin/")
        self.assertContains(response, "Zu übersetzen")
        self.assertContains(response, "1 Text wartet auf Übersetzung")
        self.assertContains(response, f"/admin/pages/{task.page.pk}/edit/")

    def test_new_german_place_becomes_a_russian_translation_task(self):
        with self.captureOnCommitCallbacks(execute=True):
            place = LocationFactory(locale=self.site.de, name="Neuer Treffpunkt")
        russian = place.get_translation(self.site.ru)
        self.assertEqual(russian.name, "Neuer Treffpunkt")  # German until translated
        [task] = open_translation_work(self.site.ru)
        self.assertEqual(task.page, russian)
        self.client.force_login(self.translator)
        response = self.client.get("/admin/")
        self.assertContains(response, f"/admin/snippets/site_core/location/edit/{russian.pk}/")

    def test_po_file_round_trip(self):
        russian = self.site.standard.get_translation(self.site.ru)
        translation = Translation.objects.get(
            source__object_id=self.site.standard.translation_key, target_locale=self.site.ru
        )
        self.client.force_login(self.translator)
        download = self.client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
        self.assertEqual(download.status_code, 200)
        po = polib.pofile(download.content.decode())
        entry = next(e for e in po if e.msgid == "Impressum")
        entry.msgstr = "Выходные данные"
        upload = self.client.post(
            f"/admin/localize/translate/{translation.pk}/pofile/upload/",
            {"file": SimpleUploadedFile("impressum.po", str(po).encode(), "text/x-gettext")},
        )
        self.assertEqual(upload.status_code, 302)
        with self.captureOnCommitCallbacks(execute=True):
            translation.save_target(publish=True)
        self.assertEqual(Page.objects.get(pk=russian.pk).title, "Выходные данные")


class BatchPoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.translator = get_user_model().objects.create_user("t", "t@example.org", "pw")
        cls.translator.groups.add(Group.objects.get(name=TRANSLATORS))

    def change_german(self, page, introduction):
        page = Page.objects.get(pk=page.pk).specific
        page.introduction = introduction
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

    def test_all_waiting_pages_out_and_back_in_one_zip(self):
        self.change_german(self.site.agency, "Neue Einleitung der Agentur.")
        self.change_german(self.site.standard, "Neue Einleitung des Impressums.")
        self.client.force_login(self.translator)
        response = self.client.get("/admin/uebersetzung/po/ru.zip")
        self.assertEqual(response["Content-Type"], "application/zip")
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        self.assertEqual(len(archive.namelist()), 2)

        translated = io.BytesIO()
        with zipfile.ZipFile(translated, "w") as out:
            for name in archive.namelist():
                po = polib.pofile(archive.read(name).decode())
                for entry in po:
                    if entry.msgid.startswith("Neue Einleitung"):
                        entry.msgstr = "Новое введение."
                out.writestr(name, str(po))
        upload = SimpleUploadedFile("ru.zip", translated.getvalue(), "application/zip")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/admin/uebersetzung/po/", {"files": [upload], "publish": "1"}
            )
        self.assertEqual(response.status_code, 302)
        for page in [self.site.agency, self.site.standard]:
            russian = page.get_translation(self.site.ru)
            self.assertEqual(russian.specific.introduction, "Новое введение.")
            self.assertTrue(russian.live)
        self.assertEqual(open_translation_work(self.site.ru), [])

    def test_a_foreign_file_is_refused_with_a_message(self):
        self.client.force_login(self.translator)
        foreign = SimpleUploadedFile("fremd.po", b'msgid "a"\nmsgstr "b"\n', "text/x-gettext")
        response = self.client.post("/admin/uebersetzung/po/", {"files": [foreign]}, follow=True)
        self.assertContains(response, "Keine Übersetzung dieser Website: fremd.po")

    def test_editors_cannot_use_it(self):
        editor = get_user_model().objects.create_user("e", "e@example.org", "pw")
        editor.groups.add(Group.objects.get(name="Redaktion"))
        self.client.force_login(editor)
        self.assertNotEqual(self.client.get("/admin/uebersetzung/po/ru.zip").status_code, 200)
