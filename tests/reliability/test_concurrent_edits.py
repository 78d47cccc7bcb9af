"""Two people at one page: the second does not silently overwrite the first.

Wagtail's editor posts the revision it was loaded from (``loaded_revision_id``,
``loaded_revision_created_at``) but refuses an outdated post only when it
autosaves; a click on "Veröffentlichen" or "Entwurf speichern" in a form
loaded before someone else's publish replaced that publish without a word.
Now the form is shown again with the second person's input, a German
message and nothing saved.
"""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from wagtail.models import Page, Revision

from site_core.factories import StandardPageFactory
from site_core.roles import EDITORS, MODERATORS, setup_roles
from tests.admin_forms import form_data
from tests.utils import build_site

pytestmark = pytest.mark.django_db

MODIFIED = "Diese Seite wurde geändert, seit Sie sie geöffnet haben"

# The editor's form leaves the StreamField to the admin's JavaScript.
PUBLISH = {"body-count": "0", "action-publish": "action-publish"}
SAVE = {"body-count": "0"}


@pytest.fixture
def site():
    site = build_site()
    setup_roles()
    page = StandardPageFactory(parent=site.home, title="Öffnungszeiten", slug="oeffnungszeiten")
    page.save_revision().publish()
    site.page = page
    return site


def person(name, group):
    user = get_user_model().objects.create_user(name, password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def first_moderator(site, client):
    client.force_login(person("moderation", MODERATORS))
    return client


@pytest.fixture
def second_moderator(site):
    client = Client()
    client.force_login(person("moderation2", MODERATORS))
    return client


@pytest.fixture
def editor(site):
    client = Client()
    client.force_login(person("redaktion", EDITORS))
    return client


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def live_title(page):
    return Page.objects.get(pk=page.pk).title


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def first_publishes(client, page, title):
    data = form_data(client.get(edit_url(page)))
    data.update(title=title, **PUBLISH)
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert live_title(page) == title


def assert_refused(response, page, kept_title, typed_title, revisions_before):
    assert response.status_code == 200, "the editor must show the form again"
    assert any(MODIFIED in message for message in messages_of(response)), messages_of(response)
    # The second person's input is still in the form...
    assert response.context["form"]["title"].value() == typed_title
    # ...and nothing of it is saved.
    assert live_title(page) == kept_title
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions_before


def test_second_moderator_publishing_an_older_form_is_refused(
    site, first_moderator, second_moderator
):
    page = site.page
    stale = form_data(second_moderator.get(edit_url(page)))
    first_publishes(first_moderator, page, "Öffnungszeiten im Sommer")
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()

    stale.update(title="Öffnungszeiten im Winter", **PUBLISH)
    response = second_moderator.post(edit_url(page), stale)
    assert_refused(
        response, page, "Öffnungszeiten im Sommer", "Öffnungszeiten im Winter", revisions
    )

    # Having read the message, the second moderator may publish deliberately:
    # the form shown again is based on the newest version.
    again = form_data(response)
    again.update(**PUBLISH)
    response = second_moderator.post(edit_url(page), again)
    assert response.status_code == 302
    assert live_title(page) == "Öffnungszeiten im Winter"


def test_editor_saving_a_draft_on_an_older_form_is_refused(site, first_moderator, editor):
    page = site.page
    stale = form_data(editor.get(edit_url(page)))
    first_publishes(first_moderator, page, "Öffnungszeiten im Sommer")
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()

    stale.update(title="Öffnungszeiten (Entwurf)", **SAVE)
    response = editor.post(edit_url(page), stale)
    assert_refused(
        response, page, "Öffnungszeiten im Sommer", "Öffnungszeiten (Entwurf)", revisions
    )
    latest = Page.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert latest.title == "Öffnungszeiten im Sommer"


def test_editor_submitting_an_event_on_an_older_form_is_refused(site, first_moderator, editor):
    event = site.event
    event.save_revision().publish()
    stale = form_data(editor.get(edit_url(event)))
    first_publishes(first_moderator, event, "Deutsch-Café am Abend")
    revisions = Revision.page_revisions.filter(object_id=str(event.pk)).count()

    stale.update(title="Deutsch-Café am Morgen", **SAVE, **{"action-submit": "action-submit"})
    response = editor.post(edit_url(event), stale)
    assert_refused(response, event, "Deutsch-Café am Abend", "Deutsch-Café am Morgen", revisions)


def test_a_post_without_the_loaded_revision_is_refused(site, second_moderator):
    """A client that does not say which version it edited (a form from an
    older Wagtail, a script) may be based on any: it is refused like an
    outdated one, and the form shown again says which version it is."""
    page = site.page
    data = form_data(second_moderator.get(edit_url(page)))
    del data["loaded_revision_id"], data["loaded_revision_created_at"]
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()

    data.update(title="Öffnungszeiten im Winter", **PUBLISH)
    response = second_moderator.post(edit_url(page), data)
    assert_refused(response, page, "Öffnungszeiten", "Öffnungszeiten im Winter", revisions)
    assert form_data(response)["loaded_revision_id"] == str(page.get_latest_revision().pk)


def test_an_up_to_date_form_still_saves(site, first_moderator):
    first_publishes(first_moderator, site.page, "Öffnungszeiten im Sommer")
    first_publishes(first_moderator, site.page, "Öffnungszeiten im Herbst")
