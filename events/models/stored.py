"""Stored occurrences: the engine's dates of every live event as rows, so
that listings sort, filter and page in SQL (written by ``events.store``)."""

import datetime as dt
from collections import defaultdict
from operator import attrgetter

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext

from ..recurrence_rules import TZ
from ..schedule import Occurrence, Status


class StoredOccurrenceQuerySet(models.QuerySet):
    def window(self, first, last, *, events, offset=0, limit=None, newest_first=False):
        """Rows ``offset`` to ``offset + limit`` of the days ``first`` to
        ``last`` of ``events`` (a queryset of event pages), in date order
        (``newest_first``: in reverse, for the archive).

        Two queries, each along an index: the few multi-day dates that began
        before the window and still run (they come first), then the dates that
        begin in it, read in order of ``start`` and stopped at the limit."""
        # Per row, not as "event in (all live events)": the list reads the first
        # 21 rows along the date index and checks just their events.
        rows = self.filter(Exists(events.filter(pk=OuterRef("event_id")))).select_related(
            "location"
        )
        ordering = self.model.ORDERING
        window_start = dt.datetime.combine(first, dt.time.min, TZ)
        window_end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, TZ)
        if newest_first:
            # The archive lists dates by the day they began: one query, the
            # same index read backwards.
            rows = rows.filter(start__gte=window_start, start__lt=window_end).order_by(
                *(f"-{field}" for field in ordering)
            )
            return list(rows[offset:] if limit is None else rows[offset : offset + limit])
        # Few rows, sorted here: ordered in SQL, SQLite would read them along
        # the date index (every past row) rather than the partial index of
        # multi-day rows.
        running = sorted(
            rows.filter(end_date__gt=F("start_date"), end_date__gte=first, start__lt=window_start),
            key=attrgetter(*ordering),
        )
        beginning = rows.filter(start__gte=window_start, start__lt=window_end).order_by(*ordering)
        head = running[offset:] if limit is None else running[offset : offset + limit]
        skip = max(offset - len(running), 0)
        if limit is None:
            return head + list(beginning[skip:])
        if len(head) == limit:
            return head
        return head + list(beginning[skip : skip + limit - len(head)])

    def day_by_day(self, first, last, *, events, per_day):
        """The days ``first`` to ``last`` of ``events`` for the month view:
        ``{day: (its first per_day rows in date order, how many it has)}``.

        A multi-day date counts on every day it covers, from its first day
        on. Three queries, whatever the number of events: the dates that
        begin on each day, numbered per day in SQL with their day's total
        (ROW_NUMBER and COUNT over each day); the first ``per_day`` of each
        day by their keys; and the few multi-day dates that run into a day,
        along their partial index."""
        ordering = self.model.ORDERING
        window_start = dt.datetime.combine(first, dt.time.min, TZ)
        window_end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, TZ)
        day = {"partition_by": F("start_date")}
        # Every date of the month is numbered: only the columns the numbering
        # needs, and the events as one list SQLite looks each row up in
        # (a correlated EXISTS per row, and the places joined to every row,
        # made this query most of the month's time at 1,000 events).
        numbered = (
            self.filter(
                event__in=events.values("pk"), start__gte=window_start, start__lt=window_end
            )
            .annotate(
                position=Window(RowNumber(), order_by=[F(field) for field in ordering], **day),
                day_total=Window(Count("pk"), **day),
            )
            # Filtering on a window wraps the query in a subquery (Django 4.2+):
            # the totals count every date of the day, not just the first ones.
            .filter(position__lte=per_day)
            .values_list("pk", "start_date", "day_total")
        )
        totals, shown_pks = {}, []
        for pk, start_date, day_total in numbered:
            totals[start_date] = day_total
            shown_pks.append(pk)
        beginning = (
            self.filter(pk__in=shown_pks).select_related("location").order_by(*ordering)
            if shown_pks
            else []
        )
        # In date order, so each day lists those that began earlier first.
        running = defaultdict(list)
        multi_day = self.filter(
            Exists(events.filter(pk=OuterRef("event_id"))),
            end_date__gt=F("start_date"),
            end_date__gte=first,
            start_date__lt=last,
        ).select_related("location")
        for row in sorted(multi_day, key=attrgetter(*ordering)):
            covered = max(first, row.start_date + dt.timedelta(days=1))
            while covered <= min(last, row.end_date):
                running[covered].append(row)
                covered += dt.timedelta(days=1)
        starting = defaultdict(list)
        for row in beginning:
            starting[row.start_date].append(row)
        return {
            day: ((running[day] + starting[day])[:per_day], len(running[day]) + totals.get(day, 0))
            for day in running.keys() | starting.keys()
        }


class StoredOccurrence(models.Model):
    """One date of a live event as the occurrence engine computed it.

    The calendar list pages through dates in SQL (``LIMIT``/``OFFSET``)
    instead of expanding every series on each request, which took seconds
    with a thousand events. Rows are rebuilt when an event is published
    (``events.store``) and every night, which also moves the horizon of
    open-ended series on; the engine stays the source of truth and answers
    whatever the rows do not cover.
    """

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="+")
    # The event's title when it was published: the list's second sort key.
    title = models.CharField(max_length=255)
    original_date = models.DateField()
    start = models.DateTimeField()
    end = models.DateTimeField(null=True)
    # Berlin days, so that a window of days is a plain comparison.
    start_date = models.DateField()
    end_date = models.DateField()
    all_day = models.BooleanField()
    status = models.CharField(max_length=20)
    location = models.ForeignKey(
        "site_core.Location", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A holiday's name is stored untranslated and translated when shown.
    reason = models.CharField(max_length=250, blank=True)
    note = models.CharField(max_length=250, blank=True)

    # The engine's order: time, then title.
    ORDERING = ["start", "title", "event_id"]

    objects = StoredOccurrenceQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["start", "title", "event"], name="events_occurrence_order"),
            # Multi-day dates only: those that began before a window and run into it.
            models.Index(
                fields=["end_date"],
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="events_occurrence_multi_day",
            ),
        ]

    def __str__(self):
        return f"{self.event_id} {self.start:%Y-%m-%d %H:%M}"

    @classmethod
    def from_occurrence(cls, occurrence):
        """The row of an engine ``Occurrence`` (with untranslated reasons)."""
        return cls(
            event_id=occurrence.event.pk,
            title=occurrence.event.title,
            original_date=occurrence.original_date,
            start=occurrence.start,
            end=occurrence.end,
            start_date=occurrence.start_date,
            end_date=occurrence.end_date,
            all_day=occurrence.all_day,
            status=occurrence.status,
            location=occurrence.location,
            reason=occurrence.reason,
            note=occurrence.note,
        )

    def as_occurrence(self, event):
        """The ``Occurrence`` this row stores, for ``event`` (its page)."""
        return Occurrence(
            event=event,
            original_date=self.original_date,
            start=self.start.astimezone(TZ),
            end=self.end and self.end.astimezone(TZ),
            all_day=self.all_day,
            status=Status(self.status),
            location=self.location,
            # A holiday's name in the visitor's language.
            reason=gettext(self.reason) if self.status == Status.SKIPPED_HOLIDAY else self.reason,
            note=self.note,
        )


class StoredOccurrenceHorizon(models.Model):
    """Up to which day the stored occurrences of every live event are
    complete: one row, written by ``manage.py store_occurrences``. Without
    it (a new installation, before the first run) listings use the engine."""

    until = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"bis {self.until:%Y-%m-%d}"

    @classmethod
    def complete_until(cls):
        """The last day for which the rows are complete, or None."""
        return cls.objects.values_list("until", flat=True).first()
