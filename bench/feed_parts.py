"""Benchmark the main iCalendar feed from stored parts against the full
build it replaced and against a plain page (Impressum), at N events.

    .venv/bin/python -m bench.feed_parts [--events 1000] [--repeat 5]

In-process (django.test.Client, test settings, page cache off) in a scratch
database (bench.calendar_views.scratch_database). "full build" is the code
the feed ran before stored parts (events.ical.build_calendar over every
event on each request), run through the same view.
"""

import argparse
import statistics
import time

from .calendar_views import add_events, log, scratch_database, setup_django


def timed(action, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


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
    rows = [("plain page (Impressum)", timed(lambda: get(plain), args.repeat))]
    new_serve = calendar_views.serve_feed
    calendar_views.serve_feed = full_build_feed
    rows.append(("feed, full build (before)", timed(lambda: get(feed), args.repeat)))
    calendar_views.serve_feed = new_serve

    def cold():
        StoredFeedPart.objects.all().delete()
        get(feed)

    rows.append(("feed, cold: every part rendered", timed(cold, args.repeat)))
    rows.append(("feed, every part stored", timed(lambda: get(feed), args.repeat)))
    etag = get(feed)["ETag"]
    rows.append(("feed, If-None-Match: 304", timed(lambda: get(feed, HTTP_IF_NONE_MATCH=etag), 20)))
    event = EventPage.objects.child_of(site.event_index).last()

    def publish_one():
        page = EventPage.objects.get(pk=event.pk)
        page.title = f"{page.title}!"
        page.save_revision().publish()  # re-renders its part (on_commit: now)

    rows.append(("publish one event (incl. its part)", timed(publish_one, args.repeat)))

    def one_changed():
        drop_parts([event.pk])  # stale: the feed renders it on the fly
        get(feed)

    rows.append(("feed after one event changed", timed(one_changed, args.repeat)))
    size = len(get(feed).content) / 1024
    print(f"N = {EventPage.objects.count()} events, main feed {size:.0f} KB, median of runs:")
    plain_ms = rows[0][1]
    for name, ms in rows:
        print(f"  {name:40} {ms:8.1f} ms  {ms / plain_ms:5.1f} x plain")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with scratch_database() as database_url:
        log(f"Building {args.events} events ...")
        run(args, database_url)


if __name__ == "__main__":
    main()
