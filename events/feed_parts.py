"""Feeds from stored parts: each live event's VEVENTs rendered once, when
the event or what it shows changes (``events.feed_part_signals``), and kept
as bytes in ``StoredFeedPart``; a feed is its header, its time zone and the
concatenation of the parts of the events it selects (served by
``events.feed_assembly``). Every write of parts is logged with the events it
wrote (``parts_changed``), so a feed reads only those again.

The parts are a copy, never the truth: a feed renders (and stores) on the
fly any part that is missing or no longer matches its event's row (a publish,
a move), so nothing is served wrong before the first store or after a
re-render failed. ``manage.py store_occurrences`` re-renders every part each
night, as open-ended series reach a day further; a part whose bytes stay the
same keeps its version, and so the feeds their ETags.
"""

import hashlib
from itertools import groupby

from django.apps import apps
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation

from .ical import clean_ical
from .vevents import FeedContext, event_components

CHUNK_SIZE = 200
# What the feeds read of an event page to tell whether its part is fresh
# (StoredFeedPart.is_fresh_for).
EVENT_FIELDS = ("last_published_at", "live_revision_id", "url_path")


def stored_parts():
    """The manager of the stored parts, from Django's app registry (as
    ``events.occurrences.event_pages``): the event page serves its feed
    from here, so this module imports no models."""
    return apps.get_model("events", "StoredFeedPart").objects


def parts_changed(event_ids):
    """Called in the transaction of every write of stored parts, with the
    events whose parts were written: the feeds' addresses no longer name
    the ETags they named, and read those events again
    (``events.feed_assembly``)."""
    apps.get_model("events", "FeedPartsGeneration").bump(event_ids)


def events_to_render():
    """Live event pages with everything their VEVENTs show."""
    return apps.get_model("events", "EventPage").objects.live().for_listings().for_feed()


def version_of(body):
    return hashlib.sha256(body).hexdigest()


def render_parts(events):
    """{pk: VEVENT bytes} of ``events`` (a list, as ``events_to_render``
    loads them), each in its own language and with the URLs of its Site (a
    part serves every request, whatever host it came by)."""
    bodies = {}
    events = sorted(events, key=lambda event: event.locale_id)
    for _, group in groupby(events, key=lambda event: event.locale_id):
        group = list(group)
        locale = group[0].locale
        # A cancelled date's label and a holiday's name are translated.
        with translation.override(locale.language_code):
            prefetch_related_objects(group, "past_schedules__location")
            context = FeedContext.for_events(group, None, locale)
            for event in group:
                components = event_components(event, context)
                body = b"".join(component.to_ical() for component in components)
                # Cleaned once, here: a feed is served as a plain join.
                bodies[event.pk] = clean_ical(body)
    return bodies


def _part(event, body, now):
    return stored_parts().model(
        event_id=event.pk,
        body=body,
        version=version_of(body),
        published_at=event.last_published_at,
        revision_id=event.live_revision_id,
        url_path=event.url_path,
        rendered_on=timezone.localdate(now),
        rendered_at=now,
    )


def store_parts(events):
    """Render and store the parts of ``events``; returns them by pk."""
    bodies = render_parts(events)
    now = timezone.now()
    parts = [_part(event, bodies[event.pk], now) for event in events]
    with transaction.atomic():
        stored_parts().bulk_create(
            parts,
            update_conflicts=True,
            unique_fields=["event"],
            update_fields=[
                f.name for f in stored_parts().model._meta.concrete_fields if not f.primary_key
            ],
        )
        parts_changed([part.event_id for part in parts])
    return {part.event_id: part for part in parts}


def delete_parts(parts, *, event_ids=()):
    """Delete ``parts`` (a queryset of stored parts), in one transaction
    with ``parts_changed`` where there were any, or where ``event_ids``
    name events that changed (a new event saved live outside a publish,
    which has no part yet, still changes the feeds that select it)."""
    with transaction.atomic():
        deleted_ids = list(parts.values_list("event_id", flat=True))
        deleted, _ = parts.delete()
        if deleted > len(deleted_ids):  # one stored meanwhile, unknown which
            parts_changed(None)
        elif deleted or event_ids:
            parts_changed({*deleted_ids, *event_ids})
    return deleted


def refresh_parts(event_ids):
    """Re-render the parts of the live events among ``event_ids`` and drop
    those of the others (unpublished)."""
    ids = set(event_ids)
    events = list(events_to_render().filter(pk__in=ids))
    delete_parts(stored_parts().filter(event_id__in=ids - {event.pk for event in events}))
    if events:
        store_parts(events)


def store_all_parts():
    """The nightly re-render of every part: only parts whose bytes changed
    are written (and so get a new version). Returns (events, changed)."""
    delete_parts(stored_parts().exclude(event__live=True))
    apps.get_model("events", "FeedPartsChange").prune()
    today = timezone.localdate()
    count = changed = 0
    pks = list(events_to_render().values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK_SIZE):
        events = list(events_to_render().filter(pk__in=pks[start : start + CHUNK_SIZE]))
        stored = {part.event_id: part for part in stored_parts().filter(event__in=events)}
        bodies = render_parts(events)
        stale = [
            event
            for event in events
            if event.pk not in stored
            or stored[event.pk].version != version_of(bodies[event.pk])
            or not stored[event.pk].is_fresh_for(*_event_key(event))
        ]
        if stale:
            store_parts(stale)
        unchanged = {event.pk for event in events} - {event.pk for event in stale}
        stored_parts().filter(event_id__in=unchanged).update(rendered_on=today)
        count, changed = count + len(events), changed + len(stale)
    return count, changed


def _event_key(event):
    return tuple(getattr(event, name) for name in EVENT_FIELDS)
