"""Benchmark the pages that show events, at 10, 100 and 1000 events.

    .venv/bin/python -m bench.calendar_views [--events 10 100 1000] [--repeat 15]

Builds the test site (``tests.utils.build_site``) in a scratch database,
fills the German event index up to each N (half weekly series, half one-off
dates) and reports, per page, the median and 95th-percentile server time over
repeated renders, and the number of SQL queries and the HTML size of one
render.

The developer's ``db.sqlite3`` is never touched: the script uses the test
settings and a scratch SQLite file in a temporary directory. If DATABASE_URL
points at PostgreSQL, it creates ``<name>_bench`` on that server instead and
drops it at the end.

Times are in-process (django.test.Client, no network, no WSGI server) with
the test settings' DEBUG = False, so they compare views and sizes, not
production latency.
"""

import argparse
import contextlib
import datetime as dt
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

SETTINGS_MODULE = "site_core.settings.test"

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ONE_OFF_DAYS = 90  # one-off events are spread over the next 90 days
SERIES_PAST_DAYS = 182  # series began up to half a year ago (so the archive has dates)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events",
        type=int,
        nargs="+",
        default=[10, 100, 1000],
        metavar="N",
        help="total numbers of events to measure at (default: 10 100 1000)",
    )
    parser.add_argument(
        "--repeat", type=int, default=15, help="timed renders per page (default: 15)"
    )
    args = parser.parse_args()
    # Events are only ever added, so the sizes are measured smallest first.
    args.events = sorted(set(args.events))
    if args.events[0] < 2:
        parser.error("--events: every N must be at least 2 (one series, one single date)")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def log(message):
    """Progress goes to stderr, so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


# The scratch database


@contextlib.contextmanager
def scratch_database():
    """A DATABASE_URL for a throwaway database, removed afterwards."""
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "")
    if url and "postgresql" in dj_database_url.parse(url)["ENGINE"]:
        with scratch_postgres(url) as scratch_url:
            yield scratch_url
        return
    if url:
        log("DATABASE_URL is not PostgreSQL: benchmarking on a scratch SQLite file instead.")
    with tempfile.TemporaryDirectory(prefix="calendar-bench-") as tmp:
        try:
            yield f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        finally:
            close_django_connections()  # before the directory is removed


@contextlib.contextmanager
def scratch_postgres(url):
    """Create ``<name>_bench`` next to the caller's database and drop it at
    the end. An existing database of that name is left alone: the script
    never drops what it did not create."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_bench"
    server = {
        "dbname": "postgres",  # the maintenance database, to create and drop from
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        **config.get("OPTIONS", {}),
    }
    server = {key: value for key, value in server.items() if value is not None}

    def execute(statement, params=None):
        try:
            with psycopg.connect(**server, autocommit=True) as conn:
                cursor = conn.execute(statement, params)
                return cursor.fetchall() if cursor.description else []
        except psycopg.Error as error:
            sys.exit(f"PostgreSQL: {error}".strip())

    if execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]):
        sys.exit(
            f"The scratch database {name!r} already exists (a previous run killed?). "
            f"Drop it (dropdb {name}) and run again."
        )
    execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(url)._replace(path="/" + quote(name)).geturl()
    finally:
        close_django_connections()
        execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def close_django_connections():
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


def setup_django(database_url):
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["DATABASE_URL"] = database_url  # read by dj_database_url in settings/base.py
    django.setup()

    import dj_database_url

    from django.conf import settings
    from django.core.management import call_command

    # Belt and braces: refuse to run anywhere but in the scratch database.
    expected = dj_database_url.parse(database_url)["NAME"]
    if settings.DATABASES["default"]["NAME"] != expected:
        sys.exit(f"Refusing to run: the database is {settings.DATABASES['default']['NAME']}.")
    if settings.DEBUG:
        sys.exit(f"{SETTINGS_MODULE} has DEBUG = True: timings would be meaningless.")
    call_command("migrate", verbosity=0, interactive=False)


# Content


