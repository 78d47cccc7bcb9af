"""What a calendar line shows of a stored row (``events.models.stored``):
its event as a ``ListedEvent`` and its place as a ``ListedPlace``, read as
values with the row, and the ``Occurrence`` made of them."""

from typing import NamedTuple

from django.utils.translation import gettext

from ..recurrence_rules import TZ
from ..schedule import Occurrence, Status


class ListedEvent(NamedTuple):
    """What a line of the calendar's month or list shows of an event, read
    with its stored rows: loading the ~100 event pages of a month (their
    schedules parsed on the way) cost more than the month's rows."""

    pk: int
    title: str
    url_path: str


# The columns of a month line: the row's, then its event's address.
LINE_COLUMNS = (
    "event_id",
    "title",
    "original_date",
    "start",
    "end",
    "all_day",
    "status",
    "reason",
    "note",
    "event__url_path",
)


class ListedPlace(NamedTuple):
    """What a line of the calendar's list shows of a date's place."""

    name: str


# The columns of a list line: a month line's, then its place's name.
LIST_LINE_COLUMNS = (*LINE_COLUMNS, "location__name")


def list_line_occurrence(values):
    """The ``Occurrence`` of a row's ``LIST_LINE_COLUMNS``: as
    ``line_occurrence``, with its place's name (a ``ListedPlace``)."""
    *line, place = values
    return line_occurrence(line, None if place is None else ListedPlace(place))


# Each stored status's ``Status``: a dict lookup, where calling the enum
# for each of a month's ~150 rows took longer than the lookup.
STATUSES = {status.value: status for status in Status}


def line_occurrence(values, place=None):
    """The ``Occurrence`` of a row's ``LINE_COLUMNS``, its event a
    ``ListedEvent``; its ``place`` None where the line shows none (the
    month)."""
    event_id, title, original_date, start, end, all_day, status, reason, note, url_path = values
    return Occurrence(
        event=ListedEvent(event_id, title, url_path),
        original_date=original_date,
        start=start.astimezone(TZ),
        end=end and end.astimezone(TZ),
        all_day=all_day,
        status=STATUSES[status],
        # A holiday's name in the visitor's language.
        reason=gettext(reason) if status == Status.SKIPPED_HOLIDAY else reason,
        note=note,
        location=place,
    )
