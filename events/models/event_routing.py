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
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from .compiled import compiled
from .date_changes import EventDateChange
from .past_schedules import EventPastSchedule


def event_pages():
    """The manager of the event pages, from Django's app registry (as
    events.occurrences finds it): events.models.event imports the calendar
    page's module for its feed URL."""
    return apps.get_model("events", "EventPage").objects


def child_event(index_page, slug):
    """The event page ``slug`` under ``index_page``, ready for its own
    pages; Http404 if there is none (as Wagtail's ``Page.route``). Its
    query is compiled once per calendar page and process
    (``events.models.compiled``): compiling it cost more than running it
    (~1 ms of an event page's ~10 ms miss)."""
    using = event_pages().db
    found = compiled(
        ("child event", using, index_page.pk, index_page.path, index_page.depth),
        lambda slug: (
            event_pages()
            .child_of(index_page)
            .select_related("locale", "location", "agency")
            .filter(slug=slug)
        ),
        slug=slug,
    ).objects(slug=slug)
    if not found:
        raise Http404
    # One (a slug is unique among siblings), with what its pages read.
    prefetch_related_objects(
        found,
        Prefetch("date_changes", queryset=EventDateChange.objects.select_related("new_location")),
        Prefetch("past_schedules", queryset=EventPastSchedule.objects.select_related("location")),
    )
    event = found[0]
    # As Page.route does: its parent without a query (breadcrumbs).
    event._cached_parent_obj = index_page
    return event
