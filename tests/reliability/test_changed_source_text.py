"""A small change of German text must not wipe out its Russian translation.

wagtail-localize stores translations per German string: after "…vor." became
"…vor!", the new string had none, and the translator's next publish put the
German text on the live Russian page, without a word. Now the previous
Russian text stays (site_core.translation_review), marked in the
translation editor and on the dashboard as to be checked, until the
translator confirms or rewrites it.
"""

import io
import json
import zipfile
from urllib.parse import urlencode

import polib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation

from site_core.roles import MODERATORS, TRANSLATORS, setup_roles
from site_core.translation_work import open_translation_work
from tests.utils import build_site, russian, translate_site

BEFORE = "Wir stellen uns vor."
AFTER = "Wir stellen uns vor!"
RUSSIAN_BEFORE = russian(BEFORE)


class ChangedGermanTextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        agency = cls.site.agency
        agency.introduction = BEFORE
        agency.save_revision().publish()
        translate_site(cls.site)
        setup_roles()
        users = get_user_model().objects
        cls.translator = users.create_user("uebersetzung", "u@example.org", "pw")
        cls.translator.groups.add(Group.objects.get(name=TRANSLATORS))
        cls.moderator = users.create_user("moderation", "m@example.org", "pw")
        cls.moderator.groups.add(Group.objects.get(name=MODERATORS))
        cls.translation = Translation.objects.get(
            source__object_id=agency.translation_key, target_locale=cls.site.ru
        )

    def russian_page(self):
        return Page.objects.get(pk=self.site.agency.get_translation(self.site.ru).pk).specific

    def change_german(self, text=AFTER):
        agency = Page.objects.get(pk=self.site.agency.pk).specific
        agency.introduction = text
        with self.captureOnCommitCallbacks(execute=True):
            agency.save_revision(user=self.moderator).publish(user=self.moderator)

    def publish_as_translator(self):
        self.client.force_login(self.translator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/pages/{self.russian_page().pk}/edit/", {"action": "publish"}
            )
        self.assertEqual(response.status_code, 302)

    def editor_segment(self):
        """What the translation editor shows for the introduction."""
        self.client.force_login(self.translator)
        response = self.client.get(f"/admin/pages/{self.russian_page().pk}/edit/")
        props = json.loads(response.context["props"])
        [segment] = [s for s in props["segments"] if s.get("contentPath") == "introduction"]
        translations = [
            t for t in props["initialStringTranslations"] if t["segment_id"] == segment["id"]
        ]
        return segment, translations

    def test_the_live_russian_page_keeps_its_text_when_the_translator_publishes(self):
        self.change_german()
        self.publish_as_translator()
        page = self.russian_page()
        self.assertTrue(page.live)
        self.assertEqual(page.introduction, RUSSIAN_BEFORE)
        public = self.client.get(page.url)
        self.assertContains(public, RUSSIAN_BEFORE)
        self.assertNotContains(public, AFTER)

    def test_the_editor_shows_the_previous_translation_to_be_checked(self):
        self.change_german()
        segment, [translation] = self.editor_segment()
        self.assertEqual(segment["source"], AFTER)
        self.assertEqual(translation["data"], RUSSIAN_BEFORE)
        self.assertIn("deutscher Text geändert, bitte prüfen", translation["comment"])

    def test_the_dashboard_lists_the_text_to_check(self):
        self.change_german()
        [task] = open_translation_work(self.site.ru)
        self.assertEqual((task.untranslated, task.to_review), (0, 1))
        self.client.force_login(self.translator)
        response = self.client.get("/admin/")
        self.assertContains(response, "1 geänderter Text zu prüfen")
        self.assertContains(response, f"/admin/pages/{task.page.pk}/edit/")

    def test_rewriting_it_in_the_editor_ends_the_check(self):
        self.change_german()
        segment, _ = self.editor_segment()
        response = self.client.put(
            segment["editUrl"],
            urlencode({"value": "Мы представляемся!"}),
            content_type="application/x-www-form-urlencoded",
        )
        self.assertIn(response.status_code, (200, 201))
        self.assertEqual(open_translation_work(self.site.ru), [])
        _segment, [translation] = self.editor_segment()
        self.assertNotIn("bitte prüfen", translation["comment"])
        self.publish_as_translator()
        self.assertEqual(self.russian_page().introduction, "Мы представляемся!")

    def test_the_batch_po_file_marks_it_fuzzy_and_confirming_ends_the_check(self):
        self.change_german()
        self.client.force_login(self.translator)
        archive_response = self.client.get("/admin/uebersetzung/po/ru.zip")
        archive = zipfile.ZipFile(io.BytesIO(archive_response.content))
        [name] = archive.namelist()
        po = polib.pofile(archive.read(name).decode())
        entry = next(e for e in po if e.msgctxt == "introduction")
        self.assertEqual((entry.msgid, entry.msgstr), (AFTER, RUSSIAN_BEFORE))
        self.assertIn("fuzzy", entry.flags)
        entry.flags.remove("fuzzy")  # the translator's tool: "confirmed"
        upload = SimpleUploadedFile(name, str(po).encode())
        self.client.post("/admin/uebersetzung/po/", {"files": [upload]})
        self.assertEqual(open_translation_work(self.site.ru), [])

    def test_the_editors_po_file_flags_it_fuzzy_and_an_unchanged_upload_keeps_the_check(self):
        self.change_german()
        self.client.force_login(self.translator)
        url = f"/admin/localize/translate/{self.translation.pk}/pofile/"
        po = polib.pofile(self.client.get(url + "download/").content.decode())
        entry = next(e for e in po if e.msgctxt == "introduction")
        self.assertEqual((entry.msgstr, entry.flags), (RUSSIAN_BEFORE, ["fuzzy"]))
        upload = SimpleUploadedFile("agentur.po", str(po).encode())
        self.client.post(url + "upload/", {"file": upload})
        [task] = open_translation_work(self.site.ru)
        self.assertEqual(task.to_review, 1)

    def test_the_sync_by_moderation_keeps_the_russian_text(self):
        self.change_german()
        self.client.force_login(self.moderator)
        source = self.translation.source
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"})
        self.assertEqual(self.russian_page().introduction, RUSSIAN_BEFORE)

    def test_a_text_changed_back_gets_its_earlier_translation(self):
        self.change_german()
        self.change_german(BEFORE)
        self.assertEqual(open_translation_work(self.site.ru), [])
        self.assertTrue(
            StringSegment.objects.filter(
                source=self.translation.source, string__data=BEFORE
            ).exists()
        )
