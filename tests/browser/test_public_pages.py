"""Every public page type, in German and Russian, as visitors meet it with
the demo content: checked by axe-core (WCAG 2.2 AA), for privacy (nothing
from other hosts, nothing stored in the browser), with the keyboard alone,
on a small phone and in print.

To check another page, add its language and path to PAGES."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

NOT_FOUND = [
    "/de/diese-seite-gibt-es-nicht/",
    "/ru/takoy-stranitsy-net/",
    # Pages of the calendar that the dates have left (a bookmark, an old link).
    "/ru/meropriyatiya/?seite=99",
    "/de/veranstaltungen/archiv/?seite=2",
]
# Each page type once per language (the Russian slugs are translated too).
PAGES = [
    ("de", "/de/"),
    ("ru", "/ru/"),
    ("de", "/de/oberhausen/"),
    ("ru", "/ru/oberkhauzen/"),
    ("de", "/de/sozialraumorientierte-arbeit/"),
    ("ru", "/ru/rabota-po-mestu-zhitelstva/"),
    ("de", "/de/projekte/"),
    ("ru", "/ru/proekty/"),
    ("de", "/de/projekte/integrationslotsen/"),
    ("ru", "/ru/proekty/pomoshchniki-po-integratsii/"),
    ("ru", "/ru/proekty/erzaehlcafe/"),  # not translated yet: German text, a note in Russian
    ("de", "/de/veranstaltungen/"),
    ("ru", "/ru/meropriyatiya/"),
    ("de", "/de/veranstaltungen/monat/"),
    ("ru", "/ru/meropriyatiya/monat/"),
    ("de", "/de/veranstaltungen/archiv/"),
    ("ru", "/ru/meropriyatiya/archiv/"),
    ("de", "/de/veranstaltungen/deutsch-cafe/"),  # every Tuesday
    ("ru", "/ru/meropriyatiya/nemetskoe-kafe/"),
    ("de", "/de/veranstaltungen/sommerfest/"),  # once
    ("ru", "/ru/meropriyatiya/letniy-prazdnik/"),
    ("de", "/de/impressum/"),
    ("ru", "/ru/vykhodnye-dannye/"),
    ("de", "/de/datenschutz/"),
    ("ru", "/ru/zashchita-dannykh/"),
    ("de", "/de/barrierefreiheit/"),
    ("ru", "/ru/dostupnost/"),
    ("de", "/de/oberhausen/kontakt/"),  # a form: only the csrftoken cookie
    ("ru", "/ru/oberkhauzen/kontakt/"),
    ("de", "/de/suche/?q=Integration"),
    ("ru", "/ru/poisk/?q=интеграция"),
    ("de", "/de/suche/?q=Quantenphysik"),  # no results
    ("de", NOT_FOUND[0]),
    ("ru", NOT_FOUND[1]),
    ("ru", NOT_FOUND[2]),
    ("de", NOT_FOUND[3]),
]
CALENDARS = [
    ("de", "/de/veranstaltungen/"),
    ("ru", "/ru/meropriyatiya/"),
    ("de", "/de/veranstaltungen/monat/"),
    ("ru", "/ru/meropriyatiya/monat/"),
    ("de", "/de/veranstaltungen/archiv/"),
    ("ru", "/ru/meropriyatiya/archiv/"),
]
EVENTS = [
    ("de", "/de/veranstaltungen/deutsch-cafe/"),
    ("ru", "/ru/meropriyatiya/letniy-prazdnik/"),
]
PHONE = {"width": 360, "height": 740}
# Also checked on the narrowest phones still in use.
NARROWEST_PHONE = {"width": 320, "height": 568}
ON_NARROWEST_PHONE = [("de", "/de/"), ("ru", "/ru/"), ("de", "/de/veranstaltungen/")]

AXE = Path(__file__).parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Only a page with a form (POST) may set a cookie: Django's CSRF token.
FORM_COOKIES = {"csrftoken"}

# demo_site keeps the content in the test database, made for tests using "db".
pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def visit(demo_site, new_page):
    """``visit(language, path, **context_options)``: the page, loaded in a
    fresh browser context."""

    def load(language, path, **context_options):
        page = new_page(demo_site, language=language, **context_options)
        response = page.goto(path)
        assert response.status == (404 if path in NOT_FOUND else 200), path
        return page

    return load


def axe_violations(page):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): run `make test` or `npm ci --prefix tests/js`.")
    page.add_script_tag(path=AXE)
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
            .then(results => results.violations.map(violation => ({
                id: violation.id,
                help: violation.help,
                nodes: violation.nodes.map(node => node.target.join(" ")),
            })))""",
        WCAG_AA,
    )


