"""Where production keeps uploaded images and documents: the server's disk, or
an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set. Each case loads
the production settings in a fresh process with only the given environment,
as the server does; no bucket is contacted (a storage's URLs are computed
locally)."""

import io
import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image as PillowImage

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.site_core.test_production_settings import MINIMAL, run

# Prints what the settings made of the environment: the storage behind
# uploads, the address it gives an image, and the image sources that the
# Content-Security-Policy headers of a public page and the admin allow.
STORAGE_AND_POLICIES = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client

def image_sources(response):
    for directive in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        if name == "img-src":
            return sources

client = Client(HTTP_HOST="integrationsagenturen.example.org")
storage = default_storage.__class__  # the class behind the lazy default_storage
print(json.dumps({
    "backend": f"{storage.__module__}.{storage.__name__}",
    "bucket": getattr(default_storage, "bucket_name", None),
    "endpoint": getattr(default_storage, "endpoint_url", None),
    "location": getattr(default_storage, "location", None),
    "image_url": default_storage.url("images/Gemeindefest.fill-800x450.jpg"),
    "storage": settings.STORAGES["default"],
    "documents_serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
    "public_img_src": image_sources(client.get("/robots.txt", secure=True)),
    # (The admin's pages need a database; its policy is what the middleware sends.)
    "admin_img_src": settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]["img-src"],
}))
"""

S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-access-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret-key",
}
BUCKET = "integrationsagenturen-media"


def production(env):
    result = run([sys.executable, "-c", STORAGE_AND_POLICIES], {**MINIMAL, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def allowed_by(url, sources):
    """Whether a CSP source list of scheme://host[/path/] entries admits ``url``."""
    return any(
        url.startswith(source if source.endswith("/") else source + "/") for source in sources
    )


@pytest.mark.parametrize(
    ("env", "image_host"),
    [
        pytest.param(
            {
                "AWS_S3_ENDPOINT_URL": "https://fsn1.your-objectstorage.com",
                "AWS_S3_REGION_NAME": "fsn1",
            },
            "https://fsn1.your-objectstorage.com/integrationsagenturen-media/",
            id="other-provider",
        ),
        pytest.param(
            {
                "AWS_S3_ENDPOINT_URL": "https://s3.eu-central-1.ionoscloud.com",
                "AWS_S3_REGION_NAME": "de",
                "AWS_S3_CUSTOM_DOMAIN": "medien.integrationsagenturen.example.org",
            },
            "https://medien.integrationsagenturen.example.org/",
            id="own-domain",
        ),
        pytest.param(
            {"AWS_S3_REGION_NAME": "eu-central-1"},
            "https://integrationsagenturen-media.s3.eu-central-1.amazonaws.com",
            id="aws",
        ),
        pytest.param(
            {},
            "https://integrationsagenturen-media.s3.amazonaws.com",
            id="aws-default-region",
        ),
    ],
)
def test_media_in_a_bucket_when_one_is_configured(env, image_host):
    env = {"AWS_STORAGE_BUCKET_NAME": BUCKET, **S3_CREDENTIALS, **env}
    media = production(env)

    assert media["backend"] == "storages.backends.s3.S3Storage"
    assert media["bucket"] == BUCKET
    assert media["endpoint"] == env.get("AWS_S3_ENDPOINT_URL")
    # Images are addressed unsigned (pages stay cached), under the media host.
    assert media["image_url"].startswith(image_host)
    assert "?" not in media["image_url"]
    # Both policies let browsers load them from there, and from nowhere else new.
    for sources in (media["public_img_src"], media["admin_img_src"]):
        assert image_host in sources
        assert allowed_by(media["image_url"], sources)
    assert media["public_img_src"] == ["'self'", "data:", image_host]
    # Documents still go through Django, which checks their privacy.
    assert media["documents_serve_method"] == "serve_view"


def test_media_on_the_servers_disk_without_a_bucket(tmp_path):
    media = production({"DJANGO_MEDIA_ROOT": str(tmp_path)})

    assert media["backend"] == "site_core.media_storage.MediaStorage"
    assert media["location"] == str(tmp_path)
    assert media["image_url"] == "/media/images/Gemeindefest.fill-800x450.jpg"
    assert media["public_img_src"] == ["'self'", "data:"]
    assert media["admin_img_src"] == ["'self'", "data:", "blob:"]
    assert media["documents_serve_method"] == "serve_view"


# --- A bucket to talk to: moto's S3 server on a free local port ---


def readme_bucket_policy(bucket):
    """The bucket policy the README gives operators, for ``bucket``."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("Bucket policy for public images", 1)[1]
    policy = re.search(r"```json\n(.*?)```", section, re.DOTALL).group(1)
    return policy.replace("BUCKET", bucket)


@pytest.fixture
def s3_server(monkeypatch):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    # django-storages and boto3 read the keys from the environment, as in production.
    for name, value in S3_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    yield f"http://{host}:{port}"
    server.stop()


def anonymous_get(url):
    """What a visitor's browser gets from the bucket: (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def png(width, height):
    image = io.BytesIO()
    PillowImage.new("RGB", (width, height), "#1f5f8b").save(image, "PNG")
    return image.getvalue()


@pytest.mark.django_db
def test_uploads_in_a_bucket_through_wagtail(s3_server, client):
    """Wagtail with the storage that the production settings make of the
    environment, against a bucket with the README's policy: visitors load
    images straight from the bucket, documents only through Django."""
    media = production(
        {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_server, **S3_CREDENTIALS}
    )
    bucket = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    bucket.create_bucket(Bucket=BUCKET)
    bucket.put_bucket_policy(Bucket=BUCKET, Policy=readme_bucket_policy(BUCKET))

    with override_settings(
        STORAGES={**settings.STORAGES, "default": media["storage"]},
        WAGTAILDOCS_SERVE_METHOD=media["documents_serve_method"],
    ):
        image = get_image_model().objects.create(
            title="Gemeindefest", file=ImageFile(io.BytesIO(png(120, 80)), name="fest.png")
        )
        rendition = image.get_rendition("fill-60x40")
        status, body = anonymous_get(rendition.url)
        assert status == 200
        assert PillowImage.open(io.BytesIO(body)).size == (60, 40)
        assert allowed_by(rendition.url, media["public_img_src"])
        assert anonymous_get(image.file.url) == (200, png(120, 80))
        stored = bucket.head_object(Bucket=BUCKET, Key=rendition.file.name)
        assert stored["CacheControl"] == "public, max-age=2592000"

        # An upload with a taken name gets a name of its own.
        second = get_image_model().objects.create(
            title="Gemeindefest 2", file=ImageFile(io.BytesIO(png(90, 90)), name="fest.png")
        )
        assert second.file.name != image.file.name
        assert anonymous_get(image.file.url) == (200, png(120, 80))

        pdf = b"%PDF-1.4 Programm des Gemeindefests"
        document = get_document_model().objects.create(
            title="Programm", file=ContentFile(pdf, name="programm.pdf")
        )
        assert anonymous_get(document.file.url)[0] == 403
        response = client.get(document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf
