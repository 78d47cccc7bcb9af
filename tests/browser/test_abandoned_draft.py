"""An editor (group Redaktion) starts a new page, types a title, and
Wagtail's autosave creates the German draft and wagtail-localize its Russian
alias. The editor abandons the draft and deletes it from the editor's menu:
the delete page names the Russian copy, and both are gone afterwards."""

import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page
from wagtail_localize.models import LocaleSynchronization

from site_core.roles import EDITORS, setup_roles
from tests.utils import build_site

PASSWORD = "redaktion-im-browser"  # noqa: S105
TITLE = "Verworfener Entwurf"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server):
    site = build_site()
    LocaleSynchronization.objects.create(locale=site.ru, sync_from=site.de)
    setup_roles()
    return site


@pytest.fixture
def editor_page(page, site):
    editor = get_user_model().objects.create_user("redaktion", "r@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITORS))
    page.goto("/admin/login/")
    page.locator("#id_username").fill("redaktion")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")
    return page


def test_editor_deletes_an_autosaved_draft_and_its_russian_copy(editor_page, site):
    page = editor_page
    # Wagtail's unsaved-changes watcher (w-unsaved) takes the form's initial
    # state 2 s after loading and reports the edits since then, which start
    # autosave: a person starts typing later than a test does.
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => {"
        " document.documentElement.dataset.watchingEdits = 'yes'; })"
    )
    page.goto(f"/admin/pages/add/site_core/standardpage/{site.home.pk}/")
    expect(page.locator("html[data-watching-edits=yes]")).to_have_count(1)
    page.locator("#id_title").press_sequentially(TITLE, delay=20)

    # Autosave: "Gespeichert" in the header, and the form is now the draft's.
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
    expect(page.locator("#w-autosave-indicator")).to_contain_text("Gespeichert")
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    draft = Page.objects.get(title=TITLE, locale=site.de)
    alias = Page.objects.get(translation_key=draft.translation_key, locale=site.ru)
    assert alias.alias_of_id == draft.pk

    # The editor abandons the draft: "Löschen" in the header's "…" menu.
    page.locator("header [data-w-dropdown-target=toggle]").first.click()
    page.get_by_role("link", name="Löschen").click()
    expect(page).to_have_url(f"/admin/pages/{draft.pk}/delete/")
    expect(page.locator("[data-translated-copies]")).to_have_text(
        f"Die russische Fassung „{TITLE}“ ist noch nicht übersetzt (sie zeigt den "
        "deutschen Text) und wird ebenfalls gelöscht."
    )
    page.get_by_role("button", name="Ja, löschen").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Die russische Fassung „{TITLE}“ wurde ebenfalls gelöscht."
    )
    assert not Page.objects.filter(translation_key=draft.translation_key).exists()
