"""Benchmark the main iCalendar feed from stored parts against the full
build it replaced and against a plain page (Impressum), at N events.

    .venv/bin/python -m bench.feed_parts [--events 1000] [--repeat 5] [--profile 25]

In-process (django.test.Client, test settings, page cache off) in a scratch
database (bench.calendar_views.scratch_database). "full build" is the code
the feed ran before stored parts (events.ical.build_calendar over every
event on each request), run through the same view.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import time

from .calendar_views import add_events, log, scratch_database, setup_django


def timed(action, repeat, setup=None, plain=None, plain_samples=None):
    """The median of ``repeat`` runs of ``action``, in ms; ``setup`` runs
    before each, untimed; ``plain`` (the plain page) runs after each, its
    times added to ``plain_samples``, so that the reference is taken
    throughout the run, under the same load of a shared machine."""
    samples = []
    for _ in range(repeat):
        if setup:
            setup()
        for run, into in ((action, samples), (plain, plain_samples)):
            if run:
                start = time.perf_counter()
                run()
                into.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def profile(action, top):
    """cProfile of one run of ``action``: the top entries by own time."""
    profiler = cProfile.Profile()
    profiler.runcall(action)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def full_build_feed(page, request, events, *, name, description):
    """The feed view as it was before stored parts."""
    from events.ical import build_calendar, calendar_response, feed_last_modified

    cal = build_calendar(
        list(events.for_feed()),
        name=name,
        description=description,
        url=page.get_full_url(request),
        request=request,
        locale=page.locale,
    )
    return calendar_response(
        request, cal, filename=f"{page.slug}.ics", last_modified=feed_last_modified()
    )


def run(args, database_url):
    setup_django(database_url)
    from django.test import Client

    from events.feed_part_signals import drop_parts
    from events.models import EventPage, StoredFeedPart
    from events.views import calendar as calendar_views
    from tests.utils import build_site

    site = build_site()
    add_events(site, args.events)
    client = Client()
    feed = site.event_index.feed_url()
    plain = site.standard.url

    def get(url, **headers):
        response = client.get(url, **headers)
        assert response.status_code in (200, 304), (url, response.status_code)
        return response

    get(plain), get(feed)  # warm up: imports, site root paths, the parts
    rows, plain_samples = [], []

    def measure(name, action, repeat=args.repeat, setup=None):
        rows.append((name, timed(action, repeat, setup, lambda: get(plain), plain_samples)))

    measure("plain page (Impressum), own row", lambda: get(plain), repeat=max(args.repeat, 15))
    new_serve = calendar_views.serve_feed
    calendar_views.serve_feed = full_build_feed
    measure("feed, full build (before parts)", lambda: get(feed))
    calendar_views.serve_feed = new_serve

    def nothing_stored():
        StoredFeedPart.objects.all().delete()

    measure("feed, nothing stored yet (first deploy)", lambda: get(feed), setup=nothing_stored)
    # With the page cache off every request is a miss: this is the feed
    # after a change shown everywhere (a new page-cache generation), whose
    # parts stay stored.
    measure("feed, cold: page-cache miss, parts stored", lambda: get(feed), max(args.repeat, 15))
    etag = get(feed)["ETag"]
    measure("feed, If-None-Match: 304", lambda: get(feed, HTTP_IF_NONE_MATCH=etag), 20)
    event = EventPage.objects.child_of(site.event_index).last()

    def publish_one():
        page = EventPage.objects.get(pk=event.pk)
        page.title = f"{page.title}!"
        # Autocommit: the publish's on_commit re-renders its part now.
        page.save_revision().publish()

    measure("publish one event (incl. its part)", publish_one, max(args.repeat, 15))
    measure("feed after one event published", lambda: get(feed), max(args.repeat, 15), publish_one)
    measure(
        "feed, one part missing (rendered inline)",
        lambda: get(feed),
        setup=lambda: drop_parts([event.pk]),
    )
    size = len(get(feed).content) / 1024
    plain_ms = statistics.median(plain_samples)
    print(f"N = {EventPage.objects.count()} events, main feed {size:.0f} KB, medians of runs;")
    print(f"x plain: against the plain page timed after every run ({len(plain_samples)} times):")
    print(f"  {'plain page (Impressum), all samples':42} {plain_ms:8.1f} ms  {1:5.1f} x plain")
    for name, ms in rows:
        print(f"  {name:42} {ms:8.1f} ms  {ms / plain_ms:5.1f} x plain")
    if args.profile:
        print(f"\nProfile of one cold feed request (top {args.profile} by own time):")
        print(profile(lambda: get(feed), args.profile))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print a cProfile's top N entries"
    )
    args = parser.parse_args()
    with scratch_database() as database_url:
        log(f"Building {args.events} events ...")
        run(args, database_url)


if __name__ == "__main__":
    main()
