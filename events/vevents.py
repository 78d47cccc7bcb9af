"""The VEVENTs of one event in the iCalendar feeds (``events.ical``): the
series as one VEVENT with its RRULEs, RDATEs and EXDATEs, and a
RECURRENCE-ID override per moved date or date with a note. The dates are
the occurrence engine's; this module only writes them the way RFC 5545
clients (ical.js, recurring-ical-events, Google, Outlook) expand them.

A series that changed from a date on (``EventPage.schedule_from`` and its
former schedules) is split, one VEVENT per schedule: clients ignore
RANGE=THISANDFUTURE, but all of them end a series at its UNTIL and show a
new one from its DTSTART (``events.series_parts``).
"""

import datetime as dt
from dataclasses import dataclass

from icalendar import Event, vRecur
from recurrence import serialize

from django.utils import timezone

from site_core.i18n import localize

from .recurrence_rules import TZ, local_date, local_rule, usable_rules
from .schedule import event_occurrences, times_on

# UID_FORMAT: the series' UID, for the RSS feed and the tests.
from .series_parts import UID_FORMAT as UID_FORMAT
from .series_parts import series_parts

NEVER_PUBLISHED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# Open-ended series are written out this far: exceptions (holiday skips,
# cancellations) further ahead are not known to clients yet.
HORIZON = dt.timedelta(days=2 * 366)


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
    vevent.add("uid", event.uid)
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
    date was moved before it or an extra date (RDATE) is, to the horizon
    (or the event's last day)."""
    moved_to = [c.new_date for c in event.date_changes.all() if c.action == "move" and c.new_date]
    extra = [local_date(value) for value in event.recurrence.rdates] if event.recurrence else []
    first = min([event.start_date, *moved_to, *extra])
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
    (and of its exclusion rules, if any) over the feed's window: the parts of
    the engine's ``schedule()``, DTSTART, RRULEs and RDATEs less EXDATEs and
    EXRULEs, which the feed writes out one by one."""

    rdates: list
    exdates: list

    @classmethod
    def of(cls, event, rules, occurrences, window):
        recurrence = event.recurrence
        ruled = _rule_dates(event, rules, *window)
        rdates = {local_date(value) for value in recurrence.rdates}
        # What clients expand from DTSTART, RRULE and RDATE in the window.
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
    if event.related_to:
        # The series this part continues (RFC 5545 3.8.4.5).
        master.add("related-to", event.related_to, parameters={"RELTYPE": "SIBLING"})
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
    """The VEVENTs of one event: of each part of the series (one unless it
    changed from a date on), the series and an override per moved date or
    date with a note."""
    url = event.get_full_url(context.request)
    return [
        component
        for part in series_parts(event)
        for component in _part_components(part, context, url)
    ]


def _part_components(event, context, url):
    """The VEVENTs of one part of a series. The engine expands its schedule
    once (the occurrences), and the feed its rules once (``SeriesDates``)."""
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
