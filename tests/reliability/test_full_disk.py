"""A full disk under MEDIA_ROOT: an editor of the Redaktion group uploads an
image through the admin, a visitor opens a page whose image has no rendition
yet.

The disk is really full: MEDIA_ROOT is a small tmpfs mounted for these tests,
so writes fail with ENOSPC in the kernel, as on the server. Mounting needs
root, as CI runs; without it the tests fail with a message saying so (never
skip).

The editor gets a clear German message, never a 500; no partly written file
and no image is left behind; the administrators are told (ERROR log, which
mails ADMINS). The visitor gets the page, with the original image instead of
the missing sizes.
"""

import io
import os
import subprocess
import tempfile
from pathlib import Path

from PIL import Image as PillowImage

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from wagtail.images import get_image_model
from wagtail.models import Collection

from site_core.roles import EDITORS, setup_roles
from tests.utils import build_site

DISK_FULL = (
    "Das Bild konnte nicht gespeichert werden: Der Speicherplatz auf dem Server ist voll. "
    "Bitte wenden Sie sich an die Administration."
)
TMPFS_SIZE = 512 * 1024


def photo(name="Gemeindefest.png", size=(400, 400)):
    """A PNG of noise (about 470 KB: noise does not compress), so that it
    does not fit on a disk that is full."""
    buffer = io.BytesIO()
    PillowImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def files_under(directory):
    return sorted(
        str(path.relative_to(directory)) for path in directory.rglob("*") if path.is_file()
    )


class FullDiskTestCase(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.media_root = Path(tempfile.mkdtemp(prefix="full-disk-"))
        mount = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(cls.media_root)],
            capture_output=True,
            text=True,
        )
        if mount.returncode != 0:
            cls.media_root.rmdir()
            raise AssertionError(
                "These tests need a real full disk: a small tmpfs mounted as MEDIA_ROOT, "
                f"which needs root (CI runs as root). mount said: {mount.stderr.strip()}"
            )
        cls.storage = override_settings(
            MEDIA_ROOT=str(cls.media_root),
            STORAGES={
                "default": {"BACKEND": "site_core.media_storage.MediaStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        )
        cls.storage.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.storage.disable()
        # Lazily: detached now, even if a file on it is still open somewhere.
        subprocess.run(["umount", "--lazy", str(cls.media_root)], check=True)
        cls.media_root.rmdir()

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        setup_roles()
        cls.editor = get_user_model().objects.create_user("r", "r@example.org", "pw")
        cls.editor.groups.add(Group.objects.get(name=EDITORS))

    def setUp(self):
        self.client.force_login(self.editor)
        self.client.raise_request_exception = False
        self.addCleanup(self.empty_disk)

    def empty_disk(self):
        for path in sorted(self.media_root.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()

    def fill_disk(self):
        """Write a file until the disk is full, as a growing log would."""
        with open(self.media_root / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass

    def assert_nothing_left_behind(self):
        self.assertEqual(files_under(self.media_root), ["filler"])
        self.assertFalse(get_image_model().objects.exists())


class FullDiskUploadTests(FullDiskTestCase):
    def test_upload_of_several_images_says_disk_is_full(self):
        self.fill_disk()
        with self.assertLogs("site_core", "ERROR") as logs:
            response = self.client.post(
                "/admin/images/multiple/add/",
                {"files[]": photo(), "title": "Gemeindefest"},
                headers={"x-requested-with": "XMLHttpRequest"},
            )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"success": False, "error_message": DISK_FULL})
        self.assertIn("No space left on device", "\n".join(logs.output))
        self.assert_nothing_left_behind()

    def test_upload_of_one_image_says_disk_is_full(self):
        self.fill_disk()
        with self.assertLogs("site_core", "ERROR"):
            response = self.client.post(
                "/admin/images/add/",
                {
                    "title": "Gemeindefest",
                    "file": photo(),
                    "collection": Collection.get_first_root_node().pk,
                },
            )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, DISK_FULL)
        self.assert_nothing_left_behind()

    def test_upload_works_again_when_space_is_free(self):
        self.fill_disk()
        with self.assertLogs("site_core", "ERROR"):
            self.client.post(
                "/admin/images/multiple/add/",
                {"files[]": photo(), "title": "Gemeindefest"},
                headers={"x-requested-with": "XMLHttpRequest"},
            )
        (self.media_root / "filler").unlink()

        response = self.client.post(
            "/admin/images/multiple/add/",
            {"files[]": photo(), "title": "Gemeindefest"},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        self.assertTrue(response.json()["success"])
        image = get_image_model().objects.get()
        self.assertEqual(image.title, "Gemeindefest")
        self.assertEqual(files_under(self.media_root), [image.file.name])


class FullDiskPageTests(FullDiskTestCase):
    def test_page_with_an_image_answers_when_its_sizes_cannot_be_made(self):
        image = get_image_model().objects.create(
            title="Gemeindefest", file=ImageFile(photo(size=(300, 200)), name="Gemeindefest.png")
        )
        page = self.site.standard
        page.body = [("image", {"image": image, "alt_text": "Tanz im Gemeindesaal"})]
        page.save_revision().publish()
        self.fill_disk()

        with self.assertLogs("site_core", "ERROR"):
            response = self.client.get(page.url)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'src="{image.file.url}"')
        self.assertContains(response, 'alt="Tanz im Gemeindesaal"')
        self.assertFalse(image.renditions.exists())
        self.assertEqual(files_under(self.media_root), ["filler", image.file.name])
