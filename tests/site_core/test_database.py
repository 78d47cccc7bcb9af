import os

from django.db import connection


def test_suite_runs_on_the_database_that_database_url_names():
    """CI runs the suite twice; this makes sure the second run really used
    PostgreSQL rather than quietly falling back to SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