def add_events(site, total):
    """Add events under the German event index until it holds ``total``.

    Position i in the index decides the kind, so every size has the same mix:
    odd positions are weekly series, even ones single dates (position 0 is
    build_site's "Deutsch-Café"). Like the query-count test in
    tests/events/test_occurrences.py, events are made with EventPageFactory
    and ``recurrence=deserialize(rule)``; they are published on creation.
    """
    from recurrence import deserialize

    from django.utils import timezone

    from events.factories import EventPageFactory
    from events.models import EventPage

    today = timezone.localdate()
    index = site.event_index  # the same instance throughout: treebeard counts its children
    for i in range(EventPage.objects.child_of(index).count(), total):
        kwargs = {
            # Half the events (of either kind) belong to the agency whose page
            # lists its next events.
            "agency": site.agency if i % 4 < 2 else None,
            # Spread over the day, including evenings (which matter for the
            # sunset rule of the Jewish holidays).
            "start_time": dt.time(10 + i % 10),
            "end_time": dt.time(11 + i % 10, 30),
        }
        if i % 2:
            n = i // 2  # n-th series
            start = today - dt.timedelta(days=n * 37 % SERIES_PAST_DAYS)
            rule = f"RRULE:FREQ=WEEKLY;BYDAY={WEEKDAYS[start.weekday()]}"
            if n % 2:  # every other series ends a year ahead, the rest are open-ended
                until = today + dt.timedelta(days=365)
                rule += f";UNTIL={until:%Y%m%d}T215959Z"
            # Half the series skip holidays, the costliest path of the engine.
            skip = n % 4 < 2
            kwargs.update(
                title=f"Wöchentliche Gruppe {n}",
                start_date=start,
                recurrence=deserialize(rule),
                skip_public_holidays=skip,
                skip_jewish_holidays=skip,
            )
        else:
            n = i // 2
            kwargs.update(
                title=f"Einzeltermin {n}",
                # 7 and 90 are coprime: consecutive events land on all 90 days.
                start_date=today + dt.timedelta(days=n * 7 % ONE_OFF_DAYS),
                recurrence="",
            )
        EventPageFactory(parent=index, slug=f"bench-{i}", **kwargs)


def event_counts(site):
    from events.models import EventPage

    events = EventPage.objects.child_of(site.event_index)
    return events.count(), events.filter(recurrence__gt="").count()


def pages_to_measure(site):
    """(name, URL) of every page and feed that shows events."""
    from django.utils import timezone

    from events.models import EventPage

    index = site.event_index
    # The first series (position 1): open-ended, skips holidays, present at every N.
    series = EventPage.objects.child_of(index).get(slug="bench-1")
    month = timezone.localdate().strftime("%Y-%m")
    return [
        ("home", site.home.url),
        ("calendar list", index.url + index.reverse_subpage("upcoming")),
        ("calendar month", index.url + index.reverse_subpage("month") + f"?monat={month}"),
        ("calendar archive", index.url + index.reverse_subpage("archive")),
        ("recurring event", series.url),
        ("agency", site.agency.url),
        ("iCal feed", index.feed_url()),
        ("iCal feed, agency", index.feed_url() + f"?agentur={site.agency.slug}"),
        ("iCal event", series.feed_url()),
        ("RSS upcoming", index.url + index.reverse_subpage("rss")),
        ("RSS changes", index.url + index.reverse_subpage("changes_rss")),
    ]


# Measuring


def percentile(samples, fraction):
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"GET {url} returned {response.status_code}, expected 200.")
    return response


