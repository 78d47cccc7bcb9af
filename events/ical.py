"""iCalendar feeds (RFC 5545, RFC 7986) built from the occurrence engine, so a
subscribed calendar shows what the calendar page shows.

Each event series is one VEVENT: DTSTART in the site's wall-clock time
(settings.TIME_ZONE, Europe/Berlin) with the series' RRULEs, cancelled and
holiday-skipped dates as EXDATEs, and moved dates and dates with a note as
RECURRENCE-ID overrides. Clients expand the rules themselves in the event's
time zone, which keeps 18:00 at 18:00 across daylight-saving changes, as the
site does. This module writes the VCALENDAR and serves it; ``events.vevents``
the VEVENTs of each event.
"""

import datetime as dt
import functools
import hashlib
import re

from icalendar import (
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vText,
)

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_noop

from wagtail.models import ModelLogEntry, PageLogEntry

from site_core.page_unpublishing import LOG_ACTION as UNPUBLISHED_WITH_SOURCE

from .recurrence_rules import TZ
from .vevents import FeedContext, event_components

PRODID = "-//Juedische Gemeinde Duisburg-Muelheim/Ruhr-Oberhausen//Integrationsagenturen//DE"
FEED_FILENAME = "feed.ics"
REFRESH_INTERVAL = dt.timedelta(hours=6)
# The page actions of Wagtail's log (wagtail/wagtail_hooks.py), of
# wagtail-localize's and of this site's that change live pages (events.sync
# publishes with "wagtail.publish"); "wagtail.edit", "wagtail.create",
# "wagtail.revert" and "wagtail.publish.schedule" only save or plan a draft.
# ".scheduled" is logged when a scheduled publish or expiry happens.
PUBLIC_PAGE_ACTIONS = [
    "wagtail.publish",
    "wagtail.publish.scheduled",
    "wagtail.unpublish",
    "wagtail.unpublish.scheduled",
    UNPUBLISHED_WITH_SOURCE,
    "wagtail.delete",
    "wagtail.move",
    "wagtail.rename",
    "wagtail.copy",
    "wagtail.create_alias",
    "wagtail.convert_alias",
    "wagtail_localize.convert_to_alias",
    "wagtail.view_restriction.create",
    "wagtail.view_restriction.edit",
    "wagtail.view_restriction.delete",
]
ICAL_CONTROL_CHARACTERS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CALENDAR_END = b"END:VCALENDAR\r\n"
FEED_DESCRIPTION = gettext_noop(
    "Termine der Integrationsagenturen der Jüdischen Gemeinde Duisburg-Mülheim/Ruhr-Oberhausen"
)


# The summer-time rules of Europe/Berlin since 1996, as the tz database
# writes them ("Rule EU", file "europe"; EU directive 2000/84/EC): clocks go
# forward at 01:00 UTC on the last Sunday in March and back at 01:00 UTC on
# the last Sunday in October. Here in local time, as VTIMEZONE wants them:
# 02:00 CET becomes 03:00 CEST, 03:00 CEST becomes 02:00 CET. They hold for
# settings.TIME_ZONE as long as that is Europe/Berlin (or a zone of the same
# rules); another zone needs its own.
SUMMER_TIME_RULES = [
    (TimezoneDaylight, "CEST", 1, 2, dt.datetime(1970, 3, 29, 2), 3),
    (TimezoneStandard, "CET", 2, 1, dt.datetime(1970, 10, 25, 3), 10),
]


def site_timezone():
    """The site's time zone as the compact VTIMEZONE every client
    understands: one STANDARD and one DAYLIGHT block with yearly rules and no
    end. (icalendar's generated form, with RDATE lists and an end date, is
    misread by Outlook, and ical.js shifts dates after its last transition.)"""
    tz = Timezone()
    tz.add("tzid", settings.TIME_ZONE)
    tz.add("x-lic-location", settings.TIME_ZONE)
    for component_class, name, offset_from, offset_to, start, month in SUMMER_TIME_RULES:
        component = component_class()
        component.add("tzname", name)
        component.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        component.add("tzoffsetto", dt.timedelta(hours=offset_to))
        component.add("dtstart", start)
        component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(component)
    return tz


