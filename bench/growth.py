"""The growth table (issue 19): what a page-cache miss costs as the
calendar grows, against this site's plain page and a bare Wagtail page.

    .venv/bin/python -m bench.growth [--events 10 100 1000 5000] [--repeat 9]

For each N (events under the German calendar, half weekly series, as
bench.calendar_views makes them): each view's median time of a page-cache
miss, its bytes and SQL queries; the main feed cold (after a change shown
on every page: a new generation, so its fragments are cold too) and after
one event changed (a publish, as the editors make it); each as a ratio to
the plain page (the Impressum: routing, menu, footer and language links,
nothing else) in the same run. Then the plain page against a bare
``wagtail start`` project's home page, made in a temporary folder and
measured the same way in a process of its own.

A miss is what a visitor gets after a publish: the page cache is on (and
with it the fragments, site_core.cache.fragments), and before each sample
the address's route entry is deleted, so the request renders through the
middleware's miss path. In-process (django.test.Client, no network, DEBUG
off, scratch SQLite), for both sites: the ratios compare the work, not a
server's latency.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.calendar_views import add_events, event_counts, log, scratch_database, setup_django

REPO_ROOT = Path(__file__).resolve().parent.parent
WAGTAIL = Path(sys.executable).parent / "wagtail"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=9, help="timed misses per view")
    args = parser.parse_args()
    args.events = sorted(set(args.events))
    return args


# This site


def views(site):
    index = site.event_index
    return {
        "plain page": site.standard.url,
        "home": site.home.url,
        "calendar list": index.url,
        "calendar month": index.url + index.reverse_subpage("month"),
        "event page": site.event.url,
        "main feed": index.feed_url(),
    }


class Misses:
    """Requests that miss the page cache, as after a publish."""

    def __init__(self, host):
        from django.test import Client, RequestFactory

        self.client = Client(HTTP_HOST=host, raise_request_exception=False)
        self.factory = RequestFactory(HTTP_HOST=host)

    def forget(self, url):
        from django.utils import translation

        from site_core import cache_keys
        from site_core.cache.state import page_cache

        language = translation.get_language_from_path(url)
        page_cache().delete(cache_keys.route_key(language, self.factory.get(url)))

    def get(self, url):
        self.forget(url)
        started = time.perf_counter()
        response = self.client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"GET {url} returned {response.status_code}")
        return elapsed, response

    def measure(self, url, repeat):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.get(url)  # warm-up: templates, fragments, Wagtail's site root paths
        with CaptureQueriesContext(connection) as queries:
            _elapsed, response = self.get(url)
        count = len(queries)
        samples = [self.get(url)[0] for _ in range(repeat)]
        return statistics.median(samples), len(response.content), count


def feed_after_changes(misses, site, url, repeat):
    """The main feed's first render after a new generation (cold), and
    after one event was published again (the calendar's version changed)."""
    from site_core.cache import invalidate

    cold, changed = [], []
    event = site.event
    for i in range(max(3, repeat // 3)):
        invalidate(None)
        cold.append(misses.get(url)[0])
        revision = event.get_latest_revision_as_object()
        revision.title = f"Deutsch-Café {i}"
        revision.save_revision().publish()
        changed.append(misses.get(url)[0])
    return statistics.median(cold), statistics.median(changed)


def measure_site(args, database_url):
    setup_django(database_url)
    from django.test import override_settings

    from events.store import store_all
    from tests.utils import build_site, translate_site

    override_settings(PAGE_CACHE_TIMEOUT=3600).enable()
    site = build_site()
    translate_site(site)
    misses = Misses(site.home.get_site().hostname)
    results = {}
    for size in args.events:
        started = time.perf_counter()
        add_events(site, size)
        store_all()
        total, recurring = event_counts(site)
        log(f"N={total} ({recurring} series) in {time.perf_counter() - started:.0f} s, measuring")
        # A first render may store what it computed (the events' dates),
        # which invalidates: once for every view before measuring any.
        for url in views(site).values():
            misses.get(url)
        rows = {name: misses.measure(url, args.repeat) for name, url in views(site).items()}
        cold, changed = feed_after_changes(misses, site, views(site)["main feed"], args.repeat)
        rows["feed cold"] = (cold, 0, 0)
        rows["feed, 1 changed"] = (changed, 0, 0)
        results[total] = rows
        # Also as it comes, in case a larger N does not finish.
        log(json.dumps({total: rows}))
    return results


# The bare Wagtail starter

STARTER_SETTINGS = """
from starter.settings.dev import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["*"]
"""

STARTER_MEASURE = """
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
assert response.status_code == 200, response.status_code
samples = []
for _ in range(int(sys.argv[1])):
    started = time.perf_counter()
    client.get("/")
    samples.append((time.perf_counter() - started) * 1000)
print(json.dumps([statistics.median(samples), len(response.content), len(queries)]))
"""


def measure_starter(repeat):
    """The home page of ``wagtail start starter``, in a process of its own."""
    with tempfile.TemporaryDirectory(prefix="wagtail-starter-") as folder:
        subprocess.run([str(WAGTAIL), "start", "starter", folder], check=True, capture_output=True)
        (Path(folder) / "starter" / "settings" / "bench.py").write_text(STARTER_SETTINGS)
        env = {"DJANGO_SETTINGS_MODULE": "starter.settings.bench", "PATH": "/usr/bin:/bin"}
        run = {"cwd": folder, "env": env, "check": True, "capture_output": True, "text": True}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)
        output = subprocess.run([sys.executable, "-c", STARTER_MEASURE, str(repeat)], **run)
        return json.loads(output.stdout.strip().splitlines()[-1])


# The report


def report(results, starter):
    sizes = list(results)
    names = list(results[sizes[0]])
    print("Growth table: median ms of a page-cache miss, bytes, queries; x = / plain page")
    print(f"{'view':<16}" + "".join(f"{'N=' + str(n):>28}" for n in sizes))
    for name in names:
        cells = []
        for n in sizes:
            median, size, queries = results[n][name]
            ratio = median / results[n]["plain page"][0]
            detail = f"{size / 1024:.0f}KB {queries}q" if size else ""
            cells.append(f"{median:7.1f} x{ratio:4.1f} {detail:>10}")
        print(f"{name:<16}" + "".join(f"{cell:>28}" for cell in cells))
    if len(sizes) > 1:
        first, last = sizes[-2], sizes[-1]
        growth = ", ".join(
            f"{name} x{results[last][name][0] / results[first][name][0]:.2f}" for name in names
        )
        print(f"Growth N={first} -> N={last}: {growth}")
    median, size, _queries = starter
    plain = [results[n]["plain page"][0] for n in sizes]
    print(
        f"Bare Wagtail starter home (wagtail start): {median:.1f} ms, {size / 1024:.0f}KB; "
        "plain page / starter: "
        + ", ".join(f"N={n} x{p / median:.1f}" for n, p in zip(sizes, plain, strict=True))
    )


def main():
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    started = time.perf_counter()
    log("The bare Wagtail starter …")
    starter = measure_starter(args.repeat)
    with scratch_database() as database_url:
        results = measure_site(args, database_url)
    report(results, starter)
    print(f"Total time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
