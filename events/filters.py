"""The page types that filter the calendar: each declares its filter on its
class, so the calendar (events.forms) finds them through Wagtail's page
models without importing the apps that define them."""

import functools
from dataclasses import dataclass

from wagtail.models import get_page_models


@dataclass(frozen=True)
class CalendarFilter:
    """On a page type whose pages filter the calendar: the GET parameter
    that names one of them by its slug (``?agentur=<slug>``), and the keyword
    of the event querysets it fills (``EventPage.objects.live_in(locale,
    agency=page)``)."""

    parameter: str
    field: str


@functools.cache
def page_filters():
    """{GET parameter: page model} of the page types that declare a
    ``calendar_filter`` (their subclasses inherit none of it)."""
    return {
        model.calendar_filter.parameter: model
        for model in get_page_models()
        if isinstance(vars(model).get("calendar_filter"), CalendarFilter)
    }