def measure(client, url, repeat):
    """Median and p95 of ``repeat`` timed renders in ms, the query count and
    the size of the page in KB."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Warm up first: template loading, Wagtail's cached site root paths and
    # lazy imports would otherwise land in the first sample.
    get(client, url)
    # Counted in a render of its own: capturing queries slows them down.
    with CaptureQueriesContext(connection) as queries:
        size = len(get(client, url).content) / 1024
    # Read now: every request clears the connection's query log (Django's
    # reset_queries on request_started), which would leave ``queries`` empty.
    query_count = len(queries)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        get(client, url)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.95), query_count, size


# Reporting


def header(args):
    import django
    from django.conf import settings
    from django.db import connection

    import wagtail

    if connection.vendor == "postgresql":
        version = connection.pg_version  # e.g. 150004 for 15.4
        db_version = f"{version // 10000}.{version % 10000}"
    else:
        db_version = connection.Database.sqlite_version
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    database_name = settings.DATABASES["default"]["NAME"]
    now = dt.datetime.now().astimezone()
    return [
        "Calendar benchmark",
        f"Date:     {now:%Y-%m-%d %H:%M %Z}",
        f"Python:   {platform.python_version()}   Django: {django.get_version()}   "
        f"Wagtail: {wagtail.__version__}",
        f"Database: {connection.display_name} {db_version} (scratch: {database_name})",
        f"Settings: {SETTINGS_MODULE} (DEBUG={settings.DEBUG}, cache: {cache})",
        f"Method:   django.test.Client, 1 warm-up, {args.repeat} timed renders per page, "
        "queries and KB (HTML size) from one more render",
    ]


def table(rows):
    columns = ["view", "URL", "median ms", "p95 ms", "queries", "KB"]
    cells = [
        [name, url, f"{median:.1f}", f"{p95:.1f}", str(queries), f"{size:.0f}"]
        for name, url, median, p95, queries, size in rows
    ]
    widths = [max(len(row[i]) for row in [columns, *cells]) for i in range(len(columns))]
    lines = []
    for row in [columns, *cells]:
        left = [row[i].ljust(widths[i]) for i in range(2)]
        right = [row[i].rjust(widths[i]) for i in range(2, len(columns))]
        lines.append("  ".join(left + right).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def summary(results):
    """Whether each page's query count is the same at every N, and how its
    median time grew from the smallest to the largest N. (With a tiny N a
    count can be one lower: Django skips a prefetch when a window holds no
    event at all.)"""
    sizes = list(results)
    names = [row[0] for row in results[sizes[0]]]
    by_name = {name: [] for name in names}
    for size in sizes:
        for name, _url, median, _p95, queries, _size in results[size]:
            by_name[name].append((median, queries))
    grew = {
        name: [q for _m, q in values]
        for name, values in by_name.items()
        if len({q for _m, q in values}) > 1
    }
    label = ", ".join(str(size) for size in sizes)
    if grew:
        detail = "; ".join(f"{name} {' -> '.join(map(str, q))}" for name, q in grew.items())
        lines = [f"Query counts across N = {label}: NOT identical ({detail})"]
    else:
        lines = [f"Query counts across N = {label}: identical for all {len(names)} views"]
    if len(sizes) > 1:
        lines.append(f"Median time, N = {sizes[0]} -> N = {sizes[-1]}:")
        for name, values in by_name.items():
            first, last = values[0][0], values[-1][0]
            lines.append(f"  {name:<18} {first:8.1f} ms -> {last:8.1f} ms  (x{last / first:.1f})")
    return lines


def run(args, database_url):
    started = time.perf_counter()
    setup_django(database_url)
    log(f"Migrated the scratch database in {time.perf_counter() - started:.1f} s.")

    from django.test import Client

    from events.store import store_all
    from tests.utils import build_site, translate_site

    site = build_site()
    translate_site(site)
    client = Client(HTTP_HOST=site.home.get_site().hostname, raise_request_exception=False)

    print("\n".join(header(args)))
    results = {}
    for size in args.events:
        started = time.perf_counter()
        before = event_counts(site)[0]
        add_events(site, size)
        created = time.perf_counter() - started
        # As the nightly job would (the events were made without publishing).
        stored_events, stored_rows = store_all()
        log(f"N={size}: stored {stored_rows} dates of {stored_events} events.")
        total, recurring = event_counts(site)
        log(f"N={size}: added {total - before} events in {created:.1f} s, measuring ...")
        rows = [
            (name, url, *measure(client, url, args.repeat)) for name, url in pages_to_measure(site)
        ]
        results[size] = rows
        print()
        print(
            f"N = {total} events under {site.event_index.url} ({recurring} weekly series, "
            f"{total - recurring} single-date events; {total - before} added in {created:.1f} s)"
        )
        print("\n".join(table(rows)))
    print()
    print("\n".join(summary(results)))


def main():
    args = parse_args()
    # Keep the report and the progress lines on stderr in order when both
    # go to one pipe (make bench 2>&1 | tee ...).
    sys.stdout.reconfigure(line_buffering=True)
    started = time.perf_counter()
    with scratch_database() as database_url:
        run(args, database_url)
    print(f"\nTotal time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
