"""Real-browser tests: Debian's Chromium driven by Playwright against Django's
live server.

Playwright cannot download its own browser on our machines, so the tests
launch the system Chromium (``CHROMIUM``, default /usr/bin/chromium). When it
is missing the tests fail with the reason; they never skip, so CI cannot turn
green without having run them.

Fixtures for later tests: ``browser`` (one per session), ``page`` (a fresh
German-speaking context per test on the live server, which fails the test if
the page asked any other host for anything) and ``admin_page`` (the same,
logged into the Wagtail admin).
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Where a failing test leaves a screenshot of what the browser showed.
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", "/tmp/browser-artifacts"))
ADMIN_PASSWORD = "browser-test"  # noqa: S105


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_report = report
    return report


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which(CHROMIUM)
    if executable is None:
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium, "
            "or set CHROMIUM to its path). They fail rather than skip so that CI notices."
        )
    # Playwright's sync API runs an event loop in this thread, and Django then
    # refuses ORM calls from test code; the live server runs in its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(request, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    own_host = urlsplit(live_server.url).netloc
    other_hosts = []

    def note_other_host(request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != own_host:
            other_hosts.append(request.url)

    context.on("request", note_other_host)
    page = context.new_page()
    yield page
    report = getattr(request.node, "call_report", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()
    assert not other_hosts, f"Requests to other hosts: {other_hosts}"


@pytest.fixture
def site_admin(django_user_model):
    return django_user_model.objects.create_superuser(
        "redaktion", "redaktion@example.org", ADMIN_PASSWORD
    )


@pytest.fixture
def admin_page(page, site_admin):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(site_admin.username)
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")
    return page
