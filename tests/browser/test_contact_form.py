"""A visitor writes to an agency through its contact form in a real browser;
the agency finds the message in the admin. A bot that fills in the hidden
field gets the same thank-you page, and nothing arrives.

The honeypot's minimum fill-in time (HONEYPOT_TIME_INTERVAL, 3 s) stays as
configured: the tests wait like a person who types, rather than switching the
check off (with 0 s it would still refuse a form sent within the same second)."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from django.core.cache import cache

from wagtail.contrib.forms.models import FormSubmission

from home.factories import ContactFormPageFactory
from site_core.factories import StandardPageFactory
from tests.utils import build_site

AXE = Path(__file__).parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
HONEYPOT_SECONDS = 3

# The live server needs committed data; serialized rollback brings back the
# locales and the root page that migrations create, for each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def contact_form(live_server):
    # Submission counts per IP address live in the cache, shared with other tests.
    cache.clear()
    site = build_site()
    StandardPageFactory(parent=site.home, title="Datenschutz", slug="datenschutz")
    return ContactFormPageFactory(
        parent=site.agency,
        title="Nachricht an die Integrationsagentur Oberhausen",
        slug="kontakt",
        to_address="oberhausen@example.org",
    )


def take_time_like_a_person(shown_at):
    time.sleep(max(0, HONEYPOT_SECONDS + 1.1 - (time.monotonic() - shown_at)))


def fill_in(page):
    page.get_by_label("Name").fill("Olga Petrova")
    page.keyboard.press("Tab")
    page.keyboard.type("olga@example.org")  # the e-mail field, next in tab order
    page.get_by_label("Nachricht").fill("Ich brauche Hilfe beim Antrag auf Wohngeld.")


def test_visitor_writes_to_the_agency_and_it_arrives_in_the_admin(
    request, page, contact_form, mailoutbox
):
    page.goto("/de/oh/")
    page.get_by_role("link", name="Nachricht schreiben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(contact_form.title)
    shown_at = time.monotonic()
    fill_in(page)

    # Sent without the consent: the error is listed at the top and links to it.
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    summary.get_by_role("link").click()
    consent = page.get_by_label("Ich bin einverstanden")
    expect(consent).to_be_focused()
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Name")).to_have_value("Olga Petrova")  # input kept

    page.keyboard.press("Space")  # tick the consent with the keyboard
    expect(consent).to_be_checked()
    take_time_like_a_person(shown_at)
    page.get_by_role("button", name="Nachricht senden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Nachricht")
    page.get_by_role("link", name="Zurück zur Seite").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrationsagentur Oberhausen")

    [submission] = FormSubmission.objects.filter(page=contact_form)
    assert submission.form_data["einwilligung"] is True
    [email] = mailoutbox
    assert email.to == ["oberhausen@example.org"]
    assert email.reply_to == ["olga@example.org"]

    # A member of staff logs in (the admin_page fixture, in this same browser)
    # and finds the message among the form's submissions.
    admin = request.getfixturevalue("admin_page")
    admin.goto(f"/admin/forms/submissions/{contact_form.pk}/")
    expect(admin.get_by_role("table")).to_contain_text("Olga Petrova")
    expect(admin.get_by_role("table")).to_contain_text("Ich brauche Hilfe beim Antrag")


def test_bot_filling_the_hidden_field_is_thanked_but_nothing_arrives(
    page, contact_form, mailoutbox
):
    page.goto(contact_form.url)
    shown_at = time.monotonic()
    trap = page.locator("[name=whf_name]")
    expect(trap).to_be_hidden()  # nobody sees it or reaches it with the keyboard
    fill_in(page)
    page.get_by_label("Ich bin einverstanden").check()
    page.evaluate("document.querySelector('[name=whf_name]').value = 'Cheap watches'")
    take_time_like_a_person(shown_at)
    page.get_by_role("button", name="Nachricht senden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Nachricht")
    assert not FormSubmission.objects.filter(page=contact_form).exists()
    assert mailoutbox == []


def test_form_and_its_errors_pass_axe(new_page, live_server, contact_form):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): run `make test` or `npm ci --prefix tests/js`.")
    # axe arrives as an inline script, which the site's Content-Security-Policy forbids.
    page = new_page(live_server.url, bypass_csp=True)
    page.goto(contact_form.url)
    page.get_by_role("button", name="Nachricht senden").click()  # everything missing
    expect(page.get_by_role("alert")).to_be_visible()
    page.add_script_tag(path=AXE)
    violations = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
            .then(results => results.violations.map(v => v.id + ": " + v.help))""",
        WCAG_AA,
    )
    assert violations == []
