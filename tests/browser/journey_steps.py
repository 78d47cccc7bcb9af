"""Steps of the role journeys (test_journeys.py), as people take them in the
admin and on the site: each helper clicks, types and reads what the person
sees, and the admin screens are checked for leftover English on the way."""

import re

from icalendar import Calendar
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from site_core.roles import EDITORS, MODERATORS, TRANSLATORS

ROLE_USERS = {"redaktion": EDITORS, "moderation": MODERATORS, "uebersetzung": TRANSLATORS}
WORKFLOW_BUTTON = "Zur Freigabe einreichen"

# English that a German admin screen must not show. Precise on purpose: each
# pattern is one that cannot occur in German text (German "April", "August",
# "September" and "November" are spelled as in English, so they are left out).
ENGLISH_ON_GERMAN_SCREENS = {
    "wagtail-localize's header": re.compile(r"\w+ to \w+ translation\b"),
    "“More actions”": re.compile(r"\bMore actions\b"),
    "“of” in a pagination count": re.compile(r"\b\d+\s*[-–]\s*\d+ of \d+\b"),
    "“Locale”": re.compile(r"\bLocale\b"),
    "“None”": re.compile(r"\bNone\b"),
    "an English month": re.compile(r"\b(January|February|March|May|June|July|October|December)\b"),
}
# wagtail-localize labels the slug with Wagtail's German "Kurztitel"; the
# page editor calls it the address ("URL-Pfad"), and so must the translator's.
SLUG_LABEL_IN_TRANSLATION_EDITOR = re.compile(r"^\s*Kurztitel\s*$", re.MULTILINE)


def ensure_role_users():
    """The demo users of the three roles (the demo loader makes them only
    with --create-admin), in the real groups, never superusers."""
    users = {}
    for username, group in ROLE_USERS.items():
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        if created:
            user.set_password(username)
            user.save()
        user.groups.set([Group.objects.get(name=group)])
        assert not user.is_superuser
        users[username] = user
    return users


def log_in(new_page, base_url, username):
    page = new_page(base_url)
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(username)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")
    check_german_screen(page)
    return page


# What check_german_screen found on the current journey: the journey asserts
# it is empty at its end (assert_admin_was_german), so that one leftover
# English label does not hide whether the rest of the path works.
SCREEN_FINDINGS = []


def check_german_screen(page):
    """Note when the admin screen shows English from the list above."""
    main = page.locator("main")
    text = main.first.inner_text() if main.count() else page.locator("body").inner_text()
    found = {
        name: match.group(0)
        for name, pattern in ENGLISH_ON_GERMAN_SCREENS.items()
        if (match := pattern.search(text))
    }
    if page.locator(".js-translation-editor").count():
        # The slug is on the second tab: look there too.
        page.get_by_role("tab", name="Veröffentlichung").click()
        promote_text = page.locator("main").inner_text()
        page.get_by_role("tab", name="Inhalt").click()
        if match := SLUG_LABEL_IN_TRANSLATION_EDITOR.search(promote_text):
            found["the slug's label"] = match.group(0).strip()
    if found:
        SCREEN_FINDINGS.append(f"{page.url.split('/admin/', 1)[-1]}: {found}")


def assert_admin_was_german():
    assert not SCREEN_FINDINGS, "English or wrong terms on German admin screens:\n" + "\n".join(
        SCREEN_FINDINGS
    )


def type_date(field, value):
    """Type a date as a German editor does (15.01.2027) and leave with Tab."""

    field.click()
    field.fill("")
    field.press_sequentially(value)
    field.press("Escape")  # the date picker opens on focus
    field.press("Tab")


def open_in_explorer(page, parent_title, child_title=None):
    """The pages under ``parent_title`` (a page the explorer starts with;
    None: the explorer's start) and then the editor of ``child_title``, by
    clicking."""
    page.goto("/admin/pages/")
    check_german_screen(page)
    if parent_title:
        page.get_by_role("link", name=f"Unterseiten von ‚{parent_title}‘ durchsehen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Erkunden: {parent_title}")
        check_german_screen(page)
    if child_title:
        page.get_by_role("link", name=child_title, exact=True).first.click()
        expect(page.locator("footer")).to_be_visible()
        check_german_screen(page)


def footer_action(page, label):
    """A button of the editor's footer menu, opening the menu if needed."""
    footer = page.locator("footer")
    action = footer.get_by_role("button", name=label, exact=True).or_(
        footer.get_by_role("link", name=label, exact=True)
    )
    if not action.first.is_visible():
        footer.locator("[data-w-dropdown-target=toggle]").first.click()
    action.first.click()


def submit_for_approval(page, title):
    footer_action(page, WORKFLOW_BUTTON)
    messages = page.locator(".messages")
    expect(messages).to_contain_text(re.compile("eingereicht|Fehler"))
    fields_with_errors = [
        " ".join(text.split())
        for text in page.locator(".w-field:has(.error-message)").all_inner_texts()
    ]
    assert "eingereicht" in messages.inner_text(), f"Nicht eingereicht: {fields_with_errors}"
    expect(messages).to_contain_text(title)
    check_german_screen(page)


def approve_on_dashboard(base_url, new_page, title, *, compare=False):
    """The moderator finds the page in "Ihre Überprüfung steht aus", looks
    at the changes (``compare``) and approves it."""
    page = log_in(new_page, base_url, "moderation")
    row = page.get_by_role("region", name="Ihre Überprüfung steht aus").locator(
        "tr", has=page.get_by_role("link", name=title, exact=True)
    )
    if compare:
        row.get_by_role("button", name="Aktionen").click()
        row.get_by_role("link", name="Mit veröffentlichter Revision vergleichen").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_german_screen(page)
        page.go_back()
    row.get_by_role("button", name="Aktionen").click()
    row.get_by_role("button", name="Freigeben", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        f"„{title}“ ist freigegeben und veröffentlicht."
    )
    expect(row).to_have_count(0)  # and leaves the moderator's list
    check_german_screen(page)
    return page


def fetch_ics(page, path):
    response = page.request.get(path)
    assert response.ok, f"{path}: {response.status}"
    return Calendar.from_ical(response.body())


def ics_events(calendar, title=None):
    return [
        event
        for event in calendar.walk("VEVENT")
        if title is None or str(event.get("SUMMARY")) == title
    ]
