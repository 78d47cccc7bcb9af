"""The bare Wagtail site the issue's floor target compares against: the
project ``wagtail start`` makes, in a temporary folder, with DEBUG off and,
if given, the same database server as this site's run.

Shared by bench.growth (in-process, test client) and bench.server (the same
gunicorn settings as this site).
"""

import contextlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

WAGTAIL = Path(sys.executable).parent / "wagtail"
PROJECT = "starter"
SETTINGS_MODULE = f"{PROJECT}.settings.bench"

# The starter's own settings (settings/dev.py: SQLite next to manage.py,
# Django's in-memory cache), with DEBUG off as in production and, if the
# bench runs on PostgreSQL, a database of its own on that server.
BENCH_SETTINGS = """
import os

import dj_database_url

from starter.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
if os.environ.get("STARTER_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["STARTER_DATABASE_URL"])}
"""

MEASURE_IN_PROCESS = """
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
client.get("/")
with CaptureQueriesContext(connection) as queries:
    response = client.get("/")
# Now: the next request empties the connection's query log (reset_queries).
count = len(queries)
assert response.status_code == 200, response.status_code
samples = []
for _ in range(int(sys.argv[1])):
    started = time.perf_counter()
    client.get("/")
    samples.append((time.perf_counter() - started) * 1000)
print(json.dumps([statistics.median(samples), len(response.content), count]))
"""


class Starter:
    """A migrated ``wagtail start`` project in ``folder``."""

    def __init__(self, folder, database_url=None):
        self.folder = Path(folder)
        self.env = {"DJANGO_SETTINGS_MODULE": SETTINGS_MODULE, "PATH": "/usr/bin:/bin"}
        if database_url:
            self.env["STARTER_DATABASE_URL"] = database_url

    def run(self, *args, **kwargs):
        return subprocess.run(
            args,
            cwd=self.folder,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    def create(self):
        self.run(str(WAGTAIL), "start", PROJECT, str(self.folder))
        (self.folder / PROJECT / "settings" / "bench.py").write_text(BENCH_SETTINGS)
        self.run(sys.executable, "manage.py", "migrate", "-v0")
        return self

    def measure_in_process(self, repeat):
        """Median ms, bytes and queries of its home page (test client)."""
        output = self.run(sys.executable, "-c", MEASURE_IN_PROCESS, str(repeat))
        return json.loads(output.stdout.strip().splitlines()[-1])

    def gunicorn_app(self):
        """The WSGI application, for gunicorn started in ``folder`` with
        this site's deploy/gunicorn.conf.py (the same workers, keep-alive,
        timeouts and worker recycling)."""
        return f"{PROJECT}.wsgi:application"


@contextlib.contextmanager
def starter_project(database_url=None):
    with tempfile.TemporaryDirectory(prefix="wagtail-starter-") as folder:
        yield Starter(folder, database_url).create()
