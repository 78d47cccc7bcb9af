"""Malformed posts and oversized uploads in the admin, made by an editor of
the group Redaktion: a German message, never a 500, nothing changed or
stored."""

import io

import pytest
from PIL import Image as PILImage

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from site_core.roles import EDITORS, setup_roles
from tests.admin_forms import form_data
from tests.utils import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """One site and one editor for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        site = build_site()
        setup_roles()
        site.editor = Group.objects.get(name=EDITORS).user_set.create(
            username="redakteurin", email="redaktion@example.org"
        )
        yield site
        transaction.set_rollback(True)


@pytest.fixture
def editor(client, site):
    client.force_login(site.editor)
    return client


# A page's "Inhalt" (StreamField) is posted by the admin's JavaScript with a
# management field "body-count"; a post without it (a broken script, a
# browser extension, a hand-made request) made Wagtail's StreamBlock raise
# KeyError: a 500.
UNREADABLE_BODY = "Der Inhalt konnte nicht gelesen werden."


@pytest.mark.parametrize(
    ("page", "body"),
    [
        ("standard", {}),
        ("event", {}),
        ("standard", {"body-count": "abc"}),
        ("event", {"body-count": "1"}),  # one block, but none of its fields
        ("standard", {"body-count": "1", "body-0-type": "paragraph", "body-0-deleted": ""}),
    ],
)
def test_edit_form_without_the_body_management_fields_is_refused_in_german(
    editor, site, page, body
):
    page = getattr(site, page)
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = form_data(editor.get(url))  # what the form shows, without its StreamField
    assert not any(name.startswith("body-") for name in data)
    data.update(body, title="Geänderter Titel")
    revisions = Revision.objects.count()

    response = editor.post(url, data)

    assert response.status_code == 200, "the editor must show the form again"
    errors = response.context["form"].errors
    assert any(UNREADABLE_BODY in str(message) for message in errors.get("body", [])), errors
    assert "konnte die Seite nicht gespeichert werden" in response.content.decode()
    assert Revision.objects.count() == revisions
    assert Page.objects.get(pk=page.pk).title == page.title


def test_edit_form_shows_the_stored_content_again_after_an_unreadable_post(editor, site):
    """The editor's content is not replaced by an empty body."""
    url = reverse("wagtailadmin_pages:edit", args=(site.standard.pk,))
    data = form_data(editor.get(url))
    response = editor.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["body"].value() == site.standard.body


def test_a_complete_edit_form_is_still_saved(editor, site):
    url = reverse("wagtailadmin_pages:edit", args=(site.standard.pk,))
    data = form_data(editor.get(url))
    body = {"body": streamfield([("paragraph", rich_text("<p>Neu</p>"))])}
    data.update(nested_form_data(body), title="Impressum (neu)")
    response = editor.post(url, data)
    assert response.status_code == 302
    revision = Page.objects.get(pk=site.standard.pk).get_latest_revision()
    assert revision.content["title"] == "Impressum (neu)"
    assert ">Neu</p>" in revision.content["body"]


# Images: an 11000 × 11000 pixel PNG is a small file, and decoding it for a
# thumbnail needs about 1 GB of memory per worker.
TOO_MANY_PIXELS = "Dieses Bild hat zu viele Pixel"


def png(width, height):
    """A PNG of ``width`` × ``height`` pixels in one colour: a few kilobytes."""
    buffer = io.BytesIO()
    PILImage.new("P", (width, height), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def upload(editor, content, title):
    return editor.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": SimpleUploadedFile("gross.png", content, "image/png")},
    )


# Pillow warns when the upload is opened (to read its size, not to decode it).
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_an_image_with_too_many_pixels_is_refused_in_german(editor, site):
    content = png(11_000, 11_000)
    assert len(content) < 1_000_000  # far below the upload size limit
    images = get_image_model().objects.count()

    response = upload(editor, content, "Riesiges Bild")

    assert response.status_code == 200, "the editor must show the form again"
    errors = [str(message) for message in response.context["form"].errors.get("file", [])]
    assert any(error.startswith(TOO_MANY_PIXELS) for error in errors), errors
    assert get_image_model().objects.count() == images


def test_an_image_of_a_big_camera_is_still_accepted(editor, site):
    # 6000 × 4000: a 24-megapixel camera's photo.
    response = upload(editor, png(6_000, 4_000), "Foto")
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Foto").exists()
