"""Finding an event page under its calendar page, with what the event's
own pages (the page, its dates, its date pages) read of it, for
``EventIndexPage.route``.

Wagtail's ``Page.route`` finds a child as a plain ``Page`` and then fetches
its specific page (two queries); the event and date pages then read the
event's locale, place and agency one query each, and the engine reads its
single-date changes and former schedules once per use (modelcluster's
managers query on every ``.all()``: a date page read them twice). Here it
is one query for the event, one for each of the two relations."""

from django.apps import apps
from django.db.models import Prefetch
from django.http import Http404

from .date_changes import EventDateChange
from .past_schedules import EventPastSchedule


def event_pages():
    """The manager of the event pages, from Django's app registry (as
    events.occurrences finds it): events.models.event imports the calendar
    page's module for its feed URL."""
    return apps.get_model("events", "EventPage").objects


def child_event(index_page, slug):
    """The event page ``slug`` under ``index_page``, ready for its own
    pages; Http404 if there is none (as Wagtail's ``Page.route``)."""
    events = (
        event_pages()
        .child_of(index_page)
        .select_related("locale", "location", "agency")
        .prefetch_related(
            Prefetch(
                "date_changes", queryset=EventDateChange.objects.select_related("new_location")
            ),
            Prefetch(
                "past_schedules", queryset=EventPastSchedule.objects.select_related("location")
            ),
        )
    )
    try:
        # get(), not first(): no ORDER BY (a slug is unique among siblings).
        event = events.get(slug=slug)
    except events.model.DoesNotExist as error:
        raise Http404 from error
    # As Page.route does: its parent without a query (breadcrumbs).
    event._cached_parent_obj = index_page
    return event
