"""Stored occurrences: the engine's dates of every live event, kept in
``StoredOccurrence`` rows so that listings can sort, filter and page in SQL.

The rows are a copy, never the truth. They are rebuilt for an event each
time it is published (its translations and aliases are published with it;
a new live alias is stored when it is made) and removed when it is
unpublished or deleted. ``manage.py store_occurrences`` rebuilds all of them
every night, which moves the horizon of open-ended series on by a day and
mends anything that changed without a publish (a shell edit, an import). It
records that horizon in ``StoredOccurrenceHorizon``; windows beyond it, and
every window before the command first ran, are answered by the engine.
"""

import datetime as dt

from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone, translation

from .models import (
    EventDateChange,
    EventPage,
    EventPastSchedule,
    StoredOccurrence,
    StoredOccurrenceHorizon,
)
from .recurrence_rules import FIRST_YEAR
from .schedule import event_occurrences

# How far ahead rows reach: a year of calendar pages beyond the list's own
# year, so that the nightly run can be missed for months without harm.
STORE_DAYS = 2 * 366
BATCH_SIZE = 1000


def stored_until():
    """The last day for which the rows are complete, or None."""
    return StoredOccurrenceHorizon.complete_until()


def rows_for(event, until):
    # Untranslated: a holiday's name is translated when it is shown.
    with translation.override(None):
        occurrences = event_occurrences(event, dt.date(FIRST_YEAR, 1, 1), until)
    return [StoredOccurrence.from_occurrence(occurrence) for occurrence in occurrences]


def events_to_store():
    return (
        EventPage.objects.live()
        .defer_streamfields()
        .select_related("location")
        .prefetch_related(
            # The engine reads date_changes.all() and each new_location.
            Prefetch(
                "date_changes", queryset=EventDateChange.objects.select_related("new_location")
            ),
            # And each former schedule, with its place.
            Prefetch(
                "past_schedules", queryset=EventPastSchedule.objects.select_related("location")
            ),
        )
    )


def store_event(page):
    """Rebuild the rows of one event page from the database: none if it is
    no longer live (unpublished)."""
    with transaction.atomic():
        StoredOccurrence.objects.filter(event_id=page.pk).delete()
        event = events_to_store().filter(pk=page.pk).first()
        if event is not None:
            until = timezone.localdate() + dt.timedelta(days=STORE_DAYS)
            StoredOccurrence.objects.bulk_create(rows_for(event, until), batch_size=BATCH_SIZE)


def store_all():
    """Rebuild every row and move the horizon on; returns (events, rows)."""
    until = timezone.localdate() + dt.timedelta(days=STORE_DAYS)
    events = rows = 0
    # One transaction: readers see the old rows until the new ones are complete.
    with transaction.atomic():
        StoredOccurrence.objects.all().delete()
        for event in events_to_store().iterator(chunk_size=200):
            batch = rows_for(event, until)
            StoredOccurrence.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            events, rows = events + 1, rows + len(batch)
        StoredOccurrenceHorizon.objects.update_or_create(pk=1, defaults={"until": until})
        # Fresh statistics, so that the planner reads the list along the
        # index (PostgreSQL's autovacuum would come later, SQLite never).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(StoredOccurrence._meta.db_table)}")
    return events, rows


def on_page_changed(sender, instance, **kwargs):
    """page_published and page_unpublished."""
    if isinstance(instance, EventPage):
        store_event(instance)


def on_alias_created(sender, instance, created, raw=False, **kwargs):
    """wagtail-localize makes a live alias of a live German event when the
    Russian tree is synchronised: no publish, so store its dates here (after
    the commit, when its date changes have been copied too)."""
    if created and not raw and instance.alias_of_id and instance.live:
        transaction.on_commit(lambda: store_event(instance), robust=True)