def calendar_header(*, name, description, url):
    """The VCALENDAR's own properties and its time zone, without events."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # icalendar 7.3 writes these unescaped unless they are vText already.
    for key in ("name", "x-wr-calname"):
        cal.add(key, vText(name))
    for key in ("description", "x-wr-caldesc"):
        cal.add(key, vText(description))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    cal.add("source", url, parameters={"VALUE": "URI"})
    cal.add("url", url)
    cal.add_component(site_timezone())
    return cal


def header_bytes(cal):
    """``cal`` serialized without its END line, for events to follow: a
    component's events come after its properties and other components
    (icalendar sorts properties, never components)."""
    return cal.to_ical().removesuffix(CALENDAR_END)


# Per process: a feed's header depends only on these three strings and on
# constants; a few hundred feeds (filter combinations) are a few hundred KB.
@functools.lru_cache(maxsize=256)
def feed_header(name, description, url):
    """The bytes of ``calendar_header`` up to its events, cleaned of
    control characters (an editor's title names the feed)."""
    return clean_ical(header_bytes(calendar_header(name=name, description=description, url=url)))


def build_calendar(events, *, name, description, url, request, locale):
    """A VCALENDAR of ``events`` (a list, prefetched as ``live_events`` does)."""
    cal = calendar_header(name=name, description=description, url=url)
    # The former schedules of series that changed from a date on
    # (events.series_parts), in one query rather than one per event.
    prefetch_related_objects(events, "past_schedules__location")
    context = FeedContext.for_events(events, request, locale)
    for event in events:
        for component in event_components(event, context):
            cal.add_component(component)
    return cal


def clean_ical(body):
    """RFC 5545 allows no control characters in text but tab; icalendar
    writes them as they are (a title pasted from Word holds U+000B). Line
    breaks are escaped already, so CR LF is only ever a line end."""
    return ICAL_CONTROL_CHARACTERS.sub(b" ", body)


def ical_response(request, *, etag, body, filename, last_modified=None):
    """A calendar as text/calendar with a strong ETag and Last-Modified,
    answering conditional GETs with 304; ``body`` (a callable giving the
    bytes) is only called for a full answer. ``etag`` is a string, or a
    callable asked before and again after ``body`` (whose bytes may turn
    out to be newer than the ETag first read: events.feed_parts)."""
    etag_of = etag if callable(etag) else lambda: etag
    etag = quote_etag(etag_of())
    last_modified_ts = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified_ts)
    if response is None:
        response = HttpResponse(body(), content_type="text/calendar; charset=utf-8; method=PUBLISH")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        etag = quote_etag(etag_of())
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified_ts)
    return response


def calendar_response(request, cal, *, filename, last_modified=None):
    """``cal`` served by ``ical_response`` with a hash of the body as ETag."""
    body = clean_ical(cal.to_ical())
    etag = hashlib.sha256(body).hexdigest()[:32]
    return ical_response(
        request, etag=etag, body=lambda: body, filename=filename, last_modified=last_modified
    )


def feed_last_modified():
    """When any feed may last have changed: the newest admin action that
    changed what visitors see on any page (a publish, an unpublish, a
    deletion: the log has them all, where the events' own dates would miss
    a removed event) or any snippet (no snippet here has drafts: each save
    is public), and no earlier than today, as open-ended series reach a day
    further each day. Drafts, workflow steps and locks are left out: a feed
    reader would fetch everything again, and the feed would tell that a
    page is being edited."""
    latest = [
        _newest(PageLogEntry, lambda: PageLogEntry.objects.filter(action__in=PUBLIC_PAGE_ACTIONS)),
        _newest(ModelLogEntry, lambda: ModelLogEntry.objects.all()),
        dt.datetime.combine(timezone.localdate(), dt.time.min, TZ),
    ]
    return max(value for value in latest if value is not None)


def _newest(model, entries):
    """The time of the newest of ``entries()`` (log entries of ``model``),
    by a query compiled once per process: every feed miss asks, and
    compiling the query cost more than reading the log's timestamp index
    backwards."""
    # Here, not above: events.models imports this module.
    from .models.compiled import run

    key = ("newest log entry", model.objects.db, model._meta.label)
    rows = run(key, lambda: entries().order_by("-timestamp").values_list("timestamp")[:1])
    return rows[0][0] if rows else None