@pytest.mark.parametrize(("language", "path"), PAGES)
def test_axe_finds_no_wcag_violations(visit, language, path):
    # axe arrives as an inline script, which the site's Content-Security-Policy
    # rightly blocks; the browser lets the test tool in.
    page = visit(language, path, bypass_csp=True)
    violations = axe_violations(page)
    assert not violations, f"axe-core on {path}:\n" + "\n".join(
        f"- {violation['id']}: {violation['help']}\n    " + "\n    ".join(violation["nodes"])
        for violation in violations
    )


def structure_problems(page, language):
    found = page.evaluate(
        """() => ({
            "<html lang>": document.documentElement.lang,
            "<title>": Boolean(document.title.trim()),
            "<main>": document.querySelectorAll("main").length,
            "<h1>": document.querySelectorAll("h1").length,
        })"""
    )
    expected = {"<html lang>": language, "<title>": True, "<main>": 1, "<h1>": 1}
    return [
        f"{key}: {found[key]!r}, expected {value!r}"
        for key, value in expected.items()
        if found[key] != value
    ]


# The Content-Security-Policy allows neither inline scripts (except JSON-LD
# data) nor style attributes nor event handler attributes.
INLINE_CODE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>"),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle=", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+=", re.IGNORECASE),
}


def inline_code_problems(page):
    html = page.context.request.get(page.url).text()  # as served, before any script ran
    return [
        f"{name}: {match.group()[:80]}"
        for name, pattern in INLINE_CODE.items()
        for match in pattern.finditer(html)
    ]


def storage_problems(page):
    problems = []
    stored = page.evaluate("({local: localStorage.length, session: sessionStorage.length})")
    problems += [f"{name}Storage holds {count} items" for name, count in stored.items() if count]
    allowed = FORM_COOKIES if page.locator("form[method=post i]").count() else set()
    cookies = {cookie["name"] for cookie in page.context.cookies()} - allowed
    problems += [f"cookie {name!r} set" for name in sorted(cookies)]
    return problems


# Records every element that gets focus: what it is, where, and whether the
# focus can be seen (an outline, as site.css draws for :focus-visible).
RECORD_FOCUS = """() => {
    if (window.focusStops) {
        window.focusStops = [];
        return;
    }
    window.focusStops = [];
    document.addEventListener("focusin", event => {
        const element = event.target;
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        window.focusStops.push({
            tag: element.tagName.toLowerCase(),
            name: (element.innerText || element.value || "").trim().replace(/\\s+/g, " "),
            href: element.getAttribute("href"),
            outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
            shown: box.width > 0 && box.height > 0,
        });
    });
}"""


def tab_through(page, limit=400):
    """Press Tab from the start of the page until focus has been on every
    element once; returns what was focused, in order."""
    page.evaluate(RECORD_FOCUS)
    stops = []
    while len(stops) < limit:
        for _ in range(10):
            page.keyboard.press("Tab")
        before, stops = len(stops), page.evaluate("window.focusStops")
        if len(stops) < before + 10 or stops[0] in stops[1:]:  # focus left the page
            break
    # Tab after the last element starts again from the top.
    return stops[: stops.index(stops[0], 1)] if stops[0] in stops[1:] else stops


