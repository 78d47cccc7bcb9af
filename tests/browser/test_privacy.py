"""The privacy dialog in the browser: a moderator makes a German event
private, the Russian event asks for the password at once, and a translator
who opens the Russian page's dialog is told where its visibility is set
(site_core.restrictions, site_core.privacy_admin)."""

import pytest

from events.models import EventPage
from site_core.roles import MODERATORS, TRANSLATORS
from tests.browser.conftest import log_in_to_group

pytestmark = pytest.mark.usefixtures("db")


def log_in(new_page, demo_site, group):
    return log_in_to_group(new_page(demo_site), group)


def open_privacy_dialog(page, event):
    page.goto(f"/admin/pages/{event.pk}/edit/")
    page.wait_for_load_state("networkidle")
    toggle = page.get_by_role("button", name="Privatsphäre ändern")
    if not toggle.is_visible():  # the side panel remembers being open
        page.get_by_role("button", name="Status").first.click()
    toggle.click()
    return page.locator("#set-privacy")


def test_a_private_german_event_is_private_in_russian_and_stays_so(demo_site, new_page):
    ru_event = EventPage.objects.filter(
        locale__language_code="ru", alias_of__isnull=True, live=True
    ).first()
    de_event = ru_event.get_translation(ru_event.locale.get_default())
    visitor = new_page(demo_site, "ru")
    visitor.goto(ru_event.url)
    visitor.get_by_role("heading", name=ru_event.title).first.wait_for()

    page = log_in(new_page, demo_site, MODERATORS)
    dialog = open_privacy_dialog(page, de_event)
    dialog.get_by_label("Privat, zugänglich mit einem gemeinsamen Passwort").check()
    dialog.get_by_label("gemeinsames Passwort").fill("geheim")
    dialog.get_by_role("button", name="Speichern").click()
    page.get_by_text("Nicht öffentlich sichtbar").first.wait_for()

    visitor.goto(ru_event.url)
    visitor.locator('input[name="password"]').wait_for()
    assert ru_event.title not in visitor.content()

    translator = log_in(new_page, demo_site, TRANSLATORS)
    dialog = open_privacy_dialog(translator, ru_event)
    # wagtail-localize's translation editor holds the dialog twice (upstream):
    # the answer goes into the first.
    dialog = dialog.first
    dialog.get_by_text("Die Sichtbarkeit dieser Seite folgt der deutschen Seite").wait_for()
    assert dialog.get_by_role("radio").count() == 0
    link = dialog.get_by_role("link", name="Zur deutschen Seite")
    assert link.get_attribute("href") == f"/admin/pages/{de_event.pk}/edit/"

    # The moderator makes it public again, for the next tests of the demo site.
    dialog = open_privacy_dialog(page, de_event)
    dialog.get_by_label("Öffentlich", exact=True).check()
    dialog.get_by_role("button", name="Speichern").click()
    page.get_by_text("Für alle sichtbar").first.wait_for()
    visitor.goto(ru_event.url)
    visitor.get_by_role("heading", name=ru_event.title).first.wait_for()
