"""Load-test the site as production runs it: gunicorn + WhiteNoise with the
production settings on PostgreSQL, demo content plus 1,000 generated events
(half weekly series), without and with the Redis page cache.

    .venv/bin/python -m bench.server [--database-url postgres://…/postgres]
        [--events 1000] [--duration 30] [--connections 16] [--soak 60]

Needs PostgreSQL (the server of DATABASE_URL; the script creates and drops
its own database ``integrationsagenturen_bench``), ``redis-server`` and
``wrk`` (Debian packages). Reports, for home, calendar list and month, an
event page, the main feed and a plain page (the Impressum: routing, menu and
footer without any listing, the floor under every page):

- median and p95 of 20 sequential requests (after one warm-up request),
  without the page cache ("uncached") and with it ("cached");
- SQL queries of one uncached render (in-process test client, same database);
- wrk throughput for --duration seconds at --connections connections against
  the cached server, with errors and non-2xx/3xx answers, and the throughput
  of a static file of the same size served by the same gunicorn/WhiteNoise
  (the ratio is the page cache's share of the static ceiling);
- a --soak seconds wrk run on the calendar and the main feed together.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.calendar_views import add_events

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "integrationsagenturen_bench"
SEQUENTIAL = 20


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(server_url, sql):
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql)


def environment(database_url, static_root, **extra):
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="site_core.settings.production",
        DJANGO_SECRET_KEY="bench-only-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        **extra,
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO_ROOT, env=env, check=True)


def fill(env, events):
    """Demo content plus generated events up to ``events`` under the German
    calendar, in a child process with the production settings."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content")
    code = f"from bench.server import add_bench_events; add_bench_events({events})"
    subprocess.run([PYTHON, "-c", code], cwd=REPO_ROOT, env=env, check=True)
    # As the nightly cron job would: the generated events were made without
    # publishing, so only this stores their dates for the calendar list.
    manage(env, "store_occurrences")


def add_bench_events(total):
    import django

    django.setup()
    from types import SimpleNamespace

    from events.models import EventIndexPage
    from home.models import AgencyPage

    index = EventIndexPage.objects.get(locale__language_code="de")
    agency = AgencyPage.objects.get(locale__language_code="de", slug="oberhausen")
    site = SimpleNamespace(event_index=index, agency=agency)
    add_events(site, total)
    series, all_events = None, index.get_children().count()
    from events.models import EventPage

    series = EventPage.objects.child_of(index).filter(recurrence__gt="").count()
    log(f"German calendar: {all_events} events, {series} of them weekly series")


@contextlib.contextmanager
def redis_server():
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--save", "", "--dir", directory],
            stdout=subprocess.DEVNULL,
        )
        try:
            for _ in range(50):
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                    break
                time.sleep(0.1)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait()


@contextlib.contextmanager
def gunicorn(env, port):
    env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
    process = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    import http.client

    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                # Any answer means the site is up: with DJANGO_SECURE_SSL_REDIRECT
                # (bench/observatory.py) it is a redirect to HTTPS.
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/robots.txt")
                connection.getresponse().read()
                connection.close()
                break
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait()


def fetch(url):
    import urllib.request

    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
        cache = response.headers.get("X-Cache", "-")
    return (time.perf_counter() - started) * 1000, body, cache


def timings(url):
    fetch(url)  # warm-up: fills the page cache when there is one
    samples, caches = [], set()
    for _ in range(SEQUENTIAL):
        elapsed, _body, cache = fetch(url)
        samples.append(elapsed)
        caches.add(cache)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, "/".join(sorted(caches))


