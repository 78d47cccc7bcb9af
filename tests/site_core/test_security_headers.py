"""The security headers every response carries, in development and tests as in
production (only HSTS and upgrade-insecure-requests are production's own:
tests/site_core/test_production_settings.py)."""

import tempfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import TestCase

from wagtail.documents.models import Document

from tests.utils import build_site

EMBED_PROVIDERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def csp(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def assert_security_headers(self, response):
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        features = dict(
            feature.strip().split("=") for feature in response["Permissions-Policy"].split(",")
        )
        for feature in ["camera", "microphone", "geolocation", "interest-cohort"]:
            self.assertEqual(features[feature], "()", feature)

    def assert_public_policy(self, response):
        policy = csp(response)
        for sources in policy.values():
            self.assertNotIn("'unsafe-inline'", sources)
            self.assertNotIn("'unsafe-eval'", sources)
        self.assertEqual(policy["default-src"], ["'self'"])
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertEqual(policy["style-src"], ["'self'"])
        self.assertEqual(policy["img-src"], ["'self'", "data:"])
        self.assertEqual(policy["font-src"], ["'self'"])
        self.assertEqual(policy["connect-src"], ["'self'"])
        # Video players only, and only after the visitor's click (two-click embeds).
        self.assertEqual(policy["frame-src"], EMBED_PROVIDERS)
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["base-uri"], ["'self'"])
        self.assertEqual(policy["form-action"], ["'self'"])
        self.assertEqual(policy["frame-ancestors"], ["'self'"])
        # Production only: the tests run over plain HTTP like development.
        self.assertNotIn("upgrade-insecure-requests", policy)

    def test_public_pages_in_both_languages(self):
        for url in [self.site.home.url, self.site.event.url, self.site.event_index.url]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assert_security_headers(response)
                self.assert_public_policy(response)

    def test_page_not_found(self):
        response = self.client.get("/de/gibt-es-nicht/")
        self.assertEqual(response.status_code, 404)
        self.assert_security_headers(response)
        self.assert_public_policy(response)

    def test_calendar_feed(self):
        response = self.client.get(self.site.event_index.url + "feed.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"].split(";")[0], "text/calendar")
        self.assert_security_headers(response)
        self.assert_public_policy(response)

    def test_admin_has_its_own_documented_policy(self):
        """Wagtail's admin needs inline scripts and styles (see base.py for each
        exception); nothing else is looser than on public pages."""
        self.client.force_login(
            get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
        )
        for url in ["/admin/", f"/admin/pages/{self.site.event.pk}/edit/"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assert_security_headers(response)
                self.assertEqual(
                    csp(response),
                    {
                        "default-src": ["'self'"],
                        "script-src": ["'self'", "'unsafe-inline'"],
                        "script-src-attr": ["'none'"],
                        "style-src": ["'self'", "'unsafe-inline'"],
                        "img-src": ["'self'", "data:", "blob:"],
                        "font-src": ["'self'"],
                        "connect-src": ["'self'"],
                        "frame-src": ["'self'"],
                        "object-src": ["'none'"],
                        "base-uri": ["'self'"],
                        "form-action": ["'self'"],
                        "frame-ancestors": ["'self'"],
                    },
                )

    def test_admin_login_page_gets_the_admin_policy(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(csp(response)["script-src"], ["'self'", "'unsafe-inline'"])

    def test_documents_keep_wagtails_own_stricter_policy(self):
        # Wagtail streams documents from a file on disk, as in production.
        media_root = tempfile.TemporaryDirectory()
        self.addCleanup(media_root.cleanup)
        disk = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        with self.settings(
            MEDIA_ROOT=media_root.name, STORAGES={**settings.STORAGES, "default": disk}
        ):
            document = Document.objects.create(
                title="Flyer", file=ContentFile(b"%PDF-1.4 flyer", name="flyer.pdf")
            )
            response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
