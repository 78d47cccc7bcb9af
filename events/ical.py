"""iCalendar feeds (RFC 5545, RFC 7986) built from the occurrence engine, so a
subscribed calendar shows what the calendar page shows.

Each event series is one VEVENT: DTSTART in the site's wall-clock time
(settings.TIME_ZONE, Europe/Berlin) with the series' RRULEs, cancelled and
holiday-skipped dates as EXDATEs, and moved dates and dates with a note as
RECURRENCE-ID overrides. Clients expand the rules themselves in the event's
time zone, which keeps 18:00 at 18:00 across daylight-saving changes, as the
site does.
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vRecur,
    vText,
)
from recurrence import serialize

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_noop

from wagtail.models import ModelLogEntry, PageLogEntry

from site_core.i18n import localize
from site_core.page_unpublishing import LOG_ACTION as UNPUBLISHED_WITH_SOURCE

from .occurrences import (
    TZ,
    event_occurrences,
    local_date,
    local_rule,
    times_on,
    usable_rules,
)

PRODID = "-//Juedische Gemeinde Duisburg-Muelheim/Ruhr-Oberhausen//Integrationsagenturen//DE"
# Subscribed calendars identify an event by its UID: derived from the
# translation key, it is the same in German and Russian and survives edits.
UID_FORMAT = "event-{key}@integrationsagenturen"
FEED_FILENAME = "feed.ics"
NEVER_PUBLISHED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
REFRESH_INTERVAL = dt.timedelta(hours=6)
# Open-ended series are written out this far: exceptions (holiday skips,
# cancellations) further ahead are not known to clients yet.
HORIZON = dt.timedelta(days=2 * 366)
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


@dataclass
class FeedContext:
    """What every VEVENT of a feed needs besides its event."""

    request: object
    today: dt.date
    agencies: dict
    focus_areas: dict

    @classmethod
    def for_events(cls, events, request, locale):
        agencies = [event.agency for event in events if event.agency_id]
        links = [link for event in events for link in event.focus_area_links.all()]
        return cls(
            request=request,
            today=timezone.localdate(),
            agencies=dict(zip([a.pk for a in agencies], localize(agencies, locale), strict=True)),
            focus_areas=dict(
                zip(
                    [link.pk for link in links],
                    localize([link.focus_area for link in links], locale),
                    strict=True,
                )
            ),
        )


def _ical_times(start, end, all_day):
    """DTSTART and DTEND values: aware Berlin datetimes, or dates with an
    exclusive end for all-day events."""
    if all_day:
        return start.date(), end.date()
    return start, end


def _when(event, date):
    return _ical_times(*times_on(event, date))


def _rrule(rule, event):
    """A django-recurrence rule as an RRULE; UNTIL as the UTC instant of the
    last possible start (RFC 5545 requires UTC when DTSTART has a TZID)."""
    value = vRecur.from_ical(serialize(rule).split(":", 1)[1])
    if rule.until is not None:
        until = local_date(rule.until)
        if event.all_day:
            value["UNTIL"] = until
        else:
            last_start = dt.datetime.combine(until, event.start_time, TZ)
            value["UNTIL"] = last_start.astimezone(dt.UTC)
    return value


def _nominal_duration(event):
    """The length of a multi-day event as whole days plus a time, so that
    clients add the days in local time."""
    days = (event.last_date - event.start_date).days
    seconds = (
        dt.datetime.combine(event.start_date, event.end_time)
        - dt.datetime.combine(event.start_date, event.start_time)
    ).total_seconds()
    if seconds < 0:
        days, seconds = days - 1, seconds + 24 * 3600
    return dt.timedelta(days=days, seconds=seconds)


def _occurrence_times(occurrence):
    return _ical_times(occurrence.start, occurrence.end, occurrence.all_day)


def _describe(event, url, *extra):
    parts = [*extra, event.introduction, url]
    return "\n\n".join(part for part in parts if part)


def _common(vevent, event, context, url):
    vevent.add("uid", UID_FORMAT.format(key=event.translation_key))
    # Never "now": the feed's bytes (and so its ETag) must not change
    # between two requests. Pages made outside the publishing flow (imports,
    # tests) have no publication date and get a fixed one.
    published = event.last_published_at or event.latest_revision_created_at or NEVER_PUBLISHED
    vevent.add("dtstamp", published)
    vevent.add("last-modified", published)
    vevent.add("sequence", event.live_revision_id or 0)
    vevent.add("summary", event.title)
    vevent.add("url", url)
    vevent.add("status", "CONFIRMED")


def _place(vevent, location):
    if location is None:
        return
    vevent.add("location", location.one_line)
    if location.latitude is not None and location.longitude is not None:
        vevent.add("geo", (float(location.latitude), float(location.longitude)))


def _add_times(vevent, start, end):
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)


def _feed_window(event, context):
    """The days the feed writes out: from the first date, or earlier if a
    date was moved before it, to the horizon (or the event's last day)."""
    moved_to = [c.new_date for c in event.date_changes.all() if c.action == "move" and c.new_date]
    first = min([event.start_date, *moved_to])
    return first, max(context.today + HORIZON, event.last_date)


def _rule_dates(event, rules, first, last):
    """The dates ``rules`` give from ``first`` to ``last``, without DTSTART,
    each rule expanded once."""
    dtstart = dt.datetime.combine(event.start_date, dt.time.min)
    since, until = (dt.datetime.combine(day, dt.time.min) for day in (first, last))
    return {
        value.date()
        for rule in rules
        for value in local_rule(rule, dtstart).between(since, until, inc=True)
    }


@dataclass(frozen=True)
class SeriesDates:
    """The RDATEs and EXDATEs of a series, from one expansion of its rules
    over the feed's window (the engine's ``schedule()`` in parts: DTSTART,
    RRULEs and RDATEs, less EXDATEs and EXRULEs)."""

    rdates: list
    exdates: list

    @classmethod
    def of(cls, event, rules, occurrences, window):
        recurrence = event.recurrence
        ruled = _rule_dates(event, rules, *window)
        rdates = {local_date(value) for value in recurrence.rdates}
        given = ruled | {event.start_date} | {d for d in rdates if window[0] <= d <= window[1]}
        if rules and event.start_date not in ruled:
            # RFC 5545 leaves a DTSTART its rule does not give undefined, and
            # ical.js drops it; the site counts the first date, so say so.
            rdates.add(event.start_date)
        # Dates the rules give that the site does not show (EXDATE, EXRULE),
        # and cancelled or holiday-skipped ones.
        left_out = {local_date(value) for value in recurrence.exdates}
        left_out |= _rule_dates(event, usable_rules(recurrence.exrules, event.start_date), *window)
        excluded = (given & left_out) | {o.original_date for o in occurrences if o.is_cancelled}
        return cls(rdates=sorted(rdates), exdates=sorted(excluded))


def _master(event, context, url):
    """The VEVENT of the event itself, before its dates."""
    master = Event()
    _common(master, event, context, url)
    categories = []
    if event.agency_id:
        categories.append(context.agencies[event.agency_id].title)
    categories += [context.focus_areas[link.pk].title for link in event.focus_area_links.all()]
    if categories:
        master.add("categories", categories)
    if event.contact_person and event.contact_person.email:
        master.add(
            "organizer",
            f"mailto:{event.contact_person.email}",
            parameters={"CN": event.contact_person.name},
        )
    return master


def _add_single_date(master, event, url, occurrence):
    """One date: a change to it changes the event itself."""
    _add_times(master, *_occurrence_times(occurrence))
    _place(master, occurrence.location)
    notes = [occurrence.note]
    if occurrence.is_cancelled:
        master["status"] = "CANCELLED"
        label = str(occurrence.status_label)  # lazy: str() before joining
        notes.insert(0, ": ".join(filter(None, [label, occurrence.reason])))
    elif occurrence.is_moved:
        notes.insert(0, occurrence.reason)
    master.add("description", _describe(event, url, *filter(None, notes)))


def _add_series(master, event, url, rules, dates):
    """The series: the first date's times, RRULEs, RDATEs and EXDATEs."""
    start, end = _when(event, event.start_date)
    master.add("dtstart", start)
    if end is not None:
        if event.all_day or event.last_date == event.start_date:
            master.add("dtend", end)
        else:
            # Over several days with times: a DURATION in days keeps the end's
            # wall-clock time on every date. ical.js applies a DTEND's exact
            # length to each date, an hour off when the first date spans a
            # change of clocks.
            master.add("duration", _nominal_duration(event))
    _place(master, event.location)
    master.add("description", _describe(event, url))
    for rule in rules:
        master.add("rrule", _rrule(rule, event))
    if dates.rdates:
        master.add("rdate", [_when(event, date)[0] for date in dates.rdates])
    if dates.exdates:
        master.add("exdate", [_when(event, date)[0] for date in dates.exdates])


def _override(event, context, url, occurrence):
    """A RECURRENCE-ID VEVENT for a moved date or a date with a note."""
    override = Event()
    _common(override, event, context, url)
    override.add("recurrence-id", _when(event, occurrence.original_date)[0])
    _add_times(override, *_occurrence_times(occurrence))
    _place(override, occurrence.location)
    notes = filter(None, [occurrence.reason, occurrence.note])
    override.add("description", _describe(event, url, *notes))
    return override


def event_components(event, context):
    """The VEVENTs of one event: the series, and an override per moved date
    or date with a note. The engine expands the schedule once (the
    occurrences), and the feed its rules once (``SeriesDates``)."""
    url = event.get_full_url(context.request)
    recurrence = event.recurrence
    rules = usable_rules(recurrence.rrules, event.start_date) if recurrence else []
    window = _feed_window(event, context)
    occurrences = event_occurrences(event, *window)
    master = _master(event, context, url)
    if not (rules or (recurrence and recurrence.rdates)):
        _add_single_date(master, event, url, occurrences[0])
        return [master]
    _add_series(master, event, url, rules, SeriesDates.of(event, rules, occurrences, window))
    overrides = [
        _override(event, context, url, occurrence)
        for occurrence in occurrences
        if not occurrence.is_cancelled and (occurrence.is_moved or occurrence.note)
    ]
    return [master, *overrides]


def build_calendar(events, *, name, description, url, request, locale):
    """A VCALENDAR of ``events`` (a list, prefetched as ``live_events`` does)."""
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
    context = FeedContext.for_events(events, request, locale)
    for event in events:
        for component in event_components(event, context):
            cal.add_component(component)
    return cal


def calendar_response(request, cal, *, filename, last_modified=None):
    """The feed as text/calendar with a strong ETag (a hash of the body) and
    Last-Modified, answering conditional GETs with 304."""
    # RFC 5545 allows no control characters in text but tab; icalendar
    # writes them as they are (a title pasted from Word holds U+000B). Line
    # breaks are escaped already, so CR LF is only ever a line end.
    body = ICAL_CONTROL_CHARACTERS.sub(b" ", cal.to_ical())
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    last_modified_ts = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified_ts)
    if response is None:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8; method=PUBLISH")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified_ts)
    return response


def feed_last_modified():
    """When any feed may last have changed: the newest admin action that
    changed what visitors see on any page (a publish, an unpublish, a
    deletion: the log has them all, where the events' own dates would miss
    a removed event) or any snippet (no snippet here has drafts: each save
    is public), and no earlier than today, as open-ended series reach a day
    further each day. Drafts, workflow steps and locks are left out: a feed
    reader would fetch everything again, and the feed would tell that a
    page is being edited."""
    public = PageLogEntry.objects.filter(action__in=PUBLIC_PAGE_ACTIONS)
    latest = [
        public.aggregate(latest=Max("timestamp"))["latest"],
        ModelLogEntry.objects.aggregate(latest=Max("timestamp"))["latest"],
        dt.datetime.combine(timezone.localdate(), dt.time.min, TZ),
    ]
    return max(value for value in latest if value is not None)
