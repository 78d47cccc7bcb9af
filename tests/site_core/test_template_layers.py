"""The templates keep the code's floors: a template of site_core, events or
projects loads no tag library of an app above its own (alerts, home), as
their Python imports none. What an app above adds to a page goes through
the ``page_extras`` hook (site_core.templatetags.page_extras)."""

import re
from pathlib import Path

from django.conf import settings
from django.template.backends.django import get_installed_libraries

LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
# The apps each app's templates may load tags from, besides Django's,
# Wagtail's and the libraries'.
ALLOWED = {
    "site_core": {"site_core"},
    "events": {"site_core", "events"},
    "projects": {"site_core", "events", "projects"},
}
OWN_APPS = {"site_core", "events", "projects", "alerts", "home"}


def library_apps():
    """{library name: the app of ours it comes from} (others left out)."""
    apps = {}
    for name, module in get_installed_libraries().items():
        app = module.split(".", 1)[0]
        if app in OWN_APPS:
            apps[name] = app
    return apps


def test_no_template_loads_tags_of_an_app_above_its_own():
    apps = library_apps()
    assert apps["page_extras"] == "site_core" and apps["alerts_tags"] == "alerts"
    found = []
    for app, allowed in ALLOWED.items():
        for template in (Path(settings.BASE_DIR) / app / "templates").rglob("*.html"):
            text = template.read_text()
            for load in LOAD.findall(text):
                for name in load.split():
                    if name in apps and apps[name] not in allowed:
                        found.append(f"{template.relative_to(settings.BASE_DIR)}: {name}")
    assert found == []