def described(stop):
    return f"<{stop['tag']}> {stop['name']!r}"


def tabbable(page, selector):
    return page.locator(selector).evaluate_all(
        """elements => elements
            .filter(element => element.getClientRects().length)
            .map(element => (element.innerText || element.value || "").trim())
            .map(name => name.replace(/\\s+/g, " "))"""
    )


def keyboard_problems(page, language, stops):
    problems = []
    header = tabbable(
        page,
        ".skip-link, .site-header :is(a[href], button, input, select, textarea, summary)",
    )
    first_stops = [stop["name"] for stop in stops[: len(header)]]
    if first_stops != header:
        problems.append(f"Tab order starts with {first_stops}, expected the header: {header}")
    other_language = "ru" if language == "de" else "de"
    switch = page.locator(f".language-switcher a[hreflang={other_language}]").get_attribute("href")
    if switch not in [stop["href"] for stop in stops[: len(header)]]:
        problems.append(f"Tab does not reach the link to {other_language} ({switch}) in the header")
    menu = tabbable(page, ".site-nav a")
    if not menu:
        problems.append("no main menu")
    for stop in stops:
        if not stop["outline"]:
            problems.append(f"{described(stop)} focused without a visible outline")
        if not stop["shown"]:
            problems.append(f"{described(stop)} focused while hidden")

    page.locator(".skip-link").focus()
    page.keyboard.press("Enter")
    if not page.evaluate("document.activeElement === document.querySelector('main')"):
        problems.append("the skip link does not move focus to <main>")
    return problems


def overflow_problems(page, viewport):
    page.set_viewport_size(viewport)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        return [f"{overflow}px horizontal scrolling at {viewport['width']}px wide"]
    return []


@pytest.mark.parametrize(("language", "path"), PAGES)
def test_page_is_structured_private_keyboard_usable_and_fits_a_phone(visit, language, path):
    """The frame every page shares and what it does with the visitor's
    browser; requests to other hosts fail every test (new_page fixture)."""
    page = visit(language, path)
    problems = structure_problems(page, language) + inline_code_problems(page)
    problems += storage_problems(page)
    problems += keyboard_problems(page, language, tab_through(page))
    problems += overflow_problems(page, PHONE)
    if (language, path) in ON_NARROWEST_PHONE:
        problems += overflow_problems(page, NARROWEST_PHONE)
    assert not problems, f"{path}:\n- " + "\n- ".join(problems)


@pytest.mark.parametrize(("language", "path"), CALENDARS)
def test_keyboard_reaches_calendar_filters_and_subscribe_links(visit, language, path):
    page = visit(language, path)
    reached = [stop["name"] for stop in tab_through(page)]
    subscribe = tabbable(page, ".subscribe :is(a[href], input, summary)")
    assert [name for name in reached if name in subscribe] == subscribe

    # Folded away on a phone, the filters open from their summary; then Tab
    # goes through each of them.
    summary = page.locator(".filter-panel summary")
    assert summary.inner_text().strip() in reached
    summary.focus()
    page.keyboard.press("Enter")
    filters = tabbable(page, ".filters :is(select, input:not([type=hidden]), button)")
    assert len(filters) >= 4
    page.evaluate(RECORD_FOCUS)
    for _ in filters:
        page.keyboard.press("Tab")
    stops = page.evaluate("window.focusStops")
    assert [stop["name"] for stop in stops] == filters
    assert all(stop["outline"] for stop in stops)


@pytest.mark.parametrize(("language", "path"), EVENTS)
def test_printed_event_shows_what_when_and_where(visit, language, path):
    page = visit(language, path)
    page.emulate_media(media="print")
    # Of the header only the name of the organisation is printed.
    for link in page.locator(".skip-link, .site-header a:not(.site-header__brand)").all():
        expect(link).to_be_hidden()
    expect(page.locator(".subscribe")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".occurrence__when").first).to_be_visible()
    expect(page.locator(".facts__list address")).to_be_visible()
