"""The calendar's windows: the occurrences of all live events of a language
from one day to another, for the calendar list, month and archive, the RSS
feeds and the teasers on home, agency, focus-area and project pages.

They read the stored rows (``events.store``) through the event pages'
querysets where those reach (sorted and paged in SQL), and expand the
events with the engine (``events.schedule``) where they do not.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from .schedule import Occurrence, event_occurrences, occurrence_on, occurrences_of


def event_pages():
    """The manager of the event pages, from Django's app registry (as
    Wagtail's ``get_image_model()`` finds the image model): the calendar
    page's routes and RSS feeds (events.models, events.syndication) read
    their dates here, so this module imports no models."""
    return apps.get_model("events", "EventPage").objects


def live_events(*, locale, **filters):
    """Live, public events of a locale with everything the listings show,
    in a fixed number of queries."""
    return event_pages().live_in(locale, **filters).for_listings()


def _events_touching(first, last, *, locale, **filters):
    return live_events(locale=locale, **filters).touching(first, last)


def _expand(events, first, last):
    occurrences = []
    for event in events:
        occurrences.extend(event_occurrences(event, first, last))
    return sorted(occurrences, key=lambda o: (o.start, o.event.title, o.event.pk))


def occurrences_between(first, last, *, locale, **filters):
    """All occurrences of the locale's live events from day ``first`` to day
    ``last`` (inclusive), sorted, cancelled ones included and marked."""
    stored = event_pages().live_in(locale, **filters).stored_occurrences(first, last)
    if stored is not None:
        return stored
    return _expand(_events_touching(first, last, locale=locale, **filters), first, last)


def occurrences_by_day(first, last, *, locale, per_day, **filters):
    """The days ``first`` to ``last`` for the month view: ``{day: (the
    occurrences its cell shows, how many it has)}``, all of them where there
    are at most ``per_day``, else the first ``per_day - 1``; a multi-day
    date on every day it covers. From the stored rows, cut per day in SQL;
    the engine answers beyond them."""
    stored = event_pages().stored_days(first, last, locale=locale, filters=filters, per_day=per_day)
    if stored is not None:
        return stored
    days = defaultdict(list)
    for occurrence in _expand(_events_touching(first, last, locale=locale, **filters), first, last):
        day = max(first, occurrence.start_date)
        while day <= min(last, occurrence.end_date):
            days[day].append(occurrence)
            day += dt.timedelta(days=1)
    return {
        day: (
            occurrences[: per_day if len(occurrences) <= per_day else per_day - 1],
            len(occurrences),
        )
        for day, occurrences in days.items()
    }


def _stored(first, last, *, locale, listed, filters, **window):
    """From the stored rows: the events' pages, or (``listed``) their lines
    (``EventPageQuerySet.stored_lines``); None beyond them."""
    if listed:
        return event_pages().stored_lines(first, last, locale=locale, filters=filters, **window)
    return event_pages().live_in(locale, **filters).stored_occurrences(first, last, **window)


def _widening(expand, *, days, enough):
    """``expand(span)`` over a fortnight, then two months, then all ``days``,
    until it gives ``enough`` dates: the engine's answer for a page of dates
    without stored rows, where a year of every series would cost seconds."""
    for span in (14, 62, days):
        occurrences = expand(span)
        if len(occurrences) >= enough:
            break
    return occurrences


def occurrences_from(first, *, locale, limit, offset=0, days=366, listed=False, **filters):
    """Occurrences ``offset`` to ``offset + limit`` in date order of the
    ``days`` from day ``first`` on: the pages of the calendar list and the
    teasers on home, agency and project pages.

    Without stored rows the events are read once and expanded over a
    fortnight first, further only if that gives too few dates: a year of
    every series for four dates would cost seconds on a full calendar.
    ``listed``: from the stored rows, each event a ``ListedEvent`` (title
    and address), for the calendar's lines."""
    last = first + dt.timedelta(days=days)
    stored = _stored(
        first, last, locale=locale, listed=listed, filters=filters, offset=offset, limit=limit
    )
    if stored is not None:
        return stored
    events = list(_events_touching(first, last, locale=locale, **filters))
    occurrences = _widening(
        lambda span: _expand(events, first, min(first + dt.timedelta(days=span), last)),
        days=days,
        enough=offset + limit,
    )
    return occurrences[offset : offset + limit]


def occurrences_until(last, *, locale, limit, offset=0, days=366, listed=False, **filters):
    """Occurrences ``offset`` to ``offset + limit`` of those that began in
    the ``days`` up to day ``last``, newest first: the archive's pages.

    Without stored rows, the last fortnight is expanded first, as in
    ``occurrences_from``; ``listed`` as there."""
    first = last - dt.timedelta(days=days)
    stored = _stored(
        first,
        last,
        locale=locale,
        listed=listed,
        filters=filters,
        offset=offset,
        limit=limit,
        newest_first=True,
    )
    if stored is not None:
        return stored
    events = list(_events_touching(first, last, locale=locale, **filters))

    def newest_first(span):
        since = max(first, last - dt.timedelta(days=span))
        return [o for o in _expand(events, since, last) if o.start_date >= since][::-1]

    occurrences = _widening(newest_first, days=days, enough=offset + limit)
    return occurrences[offset : offset + limit]


def upcoming_occurrences(*, locale, limit=None, days=366, **filters):
    """The next occurrences from today on, all of the next ``days`` or the
    first ``limit``."""
    today = timezone.localdate()
    if limit is None:
        return occurrences_between(today, today + dt.timedelta(days=days), locale=locale, **filters)
    return occurrences_from(today, locale=locale, limit=limit, days=days, **filters)


@dataclass(frozen=True)
class Change:
    """An occurrence with the moment visitors were told about it; reads
    like the occurrence itself."""

    occurrence: Occurrence
    changed_at: dt.datetime

    def __getattr__(self, name):
        return getattr(self.occurrence, name)


def changed_occurrences(*, locale, since):
    """What changed since ``since`` about dates from today on: cancelled and
    moved dates (when the change was entered) and new events (when first
    published, with their next date), newest first."""
    today = timezone.localdate()
    events = live_events(locale=locale).filter(
        Q(date_changes__created_at__gte=since) | Q(first_published_at__gte=since)
    )
    changes = []
    for event in events:
        for change in event.date_changes.all():
            if change.created_at < since or change.action == change.Action.NOTE:
                continue
            occurrence = occurrence_on(event, change.date, change)
            if max(occurrence.original_date, occurrence.start_date) >= today:
                changes.append(Change(occurrence, change.created_at))
        if event.first_published_at and event.first_published_at >= since:
            upcoming = occurrences_of(event, after=today, limit=1)
            if upcoming:
                changes.append(Change(upcoming[0], event.first_published_at))
    return sorted(changes, key=lambda change: change.changed_at, reverse=True)
