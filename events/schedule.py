"""The occurrence engine: the one place that turns an event series into
dated occurrences. It answers one question per series (its dates, the
dates shown, the exceptions) and imports no models: calendar pages, event
pages, feeds and the teasers on home, agency, focus-area and project pages
all read their dates from here, so they cannot disagree.

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


def occurrence_on(event, date, change=None):
    """The occurrence of ``event`` on its date ``date``, as ``change`` (one
    of its date changes, or None) and the holidays it skips leave it."""
    start, end, all_day = times_on(event, date)
    kwargs = {"location": event.location}
    if change is not None:
        if change.action == change.Action.CANCEL:
            kwargs.update(status=Status.CANCELLED, reason=change.reason)
        elif change.action == change.Action.MOVE:
            start, end, all_day = times_on(
                event, change.new_date or date, change.new_start_time, change.new_end_time
            )
            kwargs.update(status=Status.MOVED, reason=change.reason)
            if change.new_location_id:
                kwargs["location"] = change.new_location
        else:
            kwargs["note"] = change.reason
    if kwargs.get("status") is None:
        holiday = None
        if event.skip_public_holidays:
            holiday = public_holiday(start.date())
        if holiday is None and event.skip_jewish_holidays:
            holiday = jewish_holiday(start.date(), None if all_day else start.time())
        if holiday is not None:
            # str(): the name in the language of the request, and joinable.
            kwargs.update(status=Status.SKIPPED_HOLIDAY, reason=str(holiday))
    return Occurrence(
        event=event, original_date=date, start=start, end=end, all_day=all_day, **kwargs
    )


def event_occurrences(event, first, last):
    """The event's occurrences that touch the days ``first`` to ``last``."""
    changes = {change.date: change for change in event.date_changes.all()}
    dates = set(scheduled_dates(event, first, last))
    # A date moved into the window from outside it.
    moved_in = [
        change.date
        for change in changes.values()
        if change.action == change.Action.MOVE
        and change.new_date
        and first <= change.new_date <= last
        and change.date not in dates
    ]
    for date in moved_in:
        if date in scheduled_dates(event, date, date):
            dates.add(date)
    result = []
    for date in dates:
        occurrence = occurrence_on(event, date, changes.get(date))
        if occurrence.end_date >= first and occurrence.start_date <= last:
            result.append(occurrence)
    return sorted(result, key=lambda o: o.start)


def occurrences_of(event, *, after, limit=None, days=366):
    occurrences = event_occurrences(event, after, after + dt.timedelta(days=days))
    return occurrences[:limit] if limit else occurrences
