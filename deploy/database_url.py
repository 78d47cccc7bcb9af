"""DATABASE_URL as shell variables, for deploy/backup.sh and deploy/restore.sh.

Prints, for the shell's `eval`:
  database_kind      postgresql or sqlite
  database           PostgreSQL: the URL without its password (for --dbname);
                     SQLite: the database file's path
  database_password  PostgreSQL's password, for PGPASSWORD: a password on the
                     command line would be visible to every user of the
                     machine (ps), the environment only to the site's user

Like the site (dj-database-url), an unset DATABASE_URL means the SQLite file
db.sqlite3 in the project directory; a relative SQLite path is relative to
the project directory too (where gunicorn and manage.py run). Only the
standard library: any python3 will do.
"""

import os
import shlex
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent
POSTGRESQL_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis")


def shell_variables(url):
    if not url:
        return {"database_kind": "sqlite", "database": str(PROJECT / "db.sqlite3")}
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:////absolute/path or sqlite:///relative/path, as dj-database-url reads it.
        path = unquote(parts.path[1:])
        if not path or path == ":memory:":
            sys.exit(f"DATABASE_URL {url!r} names no database file.")
        return {"database_kind": "sqlite", "database": str(PROJECT / path)}
    if parts.scheme in POSTGRESQL_SCHEMES:
        credentials, _, address = parts.netloc.rpartition("@")
        user = credentials.partition(":")[0]
        netloc = f"{user}@{address}" if user else address
        return {
            "database_kind": "postgresql",
            "database": urlunsplit(("postgresql", netloc, parts.path, parts.query, "")),
            "database_password": unquote(parts.password or ""),
        }
    sys.exit(f"DATABASE_URL: neither PostgreSQL nor SQLite ({parts.scheme}://…).")


if __name__ == "__main__":
    for name, value in shell_variables(os.environ.get("DATABASE_URL", "")).items():
        print(f"{name}={shlex.quote(value)}")
