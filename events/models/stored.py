"""Stored occurrences: the engine's dates of every live event as rows, so
that listings sort, filter and page in SQL (written by ``events.store``)."""

import datetime as dt
from collections import defaultdict
from operator import attrgetter, itemgetter

from django.db import models
from django.db.models import Count, Exists, F, OuterRef
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext

from ..recurrence_rules import TZ
from ..schedule import Occurrence, Status
from .compiled import compiled, run
from .stored_lines import LINE_COLUMNS, LIST_LINE_COLUMNS, line_occurrence, list_line_occurrence


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

    def lines(self, first, last, *, live, offset=0, limit=None, newest_first=False):
        """What ``window`` gives, as the calendar's lines show it:
        occurrences whose event is a ``ListedEvent`` and place a
        ``ListedPlace``, read as values by queries compiled once
        (``events.models.compiled``). ``live``: ``(key, events)`` of
        ``EventPageQuerySet.live_check``."""
        key, events = live
        start = dt.datetime.combine(first, dt.time.min, TZ)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, TZ)
        now = timezone.now()
        ordering = self.model.ORDERING

        def dated(now):
            return self.filter(Exists(events(now).filter(pk=OuterRef("event_id"))))

        def beginning(skip, count, order):
            def build(now, start, end):
                rows = dated(now).filter(start__gte=start, start__lt=end).order_by(*order)
                rows = rows.values_list(*LIST_LINE_COLUMNS)
                return rows[skip:] if count is None else rows[skip : skip + count]

            rows = run(
                (*key, "beginning", skip, count, *order), build, now=now, start=start, end=end
            )
            return [list_line_occurrence(values) for values in rows]

        if newest_first:
            # The archive lists dates by the day they began: one query, the
            # same index read backwards.
            return beginning(offset, limit, [f"-{field}" for field in ordering])
        # Few rows, sorted here: ordered in SQL, SQLite would read them along
        # the date index (every past row) rather than the partial index of
        # multi-day rows.
        running = run(
            (*key, "running"),
            lambda now, first, start: (
                dated(now)
                .filter(end_date__gt=F("start_date"), end_date__gte=first, start__lt=start)
                .values_list(*LIST_LINE_COLUMNS)
            ),
            now=now,
            first=first,
            start=start,
        )
        running = [
            list_line_occurrence(values) for values in sorted(running, key=itemgetter(3, 1, 0))
        ]
        head = running[offset:] if limit is None else running[offset : offset + limit]
        skip = max(offset - len(running), 0)
        if limit is not None and len(head) == limit:
            return head
        return head + beginning(skip, None if limit is None else limit - len(head), ordering)

    def day_by_day(self, first, last, *, live, per_day, counted=None):
        """The days ``first`` to ``last`` of the live events ``live`` (as
        in ``lines``) for the month view: ``{day: (the occurrences its
        cell shows, in date order, how many it has)}``: all of them where
        there are at most ``per_day``, else the first ``per_day - 1``; each
        occurrence's event a ``ListedEvent``. ``counted``: the same rows as ``(key,
        rows(at))``, read from the rows alone
        (``EventPageQuerySet._stored_rows_check``), if the events are
        selected by nothing the rows hold (no filter).

        A multi-day date counts on every day it covers, from its first day
        on. Three queries, whatever the number of events, each compiled once
        (``events.models.compiled``): how many dates begin on each day
        (``counted``: along the count index, which holds every column the
        count reads; else along the day index, each date's event checked in
        the list of the live events); the first ``per_day`` of each day (one
        fewer where every day has more), a subquery per day that stops at
        that many rows, as values with their event's ``url_path``; and the
        few multi-day dates that run into a day, along their partial index.
        Numbering every date of the month in SQL (ROW_NUMBER over each day)
        sorted them all and grew with the number of events; no event page is
        loaded: a month line shows the stored title and links to the event's
        address (``events.views.calendar_lines``)."""
        key, events = live
        now = timezone.now()
        # Without ``counted``, the count checks each date's event in one list
        # of the live events; the first dates of a day are few, each checked
        # on its own.
        counted_key, rows = counted or (
            key,
            lambda now: self.filter(event__in=events(now).values("pk")),
        )
        totals = dict(
            run(
                (*counted_key, "month totals"),
                lambda now, first, last: (
                    rows(now)
                    .filter(start_date__gte=first, start_date__lte=last)
                    .order_by()
                    .values("start_date")
                    .annotate(total=Count("*"))
                    .values_list("start_date", "total")
                ),
                now=now,
                first=first,
                last=last,
            )
        )
        days = {f"day_{number}": day for number, day in enumerate(sorted(totals))}
        # A full month (every day with more dates than a cell shows) reads
        # per_day - 1 of each day, as many as its cells show.
        read = per_day - 1 if totals and min(totals.values()) > per_day else per_day
        beginning = []
        if days:
            beginning = run(
                (*key, "month firsts", read, len(days)),
                lambda now, **days: (
                    self.filter(
                        pk__in=self._first_of_each_day(
                            days.values(), live=live, now=now, per_day=read
                        )
                    )
                    .order_by(*self.model.ORDERING)
                    .values_list(*LINE_COLUMNS)
                ),
                now=now,
                **days,
            )
        # In date order, so each day lists those that began earlier first.
        running = defaultdict(list)
        multi_day = run(
            (*key, "month multi-day"),
            lambda now, first, last: self.filter(
                Exists(events(now).filter(pk=OuterRef("event_id"))),
                end_date__gt=F("start_date"),
                end_date__gte=first,
                start_date__lt=last,
            ).values_list(*LINE_COLUMNS),
            now=now,
            first=first,
            last=last,
        )
        # Few rows, sorted here (as in ``lines``): ordered in SQL, SQLite
        # would read them along the date index rather than the partial one.
        for values in sorted(multi_day, key=itemgetter(3, 1, 0)):
            occurrence = line_occurrence(values)
            covered = max(first, occurrence.start_date + dt.timedelta(days=1))
            while covered <= min(last, occurrence.end_date):
                running[covered].append(occurrence)
                covered += dt.timedelta(days=1)
        starting = defaultdict(list)
        for values in beginning:
            occurrence = line_occurrence(values)
            starting[occurrence.start_date].append(occurrence)
        shown = {}
        for day in running.keys() | starting.keys():
            total = len(running[day]) + totals.get(day, 0)
            occurrences = running[day] + starting[day]
            shown[day] = (occurrences[: per_day if total <= per_day else per_day - 1], total)
        return shown

    def _first_of_each_day(self, days, *, live, now, per_day):
        """The keys of the first ``per_day`` rows of the live events of
        each of ``days``: a subquery per day that reads ``per_day`` entries
        of the day index and stops, joined with UNION ALL, as RawSQL for
        ``pk__in``; the subquery compiled once and repeated with each day."""
        key, events = live
        first_rows = compiled(
            (*key, "first of a day", per_day),
            lambda now, day: (
                self.filter(Exists(events(now).filter(pk=OuterRef("event_id"))), start_date=day)
                .order_by(*self.model.ORDERING)
                .values_list("pk")[:per_day]
            ),
            now=now,
            day=min(days),
        )
        parts, all_params = [], []
        for number, day in enumerate(sorted(days)):
            sql, params = first_rows.sql_with(now=now, day=day)
            # SQLite takes no LIMIT in a part of a compound query, but in a
            # subquery in FROM; PostgreSQL wants that subquery named.
            parts.append(f"SELECT * FROM ({sql}) AS day_{number}")
            all_params += params
        return RawSQL(" UNION ALL ".join(parts), all_params)


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
    # The event's language and expiry date as it was stored (both change
    # only with a publish, which stores again): the month's count of each
    # day reads them from its index, not the event pages (``day_by_day``).
    # Every row has a language (null only to add the column to stored rows,
    # which its migration then fills in).
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    expire_at = models.DateTimeField(null=True)

    # The engine's order: time, then title.
    ORDERING = ["start", "title", "event_id"]

    objects = StoredOccurrenceQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["start", "title", "event"], name="events_occurrence_order"),
            # The month view: each day's count and first dates, read from the
            # index alone, in the order of the day.
            models.Index(
                fields=["start_date", "start", "title", "event"], name="events_occurrence_day"
            ),
            # The month view's count of each day of a language's calendar,
            # read from the index alone (events of restricted sections left
            # out by their key).
            models.Index(
                fields=["locale", "start_date", "expire_at", "event"],
                name="events_occurrence_count",
            ),
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
            locale_id=occurrence.event.locale_id,
            expire_at=occurrence.event.expire_at,
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
        """The last day for which the rows are complete, or None; by a query
        compiled once (every calendar view asks)."""
        rows = run(
            ("stored horizon", cls.objects.db),
            lambda: cls.objects.order_by("pk").values_list("until")[:1],
        )
        return rows[0][0] if rows else None
