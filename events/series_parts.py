"""A series that changed from a date on, as the iCalendar feeds write it:
one series per schedule (``EventPage.schedule_from`` and the page's former
schedules, ``EventPastSchedule``), each a ``SeriesPart`` that reads like an
event page to the engine and to ``events.vevents``.

Clients ignore RANGE=THISANDFUTURE; all of them end a series at the UNTIL
of its rules and show a new one from its DTSTART. So each part begins on
its first date, its rules end with its last (COUNT, counted from the first
date of the whole schedule, becomes that UNTIL), and a rule that took its
weekday, day or month from the schedule's first date says it, where the
part begins on a day the rule does not give.
"""

import datetime as dt
from dataclasses import dataclass

from dateutil import rrule
from recurrence import Recurrence, Rule, to_weekday

from .recurrence_rules import TZ, local_date, local_rule, usable_rules
from .schedule import schedule, scheduled_dates
from .segments import ScheduleDays, schedule_segments

# Subscribed calendars identify an event by its UID: derived from the
# translation key, it is the same in German and Russian and survives edits.
UID_FORMAT = "event-{key}@integrationsagenturen"
# A split series: the first part keeps the UID above (subscribers see that
# series end by its UNTIL), each later one is named after the day it begins.
PART_UID_FORMAT = "event-{key}-{since:%Y%m%d}@integrationsagenturen"


def _produces(segment, date):
    return segment.contains(date) and date in scheduled_dates(segment.schedule, date, date)


def _first_date(segment):
    """The segment's first date (its DTSTART), None if it has none: the
    schedule's own first date, even if excluded, unless the segment begins
    later."""
    start_date = segment.schedule.start_date
    if segment.first is None or segment.first <= start_date:
        return start_date if segment.contains(start_date) else None
    since = dt.datetime.combine(segment.first, dt.time.min)
    first = schedule(segment.schedule).after(since, inc=True)
    return first.date() if first is not None and segment.contains(first.date()) else None


class _Rows(tuple):
    """A part's date changes, read as the engine reads a related manager."""

    def all(self):
        return self


@dataclass(frozen=True)
class SeriesPart(ScheduleDays):
    """A segment as a series of its own, as the feed writes it and the
    engine expands it: DTSTART on the segment's first date, rules that end
    with the segment, the changes of its dates. Anything else (title, texts,
    categories, URL) is the page's."""

    page: object
    uid: str
    related_to: str | None
    start_date: dt.date
    end_date: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    recurrence: object
    location: object
    skip_public_holidays: bool
    skip_jewish_holidays: bool
    date_changes: _Rows
    # One schedule: the engine expands it alone, not the page's segments.
    schedule_from = None
    past_schedules = _Rows()

    def __getattr__(self, name):
        if name == "page":  # not set yet: no page to ask
            raise AttributeError(name)
        return getattr(self.page, name)


def _write_out_implied(rule, start_date):
    """Give ``rule`` the weekday, day or month it took from its first date
    (as dateutil and RFC 5545 do when no BYDAY, BYMONTHDAY... says), so a
    DTSTART on another day does not change it."""
    if rule.byweekno or rule.byyearday or rule.bymonthday or rule.byday:
        return
    if rule.freq == rrule.YEARLY:
        rule.bymonth = rule.bymonth or [start_date.month]
        rule.bymonthday = [start_date.day]
    elif rule.freq == rrule.MONTHLY:
        rule.bymonthday = [start_date.day]
    elif rule.freq == rrule.WEEKLY:
        rule.byday = [to_weekday(start_date.weekday())]


