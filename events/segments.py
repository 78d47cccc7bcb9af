"""The segments of a series: the schedules it had, each over its days.

A series that changed from a date on (``EventPage.schedule_from``) has its
former schedules (``EventPastSchedule``, ``page.past_schedules``) and the
current one, the page's own fields. Each gives dates only within its days:
a former one from ``valid_from`` (None: since its own start date) to
``valid_until``, the current one from ``schedule_from`` on (None: since its
start date). The rule of each keeps its own start date, so "every two
weeks" stays aligned; the days only clip it. Segments never overlap.

Imports no models: the engine reads the fields of whatever it is given.
"""

import datetime as dt
from dataclasses import dataclass


class ScheduleDays:
    """What the engine reads from a schedule's own fields, the same on the
    event page, a former schedule and a part of a split series."""

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def last_date(self):
        return self.end_date or self.start_date


@dataclass(frozen=True)
class Segment:
    """One schedule of a series over its days: ``schedule`` is an
    ``EventPastSchedule`` or, for the current schedule, the event page;
    ``first`` and ``last`` are inclusive, None where the schedule's own rule
    bounds it."""

    schedule: object
    first: dt.date | None
    last: dt.date | None

    @property
    def is_current(self):
        return self.last is None

    def contains(self, date):
        return (self.first is None or self.first <= date) and (
            self.last is None or date <= self.last
        )

    def clip(self, first, last):
        """The part of the days ``first`` to ``last`` within the segment,
        or None where they do not meet."""
        if self.first is not None:
            first = max(first, self.first)
        if self.last is not None:
            last = min(last, self.last)
        return (first, last) if first <= last else None


def past_schedules(event):
    """The event's former schedules, oldest first (prefetched by the
    listings' querysets, or held in memory by a revision or the editor)."""
    return sorted(event.past_schedules.all(), key=lambda past: past.valid_until)


def schedule_segments(event):
    """The segments of ``event``'s series in order: each former schedule,
    then the current one."""
    segments = [Segment(past, past.valid_from, past.valid_until) for past in past_schedules(event)]
    segments.append(Segment(event, event.schedule_from, None))
    return segments


def segment_at(event, date):
    """The segment whose days include ``date``, or None (a day between a
    series' end and its resumption)."""
    for segment in schedule_segments(event):
        if segment.contains(date):
            return segment
    return None
