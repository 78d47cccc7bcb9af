"""On a phone (360×740) the calendar's and an event's first date is on the
first screen, above where a browser's address and tool bars would cover it;
the main menu, folded into a "Menü" button there, opens without JavaScript,
by touch and by keyboard; axe-core finds nothing with the menu open or shut."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_public_pages import PHONE, axe_violations

# Leaves 140 px of the 740 for a browser's address bar and tool bar.
FIRST_SCREEN = 600
FIRST_DATES = [
    ("de", "/de/veranstaltungen/"),
    ("ru", "/ru/meropriyatiya/"),
    ("de", "/de/veranstaltungen/deutsch-cafe/"),  # every Tuesday
    ("ru", "/ru/meropriyatiya/nemetskoe-kafe/"),  # the longest title and introduction
    ("ru", "/ru/meropriyatiya/letniy-prazdnik/"),  # once
]
MENU = {"de": "Menü", "ru": "Меню"}
CALENDAR = {"de": "Veranstaltungen", "ru": "Мероприятия"}

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def phone(demo_site, new_page):
    def load(language, path, **context_options):
        page = new_page(demo_site, language=language, viewport=PHONE, **context_options)
        assert page.goto(path).status == 200, path
        return page

    return load


@pytest.mark.parametrize(("language", "path"), FIRST_DATES)
def test_first_date_is_on_the_first_screen_of_a_phone(phone, language, path):
    page = phone(language, path)
    first_date = page.locator("main time").first
    expect(first_date).to_be_visible()
    box = first_date.bounding_box()
    assert box["y"] < FIRST_SCREEN, f"{path}: the first date starts {box['y']:.0f}px down"
    # Nothing wider than the phone, menu folded or open.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_text(MENU[language], exact=True).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", ["de", "ru"])
def test_menu_opens_and_leads_on_without_javascript(phone, language):
    home = f"/{language}/"
    page = phone(language, home, java_script_enabled=False)
    menu = page.get_by_role("navigation", name={"de": "Hauptmenü", "ru": "Главное меню"}[language])
    calendar_link = menu.get_by_role("link", name=CALENDAR[language], exact=True)
    expect(calendar_link).to_be_hidden()
    toggle = page.locator("summary", has_text=MENU[language])
    toggle.click()
    expect(calendar_link).to_be_visible()
    calendar_link.click()
    page.wait_for_url(
        f"**/{language}/{'veranstaltungen' if language == 'de' else 'meropriyatiya'}/"
    )
    expect(page.locator("h1")).to_have_text(CALENDAR[language])


def test_menu_opens_by_keyboard_and_tab_goes_into_it(phone):
    page = phone("ru", "/ru/meropriyatiya/nemetskoe-kafe/")
    toggle = page.locator(".site-menu__toggle")
    expect(toggle).to_have_text(MENU["ru"])
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".site-menu")).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.site-nav') !== null")
    assert focused, "Tab after the opened menu button does not reach the menu"
    # Enter again folds it away; focus stays on the button.
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".site-nav a").first).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('site-menu__toggle')")


def test_on_a_wide_screen_the_menu_is_always_shown(demo_site, new_page):
    page = new_page(demo_site, language="de")
    page.goto("/de/")
    expect(page.locator(".site-menu__toggle")).to_be_hidden()
    expect(page.locator(".site-nav a", has_text="Veranstaltungen")).to_be_visible()


@pytest.mark.parametrize(
    ("language", "path"),
    [("ru", "/ru/meropriyatiya/"), ("ru", "/ru/meropriyatiya/letniy-prazdnik/")],
)
def test_axe_finds_nothing_on_a_phone_with_the_menu_shut_and_open(phone, language, path):
    page = phone(language, path, bypass_csp=True)
    for state in ("shut", "open"):
        if state == "open":
            page.locator(".site-menu__toggle").click()
        violations = axe_violations(page)
        assert not violations, f"{path}, menu {state}: " + ", ".join(
            f"{violation['id']} {violation['nodes']}" for violation in violations
        )