def _clipped_rule(rule, start_date, first, until):
    """``rule`` of a schedule beginning on ``start_date``, read from ``first``
    on up to ``until`` (None: as far as it goes): COUNT becomes the UNTIL
    of its last date, as clients count from DTSTART. None if it gives no
    date from ``first`` to ``until``."""
    dates = local_rule(rule, dt.datetime.combine(start_date, dt.time.min))
    since = dt.datetime.combine(first, dt.time.min)
    end = dt.datetime.combine(until, dt.time.max) if until else None
    following = dates.after(since, inc=True)
    if following is None or (end is not None and following > end):
        return None
    clipped = Rule(
        rule.freq,
        interval=rule.interval,
        wkst=rule.wkst,
        count=rule.count,
        until=rule.until,
        **{param: list(getattr(rule, param) or []) for param in Rule.byparams},
    )
    if following != since:
        _write_out_implied(clipped, start_date)
    if end is not None or rule.count is not None:
        last = dates.before(end, inc=True) if end else list(dates)[-1]
        clipped.count = None
        clipped.until = dt.datetime.combine(last.date(), dt.time.max, TZ)
    return clipped


def _clipped_recurrence(schedule_fields, first, until, dtstart):
    """The schedule's recurrence from ``first`` to ``until`` (None: no
    bound), its rules read from ``dtstart``."""
    recurrence = schedule_fields.recurrence
    if not recurrence:
        return recurrence

    def rules(given):
        usable = usable_rules(given, schedule_fields.start_date)
        clipped = (_clipped_rule(r, schedule_fields.start_date, dtstart, until) for r in usable)
        return [rule for rule in clipped if rule is not None]

    def inside(value):
        return first <= local_date(value) and (until is None or local_date(value) <= until)

    return Recurrence(
        rrules=rules(recurrence.rrules),
        exrules=rules(recurrence.exrules),
        rdates=[value for value in recurrence.rdates if inside(value)],
        exdates=[value for value in recurrence.exdates if inside(value)],
    )


def _rhythm_start(schedule_fields, first, until):
    """A later part's DTSTART: its first date, unless that is an extra date
    (RDATE) and a rule repeats every second week or month or more, whose
    rhythm RFC 5545 counts from DTSTART's week or month: then the first
    date the rules give, with the extra dates before it as RDATEs."""
    recurrence = schedule_fields.recurrence
    rules = usable_rules(recurrence.rrules, schedule_fields.start_date) if recurrence else []
    if not any(rule.interval > 1 for rule in rules):
        return first
    rule_start = dt.datetime.combine(schedule_fields.start_date, dt.time.min)
    since = dt.datetime.combine(first, dt.time.min)
    given = [local_rule(rule, rule_start).after(since, inc=True) for rule in rules]
    given = [value.date() for value in given if value is not None]
    return min([day for day in given if until is None or day <= until], default=first)


def _series_part(event, segment, first, uid, related_to, changes):
    fields = segment.schedule
    recurrence, dtstart = fields.recurrence, first
    if first != fields.start_date:
        dtstart = _rhythm_start(fields, first, segment.last)
    if first != fields.start_date or segment.last is not None:
        recurrence = _clipped_recurrence(fields, first, segment.last, dtstart)
    end_date = fields.end_date and dtstart + (fields.end_date - fields.start_date)
    return SeriesPart(
        page=event,
        uid=uid,
        related_to=related_to,
        start_date=dtstart,
        end_date=end_date,
        start_time=fields.start_time,
        end_time=fields.end_time,
        recurrence=recurrence,
        location=fields.location,
        skip_public_holidays=fields.skip_public_holidays,
        skip_jewish_holidays=fields.skip_jewish_holidays,
        date_changes=_Rows(changes),
    )


def series_parts(event):
    """The event as the feeds write it: one series per schedule that has a
    date, each with the changes of its own dates (a change is keyed by the
    date it changes). One schedule: the page's fields, its changes all."""
    segments = [(segment, _first_date(segment)) for segment in schedule_segments(event)]
    segments = [(segment, first) for segment, first in segments if first is not None]
    first_uid = UID_FORMAT.format(key=event.translation_key)
    parts = []
    for number, (segment, first) in enumerate(segments):
        changes = list(event.date_changes.all())
        if len(segments) > 1:
            changes = [change for change in changes if _produces(segment, change.date)]
        uid, related_to = first_uid, None
        if number:
            since = segment.first or first
            uid = PART_UID_FORMAT.format(key=event.translation_key, since=since)
            related_to = first_uid
        parts.append(_series_part(event, segment, first, uid, related_to, changes))
    return parts
