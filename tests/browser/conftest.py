"""Real-browser tests: Debian's Chromium driven by Playwright against Django's
live server.

The tests launch the system's Chromium (``CHROMIUM``, default
/usr/bin/chromium; CI installs Debian's), or else Playwright's own
(``.venv/bin/playwright install chromium``, where that download works). When
neither is there the tests fail with the reason; they never skip, so CI cannot
turn green without having run them.

Fixtures: ``browser`` (one per session); ``new_page`` (opens pages in fresh
browser contexts, each failing the test if the page asked any other host for
anything); ``page`` (a German-speaking one on pytest-django's live server);
``admin_page`` (the same, logged into the Wagtail admin as a superuser);
``log_in_as`` (logs ``page`` in as a user of one of the real groups);
``demo_site`` (the demo content, loaded once per module, served by a live
server of its own).
"""

import os
import re
import shutil
import threading
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.utils.text import slugify

from site_core.roles import setup_roles

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Where a failing test leaves a screenshot of what the browser showed.
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", "/tmp/browser-artifacts"))
ADMIN_PASSWORD = "browser-test"  # noqa: S105
DESKTOP = {"width": 1280, "height": 900}
BROWSER_LOCALES = {"de": "de-DE", "ru": "ru-RU"}


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


def chromium_executable(playwright):
    """The system's Chromium, or else the one `playwright install chromium`
    put into Playwright's cache."""
    system = shutil.which(CHROMIUM)
    if system is not None:
        return system
    if Path(playwright.chromium.executable_path).is_file():
        return playwright.chromium.executable_path
    pytest.fail(
        f"Browser tests need Chromium: the system's at {CHROMIUM} (Debian: apt-get install "
        "chromium, or set CHROMIUM to its path) or Playwright's (.venv/bin/playwright install "
        "chromium). They fail rather than skip so that CI notices."
    )


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(playwright),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        # Playwright's sync API runs an event loop in this thread, and Django then
        # refuses ORM calls from test code; the live server runs in its own thread.
        previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(request, browser):
    """``new_page(base_url, language="de", viewport=DESKTOP, **context_options)``:
    a page in a fresh browser context. After the test, each context is closed
    (with a screenshot in ARTIFACTS if the test failed) and the test fails if a
    page asked another host for anything."""
    opened = []

    def open_page(base_url, language="de", viewport=DESKTOP, **context_options):
        context = browser.new_context(
            base_url=base_url,
            locale=BROWSER_LOCALES[language],
            timezone_id="Europe/Berlin",
            viewport=viewport,
            **context_options,
        )
        context.set_default_timeout(15_000)
        own_host = urlsplit(base_url).netloc
        other_hosts = []

        def note_other_host(request):
            url = urlsplit(request.url)
            if url.scheme in ("http", "https", "ws", "wss") and url.netloc != own_host:
                other_hosts.append(request.url)

        context.on("request", note_other_host)
        page = context.new_page()
        opened.append((context, page, other_hosts))
        return page

    yield open_page

    report = getattr(request.node, "call_report", None)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)  # parameters may hold paths
    other_hosts = []
    for number, (context, page, hosts) in enumerate(opened):
        if report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            suffix = f"-{number}" if number else ""
            page.screenshot(path=ARTIFACTS / f"{name}{suffix}.png", full_page=True)
        context.close()
        other_hosts += hosts
    assert not other_hosts, f"Requests to other hosts: {other_hosts}"


@pytest.fixture
def page(new_page, live_server):
    return new_page(live_server.url)


@pytest.fixture
def site_admin(django_user_model):
    return django_user_model.objects.create_superuser(
        "redaktion", "redaktion@example.org", ADMIN_PASSWORD
    )


def log_in(page, user):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")
    return page


def log_in_to_group(page, group_name):
    """``page`` logged into the admin as a new user in the real group
    ``group_name`` (the groups must exist: the demo content or setup_roles)."""
    user = get_user_model().objects.create_user(
        f"{slugify(group_name)}-browser", f"{slugify(group_name)}@example.org", ADMIN_PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    return log_in(page, user)


@pytest.fixture
def admin_page(page, site_admin):
    return log_in(page, site_admin)


@pytest.fixture
def log_in_as(page, django_user_model):
    """``log_in_as(group_name)``: ``page``, logged into the admin as a new
    user in that real group (site_core.roles), not a superuser. Build the
    site tree first: the groups' page permissions are granted on its home
    pages."""

    def log_in_as_group(group_name):
        setup_roles()
        return log_in_to_group(page, group_name)

    return log_in_as_group


@pytest.fixture(scope="module")
def demo_site(browser, django_db_setup, django_db_blocker):
    """The demo content in both languages, loaded once for a module's tests
    (loading takes seconds), on a live server of the module's own; returns its
    URL. Tests using it must also use the database (``db``), which keeps the
    test database in use and checks that they leave the content as it is.

    pytest-django's ``live_server`` would empty the database after every test,
    so the content is committed here and the database put back afterwards as
    the module found it (as Django's serialized rollback does)."""
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert name.startswith("test") or "mode=memory" in name, (
            f"demo_site writes only to a test database, not to {name}: tests need the db fixture"
        )
        before = connection.creation.serialize_db_to_string()
        call_command("load_demo_content", stdout=StringIO())
        server = LiveServer("localhost")
    yield server.url
    # The browser has closed its connections; let their threads finish while
    # they may still use the shared database connection.
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)
    server.stop()
    with django_db_blocker.unblock():
        call_command(
            "flush", interactive=False, verbosity=0, reset_sequences=False,
            inhibit_post_migrate=True,
        )  # fmt: skip
        connection.creation.deserialize_db_from_string(before)
        for cache in caches.all():
            cache.clear()  # e.g. Wagtail's site root paths of the demo tree
