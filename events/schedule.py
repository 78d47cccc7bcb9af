"""The occurrence engine: the one place that turns an event series into
dated occurrences. It answers one question per series (its dates, the
dates shown, the exceptions) and imports no models: calendar pages, event
pages, feeds and the teasers on home, agency, focus-area and project pages
all read their dates from here, so they cannot disagree.

A series' dates come from its segments (``events.segments``): each former
schedule's dates within its days, then the current schedule's from
``schedule_from`` on. Each date has the time, length, place and holiday
options of the schedule that gave it; ``schedule``, ``scheduled_dates`` and
``times_on`` read one schedule (the page or a former one) and know nothing
of segments.

Schedules are expanded in Europe/Berlin wall-clock time: the rule yields
dates, each date gets the event's local start time, and only then is the
result made timezone-aware. django-recurrence itself converts to UTC, which
moves a weekly 18:00 event to 19:00 after the change to summer time; we use
its parsed rules but never its ``between()`` (see events.recurrence_rules).
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from dateutil import rrule

from django.utils.translation import gettext_lazy as _

from .holidays import jewish_holiday, public_holiday
from .recurrence_rules import TZ, local_date, local_rule, usable_rules
from .segments import past_schedules, schedule_segments, segment_at

__all__ = [
    "Occurrence",
    "Status",
    "dropped_by_schedule_change",
    "event_occurrences",
    "occurrence_on",
    "occurrence_on_date",
    "occurrences_of",
    "orphan_date_changes",
    "schedule",
    "schedule_segments",
    "scheduled_dates",
    "series_dates",
    "times_on",
]


class Status(StrEnum):
    SCHEDULED = "scheduled"
    MOVED = "moved"
    CANCELLED = "cancelled"
    SKIPPED_HOLIDAY = "skipped-holiday"


STATUS_LABELS = {
    Status.SCHEDULED: _("findet statt"),
    Status.MOVED: _("verschoben"),
    Status.CANCELLED: _("abgesagt"),
    Status.SKIPPED_HOLIDAY: _("fällt aus (Feiertag)"),
}


@dataclass(frozen=True)
class Occurrence:
    # The series: an EventPage, of which the engine reads only the fields.
    event: object
    original_date: dt.date
    start: dt.datetime
    end: dt.datetime | None
    all_day: bool
    status: Status = Status.SCHEDULED
    location: object = None
    reason: str = ""
    note: str = ""

    @property
    def start_date(self):
        return self.start.date()

    @property
    def end_date(self):
        if self.end is None:
            return self.start_date
        if self.all_day:
            return (self.end - dt.timedelta(days=1)).date()
        return self.end.date()

    @property
    def is_multi_day(self):
        return self.end_date != self.start_date

    @property
    def is_cancelled(self):
        return self.status in (Status.CANCELLED, Status.SKIPPED_HOLIDAY)

    @property
    def is_moved(self):
        return self.status == Status.MOVED

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def schedule(event, *, exclusions=True):
    """The event's dates as a dateutil rruleset of naive local midnights;
    without ``exclusions`` (EXRULE, EXDATE) for the feeds, which write the
    excluded dates out themselves."""
    dtstart = dt.datetime.combine(event.start_date, dt.time.min)
    dates = rrule.rruleset()
    dates.rdate(dtstart)
    recurrence = event.recurrence
    if recurrence:
        for rule in usable_rules(recurrence.rrules, event.start_date):
            dates.rrule(local_rule(rule, dtstart))
        for value in recurrence.rdates:
            dates.rdate(dt.datetime.combine(local_date(value), dt.time.min))
        if exclusions:
            for rule in usable_rules(recurrence.exrules, event.start_date):
                dates.exrule(local_rule(rule, dtstart))
            for value in recurrence.exdates:
                dates.exdate(dt.datetime.combine(local_date(value), dt.time.min))
    return dates


def scheduled_dates(event, first, last):
    """Dates of the event's schedule from ``first`` to ``last`` (inclusive).
    Bounded by the window, so an open-ended rule is never expanded further."""
    duration = (event.last_date - event.start_date).days
    # A multi-day event that began before the window still shows in it.
    since = dt.datetime.combine(first - dt.timedelta(days=duration), dt.time.min)
    until = dt.datetime.combine(last, dt.time.min)
    return [d.date() for d in schedule(event).between(since, until, inc=True)]


def times_on(event, date, start_time=None, end_time=None):
    """Start, end and all-day flag of the event on ``date`` (aware, Berlin)."""
    if event.all_day:
        start = dt.datetime.combine(date, dt.time.min, TZ)
        end_day = date + (event.last_date - event.start_date) + dt.timedelta(days=1)
        return start, dt.datetime.combine(end_day, dt.time.min, TZ), True
    start = dt.datetime.combine(date, start_time or event.start_time, TZ)
    end = None
    if end_time or event.end_time:
        end_day = date + (event.last_date - event.start_date)
        if end_time:
            end = dt.datetime.combine(end_day, end_time, TZ)
        else:
            # A date moved to another start without a new end keeps its
            # length in wall-clock time, rather than ending before it starts.
            usual_start = dt.datetime.combine(date, event.start_time)
            usual_end = dt.datetime.combine(end_day, event.end_time)
            end = (start.replace(tzinfo=None) + (usual_end - usual_start)).replace(tzinfo=TZ)
    return start, end, False


def occurrence_on(event, date, change=None, *, segment=None):
    """The occurrence of ``event`` on its date ``date``, as ``change`` (one
    of its date changes, or None) and the holidays it skips leave it; with
    the time, place and holiday options of the schedule that gives the date
    (``segment``, found from the date when not given; the current schedule
    for a date no segment's days include)."""
    if segment is None:
        segment = segment_at(event, date)
    rules = event if segment is None else segment.schedule
    start, end, all_day = times_on(rules, date)
    kwargs = {"location": rules.location}
    if change is not None:
        if change.action == change.Action.CANCEL:
            kwargs.update(status=Status.CANCELLED, reason=change.reason)
        elif change.action == change.Action.MOVE:
            start, end, all_day = times_on(
                rules, change.new_date or date, change.new_start_time, change.new_end_time
            )
            kwargs.update(status=Status.MOVED, reason=change.reason)
            if change.new_location_id:
                kwargs["location"] = change.new_location
        else:
            kwargs["note"] = change.reason
    if kwargs.get("status") is None:
        holiday = None
        if rules.skip_public_holidays:
            holiday = public_holiday(start.date())
        if holiday is None and rules.skip_jewish_holidays:
            holiday = jewish_holiday(start.date(), None if all_day else start.time())
        if holiday is not None:
            # str(): the name in the language of the request, and joinable.
            kwargs.update(status=Status.SKIPPED_HOLIDAY, reason=str(holiday))
    return Occurrence(
        event=event, original_date=date, start=start, end=end, all_day=all_day, **kwargs
    )


def _segment_dates(event, first, last):
    """{date: segment} of the series' dates from ``first`` to ``last``
    (with the multi-day dates that began before ``first`` and run into it)."""
    dates = {}
    for segment in schedule_segments(event):
        rules = segment.schedule
        duration = (rules.last_date - rules.start_date).days
        # Clipped by the dates the segment gives, not the days it covers.
        days = segment.clip(first - dt.timedelta(days=duration), last)
        if days is None:
            continue
        for date in scheduled_dates(rules, *days):
            if date >= days[0]:
                dates[date] = segment
    return dates


def series_dates(event, first, last):
    """The dates of the series from ``first`` to ``last`` (with those of
    multi-day dates that began before and run into ``first``), sorted."""
    return sorted(_segment_dates(event, first, last))


def event_occurrences(event, first, last):
    """The event's occurrences that touch the days ``first`` to ``last``."""
    changes = {change.date: change for change in event.date_changes.all()}
    dates = _segment_dates(event, first, last)
    # A date moved into the window from outside it.
    for change in changes.values():
        if (
            change.action == change.Action.MOVE
            and change.new_date
            and first <= change.new_date <= last
            and change.date not in dates
        ):
            dates.update(_segment_dates(event, change.date, change.date))
    result = []
    for date, segment in dates.items():
        occurrence = occurrence_on(event, date, changes.get(date), segment=segment)
        if occurrence.end_date >= first and occurrence.start_date <= last:
            result.append(occurrence)
    return sorted(result, key=lambda o: o.start)


def occurrences_of(event, *, after, limit=None, days=366):
    occurrences = event_occurrences(event, after, after + dt.timedelta(days=days))
    return occurrences[:limit] if limit else occurrences


def _gives(event, date):
    """The segment that gives ``date`` as a date of the series, or None."""
    segment = segment_at(event, date)
    if segment is None or date not in scheduled_dates(segment.schedule, date, date):
        return None
    return segment


def occurrence_on_date(event, original_date):
    """The occurrence whose original date is ``original_date`` (moved,
    cancelled or as scheduled), or None where the series has no such date."""
    segment = _gives(event, original_date)
    if segment is None:
        return None
    change = next((c for c in event.date_changes.all() if c.date == original_date), None)
    return occurrence_on(event, original_date, change, segment=segment)


def dropped_by_schedule_change(event, date):
    """The former schedule whose own rule would have given ``date``, a day
    after it ended, where no segment gives it now: a date a change of the
    schedule removed. None otherwise."""
    if _gives(event, date) is not None:
        return None
    for past in past_schedules(event):
        if date > past.valid_until and date in scheduled_dates(past, date, date):
            return past
    return None


def orphan_date_changes(event):
    """The event's single-date changes whose date no segment gives (after a
    change of the schedule): kept, and shown to the editor."""
    return [change for change in event.date_changes.all() if _gives(event, change.date) is None]
