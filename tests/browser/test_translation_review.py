"""A translator, in the browser, after a one-character change of German text:
the dashboard asks to check it, wagtail-localize's React editor shows the
previous Russian text with "bitte prüfen", and publishing keeps that text on
the live Russian page (site_core.translation_review)."""

import pytest
from playwright.sync_api import expect

from wagtail.models import Page

from site_core.roles import TRANSLATORS
from tests.utils import build_site, russian, translate_site

# As the other browser tests that make their own data: the live server sees
# only committed rows, and a transactional test before this one leaves the
# database empty unless it is restored (the locales of the migrations).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = "Wir stellen uns vor."
AFTER = "Wir stellen uns vor!"


def test_translator_checks_a_changed_text_and_publishes_without_losing_it(page, log_in_as):
    site = build_site()
    site.agency.introduction = BEFORE
    site.agency.save_revision().publish()
    translate_site(site)
    german = Page.objects.get(pk=site.agency.pk).specific
    german.introduction = AFTER
    german.save_revision().publish()  # live server tests commit: the source refreshes now
    russian_page = site.agency.get_translation(site.ru)

    log_in_as(TRANSLATORS)
    panel = page.locator("#translation-work-ru-section")
    expect(panel).to_contain_text("1 geänderter Text zu prüfen")
    panel.get_by_role("link", name=russian_page.title).click()

    editor = page.locator(".js-translation-editor")
    expect(editor).to_contain_text(AFTER)
    expect(editor).to_contain_text(russian(BEFORE))
    expect(editor).to_contain_text("deutscher Text geändert, bitte prüfen")

    page.get_by_role("button", name="Veröffentlichen: Русский").click()
    page.wait_for_load_state("networkidle")
    page.goto(Page.objects.get(pk=russian_page.pk).url)
    expect(page.locator("main")).to_contain_text(russian(BEFORE))
    expect(page.locator("main")).not_to_contain_text(AFTER)
