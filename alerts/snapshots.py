"""A date as visitors see it, as plain data: what the change detection
(alerts.changes) keeps in ``PendingChange.before`` and the batching
(alerts.batching) compares with the date as it is when its window closes.

A snapshot is keyed by the date's original date (a moved date keeps it, as
its page's address does) and read from the occurrence engine, so an alert
says what the calendar, the feeds and the date page say.
"""

import datetime as dt

from django.utils import translation

from events.schedule import Status, occurrence_on, series_dates

from .models import PendingChange

# How far ahead a change is worth a mail: the calendar's coming year.
HORIZON = dt.timedelta(days=366)

# A date that is no longer a date of the series (a schedule change or an
# excluded day removed it) reads like a cancelled one.
ABSENT = {"status": "absent"}
CANCELLED = {Status.CANCELLED.value, Status.SKIPPED_HOLIDAY.value, ABSENT["status"]}


def snapshot(occurrence):
    """The parts of ``occurrence`` a visitor acts on."""
    return {
        "status": occurrence.status.value,
        "start": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat() if occurrence.end else None,
        "all_day": occurrence.all_day,
        "location": occurrence.location.pk if occurrence.location else None,
        "reason": occurrence.reason,
        "note": occurrence.note,
    }


def coming_dates(event, first, last=None):
    """{original date: snapshot} of ``event``'s dates from ``first`` on (an
    EventPage, live or from a revision: the engine reads its fields)."""
    last = last or first + HORIZON
    changes = {change.date: change for change in event.date_changes.all()}
    # Untranslated (like events.store): a holiday's name must not differ
    # between two snapshots because the language of the request did.
    with translation.override(None):
        return {
            date: snapshot(occurrence_on(event, date, changes.get(date)))
            for date in series_dates(event, first, last)
            if date >= first
        }


def date_now(event, date):
    """The snapshot of ``event``'s date ``date`` as it is now, or ABSENT."""
    return coming_dates(event, date, date).get(date, ABSENT)


def kind_of_change(before, now):
    """What changed for a visitor from ``before`` to ``now`` (snapshots), as
    a PendingChange.Kind, or None where nothing they would act on did: the
    same date, a change undone, a reworded reason, a note taken away."""
    if before == now:
        return None
    was_cancelled = before.get("status") in CANCELLED
    if now.get("status") in CANCELLED:
        return None if was_cancelled else PendingChange.Kind.CANCELLED
    if was_cancelled:
        # Takes place after all (a cancellation taken back after it was
        # told): its time and place are what visitors must hear again.
        return PendingChange.Kind.MOVED
    if any(before.get(key) != now.get(key) for key in ("start", "end", "location")):
        return PendingChange.Kind.MOVED
    if now.get("note") and now.get("note") != before.get("note"):
        return PendingChange.Kind.NOTE
    return None
