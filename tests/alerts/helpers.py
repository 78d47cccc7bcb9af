"""What the visitor-side alert tests share: a translated site with a
Datenschutz page, the sign-up as the form posts it, and the link in a mail."""

import re
import time
from urllib.parse import urlsplit

import pytest

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from site_core.factories import StandardPageFactory
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site


@pytest.fixture(name="site")
def site_fixture():
    # Sign-ups per IP address are counted in the cache, shared with other tests.
    cache.clear()
    site = build_site()
    translate_site(site)
    site.privacy = StandardPageFactory(parent=site.home, title="Datenschutz", slug="datenschutz")
    translate_object(site.privacy, site.ru, russian)
    return site


def signup_path(language):
    with translation.override(language):
        return reverse("alerts_signup")


def form_data(page=None, **changes):
    """What the form sends, shown a minute ago with its trap left empty."""
    data = {
        "email": "olga@example.org",
        "follow": "page" if page is not None else "all",
        "language": "de",
        "page": page.pk if page is not None else "",
        "consent": "on",
        "whf_name": "",
        "whf_time": str(int(time.time()) - 60),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def sign_up(client, prefix="de", page=None, **changes):
    """Post the form. The confirmation mail is enqueued on commit: in a test
    that runs inside a transaction, run those callbacks as a commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(signup_path(prefix), form_data(page, **changes))


def link_in(message, name):
    """The path of the link named ``name`` (bestaetigen, verwalten, abmelden)
    in a sent mail's text."""
    found = re.search(rf"https?://\S+/{name}/\S+/", message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path
