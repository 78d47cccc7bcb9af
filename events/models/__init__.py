"""The events app's models, one module per kind (as wagtail.org's
core/models/): ``from events.models import EventPage`` keeps working."""

from .calendar import CalendarFeedMixin, EventIndexPage
from .date_changes import EventDateChange
from .event import RELATED_FIELDS, SCHEDULE_FIELDS, EventFocusArea, EventPage
from .feed_parts import StoredFeedPart
from .past_schedules import EventPastSchedule
from .pending_sync import PendingDateSync
from .stored import StoredOccurrence, StoredOccurrenceHorizon

__all__ = [
    "RELATED_FIELDS",
    "SCHEDULE_FIELDS",
    "CalendarFeedMixin",
    "EventDateChange",
    "EventFocusArea",
    "EventIndexPage",
    "EventPage",
    "EventPastSchedule",
    "PendingDateSync",
    "StoredFeedPart",
    "StoredOccurrence",
    "StoredOccurrenceHorizon",
]
