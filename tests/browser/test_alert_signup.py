"""A visitor signs up for e-mail alerts on a phone (360 px), in German and
in Russian: the form on the event page, its error for a mistyped address
with the input kept, and the answer after sending; axe finds nothing, and
the browser asks no other host for anything (the new_page fixture)."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from django.core.cache import cache

from alerts.models import Subscriber
from site_core.factories import StandardPageFactory
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site

AXE = Path(__file__).parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 360, "height": 740}
HONEYPOT_SECONDS = 3

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TEXTS = {
    "de": {
        "heading": "Benachrichtigen Sie mich bei Änderungen",
        "email": "E-Mail-Adresse",
        "this_event": "Diese Veranstaltung",
        "consent": "Ich bin einverstanden",
        "button": "Benachrichtigungen bestellen",
        "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein",
        "sent": "Bitte bestätigen Sie Ihre E-Mail-Adresse",
        "privacy": "Datenschutz",
    },
    "ru": {
        "heading": "Сообщать мне об изменениях",
        "email": "Адрес электронной почты",
        "this_event": "Это мероприятие",
        "consent": "Я согласен(на)",
        "button": "Подписаться на уведомления",
        "invalid": "Пожалуйста, введите действительный адрес",
        "sent": "Пожалуйста, подтвердите адрес электронной почты",
        "privacy": "Datenschutz (по-русски)",
    },
}


@pytest.fixture
def site(live_server):
    cache.clear()  # sign-ups per IP address are counted in the cache
    site = build_site()
    translate_site(site)
    privacy = StandardPageFactory(parent=site.home, title="Datenschutz", slug="datenschutz")
    translate_object(privacy, site.ru, russian)
    return site


def axe_violations(page):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): run `make test` or `npm ci --prefix tests/js`.")
    page.add_script_tag(path=AXE)
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
            .then(results => results.violations.map(v => v.id + ": " + v.help))""",
        WCAG_AA,
    )


@pytest.mark.parametrize("language", ["de", "ru"])
def test_sign_up_on_a_phone(new_page, live_server, site, language):
    text = TEXTS[language]
    event = site.event if language == "de" else site.event.get_translation(site.ru)
    # axe arrives as an inline script, which the site's Content-Security-Policy forbids.
    page = new_page(live_server.url, language, viewport=PHONE, bypass_csp=True)
    page.goto(event.url)
    form = page.locator("section.alert-signup")
    expect(form.get_by_role("heading", name=text["heading"])).to_be_visible()
    expect(form.get_by_label(re.compile(text["this_event"]))).to_be_checked()
    own_language = "Deutsch" if language == "de" else "Русский"
    expect(form.get_by_label(own_language, exact=True)).to_be_checked()
    expect(form.get_by_role("link", name=re.compile(re.escape(text["privacy"])))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    shown_at = time.monotonic()

    # A mistyped address: the error names it, and what was typed stays.
    form.get_by_role("textbox", name=text["email"]).fill("olga@example")
    form.get_by_label(text["consent"]).check()
    time.sleep(max(0, HONEYPOT_SECONDS + 1.1 - (time.monotonic() - shown_at)))
    form.get_by_role("button", name=text["button"]).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(text["invalid"])
    email = page.get_by_role("textbox", name=text["email"])
    expect(email).to_have_value("olga@example")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []

    email.fill("olga@example.org")
    page.get_by_label(text["consent"]).check()
    page.get_by_role("button", name=text["button"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["sent"])
    expect(page.get_by_role("status")).to_contain_text("olga@example.org")
    assert axe_violations(page) == []
    assert page.context.cookies() == []

    subscriber = Subscriber.objects.get()
    assert subscriber.language == language and not subscriber.is_confirmed
    assert subscriber.follows.get().page_id == event.pk
