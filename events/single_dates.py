"""One date of a series by its address: ``<event>/<YYYY-MM-DD>/`` names the
date an occurrence was scheduled for (its ORIGINAL date), so the address of
a date stays when the date is moved, cancelled or gets a note.

Reads the occurrence engine (events.schedule); imports no models.
"""

import datetime as dt
import re

from .recurrence_rules import in_calendar_years
from .schedule import occurrence_on_date

# The path segment of a date page: ISO 8601, as the routes match it.
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
SINGLE_UID_FORMAT = "event-{key}-{date:%Y%m%d}-single@integrationsagenturen"


def parse_address_date(value):
    """The date of an address segment ``YYYY-MM-DD``, or None for one that
    is no day (2027-02-30) or lies outside the calendar's years (0000-01-01,
    9999-12-31: never expanded, so never a date of an event)."""
    if not re.fullmatch(DATE_PATTERN, value):
        return None
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return date if in_calendar_years(date) else None


def occurrence_on_original_date(event, date):
    """The occurrence ``event`` was scheduled to have on ``date`` (as it
    stands now: cancelled, moved, with a note, skipped for a holiday), by
    whichever of its schedules gives that date, or None if none does."""
    return occurrence_on_date(event, date)


def original_date_moved_to(event, date):
    """The original date of a date of ``event`` that was moved to ``date``
    (a date page's address is its original date), or None."""
    for change in event.date_changes.all():
        if (
            change.action == change.Action.MOVE
            and change.new_date == date
            and change.date != date
            and occurrence_on_original_date(event, change.date) is not None
        ):
            return change.date
    return None


def single_date_uid(occurrence):
    """The UID of one date added on its own: distinct from the series' UID,
    so that adding it never collides with a subscribed series."""
    return SINGLE_UID_FORMAT.format(
        key=occurrence.event.translation_key, date=occurrence.original_date
    )
