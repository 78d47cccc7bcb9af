"""The German admin on the translator's path, in the browser: wagtail-localize's
React editor and Wagtail's screens must not show English or "Locale"
(site_core.localize_permissions, locale/de, localize-editor-labels.js)."""

import re

import pytest

from events.models import EventPage
from projects.models import ProjectPage
from site_core.roles import MODERATORS, TRANSLATORS
from tests.browser.conftest import log_in_to_group

pytestmark = pytest.mark.usefixtures("db")

# Upstream English (or English-German) that showed up in the German admin.
FORBIDDEN = [
    r"\bNone\b",
    r"\bLocales?\b",
    r" of ",
    r"More actions",
    r"\btranslation\b",
    r"Kurztitel",
    r"December|January",
    r"spiegelt die Deutsch Seite",
    r"Seiteninformationen werden gesammelt",
]


def english_on(page):
    page.wait_for_load_state("networkidle")
    text = page.locator("body").inner_text() + " ".join(
        page.locator(".w-sr-only").all_text_contents()
    )
    return [pattern for pattern in FORBIDDEN if re.search(pattern, text)]


def log_in(new_page, demo_site, group):
    return log_in_to_group(new_page(demo_site), group)


def test_translator_starts_translating_erzaehlcafe_in_german(demo_site, new_page):
    page = log_in(new_page, demo_site, TRANSLATORS)
    assert english_on(page) == []
    page.locator("table.listing--dashboard").get_by_role(
        "link", name=re.compile("^Erzählcafé")
    ).first.click()
    assert "Sie zeigt den Inhalt der Seite auf Deutsch" in page.locator("main").inner_text()
    assert english_on(page) == []

    page.get_by_role("link", name="Diese Seite übersetzen").click()
    assert english_on(page) == []
    page.get_by_role("button", name="Absenden").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .error").count() == 0
    assert page.locator(".messages .success").count() == 1
    # The translation editor, German throughout.
    page.get_by_role("heading", name="Übersetzung: Deutsch → Русский").first.wait_for()
    assert english_on(page) == []


def test_translation_editor_shows_the_events_agency(demo_site, new_page):
    event = EventPage.objects.get(
        locale__language_code="ru",
        alias_of__isnull=True,
        agency__isnull=False,
        title__startswith="Немецкое",
    )
    page = log_in(new_page, demo_site, TRANSLATORS)
    page.goto(f"/admin/pages/{event.pk}/edit/")
    source = event.get_translation(event.locale.get_default()).specific
    page.get_by_text(source.agency.title, exact=True).first.wait_for()
    assert page.get_by_text("Manuell übersetzt am").first.inner_text().endswith(tuple("0123456789"))
    assert english_on(page) == []


def test_moderator_listing_comparison_and_agency_chooser(demo_site, new_page):
    page = log_in(new_page, demo_site, MODERATORS)
    project = ProjectPage.objects.get(locale__language_code="de", title__startswith="Erzählcafé")
    page.goto(f"/admin/pages/{project.get_parent().pk}/")
    assert re.search(r"1–\d+ von \d+ Seiten", page.locator("main").inner_text())
    assert english_on(page) == []

    event = EventPage.objects.filter(locale__language_code="de").first()
    first, latest = event.revisions.order_by("pk")[0], event.latest_revision
    page.goto(f"/admin/pages/{event.pk}/revisions/compare/{first.pk}...{latest.pk}/")
    assert english_on(page) == []

    page.goto(f"/admin/pages/{event.pk}/edit/")
    assert english_on(page) == []
    # The agency chooser's modal (its HTML arrives as JSON).
    chooser = page.request.get("/admin/choose-page/?page_type=home.agencypage").json()
    page.set_content(chooser["html"])
    assert english_on(page) == []
