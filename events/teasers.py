"""The next dates of a teaser: the home page's, and those of agencies, focus
areas and projects (``{% upcoming_events page %}``).

From the stored rows, as the calendar's list shows them: each event a
``ListedEvent`` (title and address), each place a ``ListedPlace``, by
queries compiled once (``events.models.compiled``). The list reads the rows
along the date index until enough of them belong to the live events of the
language and filter; where those events are few (the Russian calendar while
few events are translated, a focus area with one course) that read every
row of the year. So the events are looked up first, and few events' rows
are read by their event.
"""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from .models import EventPage, StoredOccurrence, StoredOccurrenceHorizon
from .models.compiled import run
from .models.stored_lines import LIST_LINE_COLUMNS, list_line_occurrence
from .occurrences import occurrences_from
from .recurrence_rules import TZ

# How far ahead a teaser looks.
DAYS = 366

# Up to this many live events, their rows are read by event: a few index
# lookups each, where the date index would be read until ``limit`` dates.
FEW_EVENTS = 12


def teaser_occurrences(*, locale, limit, **filters):
    """The next ``limit`` dates from today on of the live events of
    ``locale`` with ``filters`` (``events.filters.CalendarFilter.field``)."""
    today = timezone.localdate()
    last = today + dt.timedelta(days=DAYS)
    until = StoredOccurrenceHorizon.complete_until()
    if until is None or last > until:
        # The engine's answer (a fortnight first).
        return occurrences_from(today, locale=locale, limit=limit, days=DAYS, **filters)
    key, events = EventPage.objects.live_check(locale, **filters)
    few = run(
        (*key, "teaser events", FEW_EVENTS),
        lambda now, first, last: (
            events(now).touching(first, last).order_by("pk").values_list("pk")[: FEW_EVENTS + 1]
        ),
        now=timezone.now(),
        first=today,
        last=last,
    )
    if len(few) > FEW_EVENTS:
        return StoredOccurrence.objects.lines(today, last, live=(key, events), limit=limit)
    return _rows_of(today, last, [pk for (pk,) in few], limit=limit)


def _rows_of(first, last, event_ids, *, limit):
    """The first ``limit`` dates of the events ``event_ids`` from day
    ``first`` to day ``last``, in the calendar's order: as
    ``StoredOccurrenceQuerySet.lines`` reads them (the multi-day dates
    still running, then those that begin), each by the event index."""
    if not event_ids:
        return []
    start = dt.datetime.combine(first, dt.time.min, TZ)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, TZ)
    ordering = StoredOccurrence.ORDERING
    rows = StoredOccurrence.objects.filter(event_id__in=event_ids).order_by(*ordering)
    # The events' pks shape the SQL: they are part of the key.
    key = (StoredOccurrence.objects.db, "teaser rows", tuple(event_ids), limit)
    running = run(
        (*key, "running"),
        lambda first, start: rows.filter(
            end_date__gt=F("start_date"), end_date__gte=first, start__lt=start
        ).values_list(*LIST_LINE_COLUMNS)[:limit],
        first=first,
        start=start,
    )
    beginning = run(
        (*key, "beginning"),
        lambda start, end: rows.filter(start__gte=start, start__lt=end).values_list(
            *LIST_LINE_COLUMNS
        )[:limit],
        start=start,
        end=end,
    )
    return [list_line_occurrence(values) for values in [*running, *beginning][:limit]]
