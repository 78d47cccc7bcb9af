"""The Content-Security-Policy in Chromium: the public pages (German and
Russian, JSON-LD included) and the parts of the Wagtail admin editors use
cause no violation, under the public policy and the admin's own respectively.

A script the test page runs before any of the site's records every
``securitypolicyviolation`` event of every document and frame; Chromium's
console complaints about the CSP or the Permissions-Policy header count too.
"""

from io import StringIO

import pytest
from playwright.sync_api import expect

from django.core.management import call_command

from wagtail.models import Locale

from events.models import EventIndexPage, EventPage
from home.models import HomePage

RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: `${event.sourceFile}:${event.lineNumber}`,
    page: event.documentURI,
  });
}, true);
"""
POLICY_COMPLAINTS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


@pytest.fixture
def csp_violations(page):
    """Violations reported from now on, by every page and frame of the test's
    browser context; also Chromium's console messages about the policies."""
    violations = []
    page.context.expose_binding(
        "reportCspViolation", lambda source, violation: violations.append(violation)
    )
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if any(complaint in message.text for complaint in POLICY_COMPLAINTS)
            else None
        ),
    )
    return violations


def settle(page):
    """Let the page deliver the reports still on their way."""
    page.evaluate("() => new Promise((done) => setTimeout(done, 100))")


def load_demo_content():
    call_command("load_demo_content", stdout=StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_cause_no_violation(csp_violations, page):
    load_demo_content()
    home = HomePage.objects.get(locale__language_code="de")
    calendar = EventIndexPage.objects.get(locale__language_code="de")
    event = EventPage.objects.live().filter(locale__language_code="de").first()
    russian = Locale.objects.get(language_code="ru")
    urls = [
        home.url,
        home.get_translation(russian).url,
        calendar.url + "monat/",
        calendar.get_translation(russian).url + "monat/",
        event.url,
        event.get_translation(russian).url,
    ]

    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        if "monat" in url:
            expect(page.get_by_role("table")).to_be_visible()
        if url in (urls[-2], urls[-1]):
            # schema.org data for search engines: data, not script.
            expect(page.locator('script[type="application/ld+json"]')).to_have_count(1)
        settle(page)
        assert csp_violations == [], url

    # The recorder works and Chromium enforces the policy: an inline script
    # and an inline style are refused.
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.inlineScriptRan = true";
          document.body.append(script);
          const style = document.createElement("style");
          style.textContent = "body { color: red }";
          document.head.append(style);
        }"""
    )
    settle(page)
    assert page.evaluate("() => window.inlineScriptRan") is None
    directives = {v["directive"] for v in csp_violations if isinstance(v, dict)}
    assert directives == {"script-src-elem", "style-src-elem"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_admin_causes_no_violation_under_its_policy(csp_violations, admin_page):
    load_demo_content()
    page = admin_page
    event = EventPage.objects.live().filter(locale__language_code="de").first()
    russian_event = event.get_translation(Locale.objects.get(language_code="ru"))

    def check(step):
        settle(page)
        assert csp_violations == [], step

    check("login and dashboard")

    page.goto(f"/admin/pages/{event.get_parent().pk}/")
    expect(page.get_by_role("link", name=event.title).first).to_be_visible()
    check("page explorer")

    page.goto(f"/admin/pages/{event.pk}/edit/")
    widget = page.locator("div.recurrence-widget")
    widget.locator("a.add-rule").click()
    expect(widget.locator(".panel .body").last).to_be_visible()
    check("event editor with the recurrence widget")

    page.get_by_role("button", name="Vorschau").click()
    preview = page.frame_locator("iframe[src*='/preview/']")
    expect(preview.get_by_role("heading", level=1)).to_have_text(event.title)
    check("preview panel")

    page.goto("/admin/snippets/site_core/contactperson/add/")
    page.get_by_role("button", name="Bild auswählen").click()
    expect(page.get_by_role("dialog").get_by_role("heading", name="Bild auswählen")).to_be_visible()
    check("image chooser")

    page.goto(f"/admin/pages/{russian_event.pk}/edit/")
    expect(page.get_by_role("button", name="Veröffentlichen: Русский")).to_be_visible()
    expect(page.get_by_text(russian_event.title).first).to_be_visible()
    check("translation editor")

    # The userbar on a public page (public policy there), with its checks.
    page.goto(event.url)
    page.locator("#wagtail-userbar-trigger").click()
    page.locator("#checker-trigger").click()
    expect(page.get_by_role("dialog", name="Warnungen")).to_be_visible()
    check("userbar on a public page")
