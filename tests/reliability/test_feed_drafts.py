"""A draft does not touch the public iCalendar feeds.

The feeds' Last-Modified was the newest entry of the admin's action log,
and saving a draft logs one ("wagtail.edit"): feed readers fetched
everything again and anyone could see that something was being edited.
Now only actions that change what visitors see count; the ETag, a hash of
the feed's bytes, never depended on drafts.
"""

import datetime as dt

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageLogEntry

from site_core.roles import EDITORS, MODERATORS, setup_roles
from tests.admin_forms import form_data
from tests.utils import build_site, translate_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    site = build_site()
    site.event.save_revision().publish()
    translate_site(site)
    setup_roles()
    # Everything so far was published an hour ago: a change now shows.
    PageLogEntry.objects.update(timestamp=timezone.now() - dt.timedelta(hours=1))
    site.feeds = {
        "de": site.event_index.url + "feed.ics",
        "ru": site.event_index.get_translation(site.ru).url + "feed.ics",
    }
    return site


def logged_in(name, group):
    user = get_user_model().objects.create_user(name, password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def headers(feeds):
    visitor = Client()
    result = {}
    for language, url in feeds.items():
        response = visitor.get(url)
        assert response.status_code == 200
        result[language] = (response["Last-Modified"], response["ETag"])
    return result


def edit(client, page, changes):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = form_data(client.get(url))
    data.update({"body-count": "0", **changes})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_a_draft_leaves_the_feeds_alone_and_a_publish_moves_them(
    site, django_capture_on_commit_callbacks
):
    before = headers(site.feeds)

    editor = logged_in("redaktion", EDITORS)
    edit(editor, site.event, {"title": "Deutsch-Café (Entwurf)"})  # "Entwurf speichern"
    draft = Page.objects.get(pk=site.event.pk).get_latest_revision_as_object()
    assert draft.title == "Deutsch-Café (Entwurf)"

    assert headers(site.feeds) == before
    visitor = Client()
    for language, url in site.feeds.items():
        last_modified, etag = before[language]
        assert visitor.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, language
        assert visitor.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304, language

    moderator = logged_in("moderation", MODERATORS)
    with django_capture_on_commit_callbacks(execute=True):
        edit(moderator, site.event, {"title": "Deutsch-Café am Abend", "action-publish": "1"})

    after = headers(site.feeds)
    for language in site.feeds:
        assert after[language][0] != before[language][0], f"{language}: Last-Modified"
    assert after["de"][1] != before["de"][1], "de: ETag"
