"""Bad PO files thrown at the translators' uploads: the batch upload on the
dashboard (site_core.translation_batch) and the translation editor's
single-page upload (wagtail-localize's, wrapped in site_core.po_files).

Whatever arrives, the translator is sent back with a clear German message,
never a 500; nothing is imported from a refused upload; a small ZIP that
unpacks to something huge is refused from its directory, never unpacked
into memory.
"""

import io
import tracemalloc
import zipfile

import polib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from wagtail.models import Page
from wagtail_localize.models import Translation

from site_core.roles import TRANSLATORS, setup_roles
from tests.utils import build_site, translate_site

BATCH = "/admin/uebersetzung/po/"


def po_file(translation_id=None, entries=(("title", "Impressum", "Выходные данные"),)):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8"}
    if translation_id is not None:
        po.metadata["X-WagtailLocalize-TranslationID"] = translation_id
    for msgctxt, msgid, msgstr in entries:
        po.append(polib.POEntry(msgctxt=msgctxt, msgid=msgid, msgstr=msgstr))
    return str(po).encode()


def zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(megabytes):
    """A few hundred KB of ZIP holding a .po of ``megabytes`` MB: a valid
    header, then one long comment line (cheap for polib to parse)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("riesig.po", "w") as entry,
    ):
        entry.write(po_file("garbage") + b"# ")
        chunk = b"x" * (1024 * 1024)
        for _ in range(megabytes):
            entry.write(chunk)
        entry.write(b"\n")
    return buffer.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type)


class PoUploadTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.translator = get_user_model().objects.create_user("t", "t@example.org", "pw")
        cls.translator.groups.add(Group.objects.get(name=TRANSLATORS))
        cls.translation = Translation.objects.get(
            source__object_id=cls.site.standard.translation_key, target_locale=cls.site.ru
        )
        cls.russian = cls.site.standard.get_translation(cls.site.ru)

    def setUp(self):
        self.client.force_login(self.translator)

    def good_po(self, title="Выходные данные"):
        return po_file(str(self.translation.uuid), [("title", "Impressum", title)])

    def russian_title(self):
        return Page.objects.get(pk=self.russian.pk).draft_title

    def messages_after(self, response):
        self.assertEqual(response.status_code, 302, "a redirect with a message, not an error page")
        return [str(m) for m in get_messages(response.wsgi_request)]


class BatchUploadTests(PoUploadTestCase):
    def post(self, *files):
        return self.client.post(BATCH, {"files": list(files)})

    def assert_foreign(self, translation_id):
        response = self.post(upload("kaputt.po", po_file(translation_id)))
        self.assertIn("Keine Übersetzung dieser Website: kaputt.po", self.messages_after(response))
        self.assertEqual(response["Location"], "/admin/")

    def test_a_garbage_translation_id_is_named_not_a_500(self):
        self.assert_foreign("garbage")

    def test_an_empty_translation_id_is_named_not_a_500(self):
        self.assert_foreign("")

    def test_broken_zip_and_unreadable_po_are_named(self):
        response = self.post(
            upload("kaputt.zip", b"PK\x03\x04" + b"\x00" * 100),
            upload("binaer.po", b"\x00\x01\xff\xfe"),
        )
        messages = self.messages_after(response)
        self.assertIn("kaputt.zip ist keine lesbare ZIP- oder PO-Datei.", messages)
        self.assertIn("binaer.po ist keine lesbare ZIP- oder PO-Datei.", messages)

    def test_a_small_zip_unpacking_to_a_huge_po_is_refused_without_unpacking_it(self):
        bomb = zip_bomb(megabytes=30)
        self.assertLess(len(bomb), 100 * 1024)
        tracemalloc.start()
        try:
            response = self.post(upload("ru.zip", bomb, "application/zip"))
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertIn(
            "riesig.po in ru.zip ist zu groß (höchstens 5 MB je PO-Datei). "
            "Nichts wurde übernommen.",
            self.messages_after(response),
        )
        self.assertLess(peak, 10 * 1024 * 1024, "the entry was read into memory")

    def test_a_zip_with_too_many_files_is_refused_and_nothing_imported(self):
        files = {f"seite-{n}.po": b"" for n in range(200)}
        files["impressum.po"] = self.good_po()
        response = self.post(upload("ru.zip", zip_of(files), "application/zip"))
        self.assertIn(
            "Zu viele Dateien (201): höchstens 100 PO-Dateien auf einmal. Nichts wurde übernommen.",
            self.messages_after(response),
        )
        self.assertEqual(self.russian_title(), "Impressum (по-русски)")

    def test_an_oversized_po_is_refused_before_it_is_read(self):
        huge = upload("riesig.po", self.good_po() + b"#" + b"x" * (6 * 1024 * 1024) + b"\n")
        response = self.post(huge, upload("impressum.po", self.good_po()))
        self.assertIn(
            "riesig.po ist zu groß (höchstens 5 MB je PO-Datei). Nichts wurde übernommen.",
            self.messages_after(response),
        )
        self.assertEqual(self.russian_title(), "Impressum (по-русски)")

    def test_no_file_is_a_message(self):
        response = self.client.post(BATCH, {})
        self.assertIn(
            "Bitte wählen Sie PO-Dateien oder eine ZIP-Datei aus.", self.messages_after(response)
        )

    def test_a_good_file_next_to_a_foreign_one_is_still_taken(self):
        response = self.post(
            upload("impressum.po", self.good_po()), upload("fremd.po", po_file("garbage"))
        )
        messages = self.messages_after(response)
        self.assertIn("1 PO-Datei übernommen.", messages)
        self.assertIn("Keine Übersetzung dieser Website: fremd.po", messages)
        self.assertEqual(self.russian_title(), "Выходные данные")


class SinglePageUploadTests(PoUploadTestCase):
    """The translation editor's "Upload PO file" (wagtail-localize's view)."""

    def url(self):
        return f"/admin/localize/translate/{self.translation.pk}/pofile/upload/"

    def post(self, data):
        return self.client.post(self.url() + "?next=/admin/", data)

    def test_a_po_without_translation_id_is_a_message_not_a_500(self):
        response = self.post({"file": upload("ohne-id.po", po_file(None))})
        self.assertIn(
            "ohne-id.po gehört nicht zu dieser Übersetzung. Bitte laden Sie die PO-Datei "
            "dieser Seite hoch.",
            self.messages_after(response),
        )

    def test_a_garbage_translation_id_is_a_message(self):
        response = self.post({"file": upload("kaputt.po", po_file("garbage"))})
        self.assertIn(
            "kaputt.po gehört nicht zu dieser Übersetzung. Bitte laden Sie die PO-Datei "
            "dieser Seite hoch.",
            self.messages_after(response),
        )

    def test_a_missing_file_is_a_message_not_a_500(self):
        response = self.post({})
        self.assertIn("Bitte wählen Sie eine PO-Datei aus.", self.messages_after(response))

    def test_garbage_bytes_are_a_message(self):
        response = self.post({"file": upload("binaer.po", b"\x00\x01\xff\xfe")})
        self.assertIn("binaer.po ist keine lesbare PO-Datei.", self.messages_after(response))

    def test_an_oversized_po_is_refused_before_it_is_read(self):
        huge = self.good_po() + b"#" + b"x" * (6 * 1024 * 1024) + b"\n"
        response = self.post({"file": upload("riesig.po", huge)})
        self.assertIn(
            "riesig.po ist zu groß (höchstens 5 MB je PO-Datei). Nichts wurde übernommen.",
            self.messages_after(response),
        )
        self.assertEqual(self.russian_title(), "Impressum (по-русски)")

    def test_get_is_refused(self):
        self.assertEqual(self.client.get(self.url()).status_code, 405)

    def test_the_right_file_is_still_imported(self):
        response = self.post({"file": upload("impressum.po", self.good_po())})
        self.messages_after(response)
        self.assertEqual(self.russian_title(), "Выходные данные")
