"""The page types that filter the calendar declare their filter on their
class, so the calendar's pieces find them without importing their apps."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CalendarFilter:
    """On a page type whose pages filter the calendar: the GET parameter
    that names one of them by its slug (``?agentur=<slug>``), and the keyword
    of the occurrence engine it fills (``upcoming_occurrences(agency=page)``)."""

    parameter: str
    field: str