def wrk(urls, duration, connections):
    """Requests per second, errors and non-2xx/3xx answers of one wrk run;
    with several URLs, a Lua script rotates through them."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    script = None
    if len(urls) > 1:
        paths = ", ".join(f'"{urlsplit(u).path}?{urlsplit(u).query}"' for u in urls)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                f"local paths = {{{paths}}}\nlocal i = 0\n"
                "request = function()\n  i = i % #paths + 1\n"
                "  return wrk.format('GET', paths[i])\nend\n"
            )
        command += ["-s", script.name]
    output = subprocess.run([*command, urls[0]], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, total, errors, int(non_2xx.group(1)) if non_2xx else 0


def slug(name):
    return name.replace(" ", "-")


def query_counts(env, paths):
    """SQL queries and bytes of one uncached render per path (in-process, same
    database)."""
    code = (
        "import json, sys\n"
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client()\n"
        "counts = {}\n"
        "for path in sys.argv[1:]:\n"
        "    client.get(path)\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        response = client.get(path)\n"
        "    assert response.status_code == 200, path\n"
        "    counts[path] = [len(queries), len(response.content)]\n"
        "print(json.dumps(counts))\n"
    )
    env = dict(env, PAGE_CACHE_TIMEOUT="0")
    result = subprocess.run(
        [PYTHON, "-c", code, *paths],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://ci:ci@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server (any database on it); the script uses its own database",
    )
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=30, help="seconds of wrk per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--soak", type=int, default=60, help="seconds of the calendar+feed run")
    parser.add_argument("--workers", default=os.environ.get("GUNICORN_WORKERS", "3"))
    return parser.parse_args()


def main():
    args = parse_args()
    for tool in ("wrk", "redis-server"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing (Debian: apt-get install {tool})")
    database_url = with_database(args.database_url, DB_NAME)
    admin_sql(args.database_url, f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin_sql(args.database_url, f"CREATE DATABASE {DB_NAME}")
    try:
        with tempfile.TemporaryDirectory() as static_root:
            env = environment(database_url, static_root, GUNICORN_WORKERS=args.workers)
            log(f"Filling {DB_NAME}: demo content and {args.events} events …")
            fill(env, args.events)
            manage(env, "collectstatic", "--noinput", "-v0")
            run(args, env, Path(static_root))
    finally:
        admin_sql(args.database_url, f"DROP DATABASE IF EXISTS {DB_NAME}")


def run(args, env, static_root):
    paths = {
        "home": "/de/",
        "calendar list": "/de/veranstaltungen/",
        "calendar month": "/de/veranstaltungen/monat/",
        "event page": "/de/veranstaltungen/deutsch-cafe/",
        "main feed": "/de/veranstaltungen/feed.ics",
        # No listing at all: what every page pays for routing, menu and
        # footer, the floor under the calendar's own work.
        "plain page": "/de/impressum/",
    }
    counts = query_counts(env, list(paths.values()))
    rows = {}
    (static_root / "bench").mkdir(exist_ok=True)
    for name, path in paths.items():
        queries, size = counts[path]
        rows[name] = {"queries": queries, "size": size}
        # A static file of the same size, served by the same server.
        (static_root / "bench" / f"{slug(name)}.txt").write_bytes(b"x" * size)

    log("Uncached: gunicorn without the page cache …")
    with gunicorn(dict(env, PAGE_CACHE_TIMEOUT="0"), free_port()) as base:
        for name, path in paths.items():
            median, p95, _cache = timings(base + path)
            rows[name]["uncached"] = (median, p95)

    log("Cached: gunicorn with the Redis page cache …")
    with redis_server() as redis_url, gunicorn(dict(env, REDIS_URL=redis_url), free_port()) as base:
        for name, path in paths.items():
            median, p95, cache = timings(base + path)
            rows[name].update(cached=(median, p95), cache=cache)
        for name, path in paths.items():
            log(f"wrk {args.duration} s: {name} …")
            rows[name]["wrk"] = wrk([base + path], args.duration, args.connections)
            static = f"{base}/static/bench/{slug(name)}.txt"
            rows[name]["wrk static"] = wrk([static], args.duration, args.connections)
        log(f"wrk {args.soak} s: calendar and feed together …")
        soak = wrk(
            [base + paths["calendar list"], base + paths["main feed"]], args.soak, args.connections
        )
    report(args, rows, soak)


def report(args, rows, soak):
    print(
        f"gunicorn ({args.workers} workers) + WhiteNoise, production settings, PostgreSQL, "
        f"demo content + {args.events} events; {SEQUENTIAL} sequential requests per URL; "
        f"wrk {args.duration} s at {args.connections} connections"
    )
    print(
        f"{'view':<15} {'queries':>7} {'size':>8}  {'uncached med/p95 ms':>20}  "
        f"{'cached med/p95 ms':>18}  {'wrk req/s':>9} {'err':>3} {'non2xx':>6}  "
        f"{'static req/s':>12}  {'ratio':>5}"
    )
    for name, row in rows.items():
        rate, _total, errors, non_2xx = row["wrk"]
        static_rate, _total, static_errors, static_non_2xx = row["wrk static"]
        if static_errors or static_non_2xx:
            sys.exit(f"static file for {name}: {row['wrk static']}")
        print(
            f"{name:<15} {row['queries']:>7} {row['size'] / 1024:>6.0f}KB  "
            f"{row['uncached'][0]:>9.1f} / {row['uncached'][1]:>7.1f}  "
            f"{row['cached'][0]:>7.1f} / {row['cached'][1]:>7.1f}  "
            f"{rate:>9.0f} {errors:>3} {non_2xx:>6}  {static_rate:>12.0f}  "
            f"{rate / static_rate if static_rate else float('nan'):>5.0%}   "
            f"(X-Cache {row['cache']})"
        )
    rate, total, errors, non_2xx = soak
    print(
        f"soak {args.soak} s, calendar list + main feed: {total} requests, {rate:.0f} req/s, "
        f"{errors} errors, {non_2xx} non-2xx/3xx"
    )


if __name__ == "__main__":
    main()
