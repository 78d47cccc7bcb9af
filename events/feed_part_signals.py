"""When a stored feed part (``events.feed_parts``) is re-rendered: when its
event is published, unpublished, moved or deleted, or when a place, a contact
person, an agency or a focus area it shows changes; only the parts of the
events that show it.

A change first drops the parts it makes stale, in its own transaction, and
re-renders them after the commit: should that fail (logged at ERROR by
Django's ``on_commit(robust=True)``), the feeds render the missing parts on
the fly, and the nightly ``store_occurrences`` stores them again. So no feed
ever serves a part that no longer says what the site says.
"""

from django.db import transaction
from django.db.models import F, Q

from .feed_parts import delete_parts, refresh_parts, stored_parts
from .models import EventDateChange, EventFocusArea, EventPage, EventPastSchedule


def drop_parts(event_ids):
    """Make the parts of ``event_ids`` stale now: the feeds render them."""
    ids = set(event_ids)
    if ids:
        delete_parts(stored_parts().filter(event_id__in=ids), event_ids=ids)
    return ids


def rerender_after_commit(event_ids):
    ids = drop_parts(event_ids)
    if ids:
        transaction.on_commit(lambda: refresh_parts(ids), robust=True)


def _showing_page(page):
    """The events that show ``page`` (an agency or focus area, in any
    language: a Russian event shows the Russian title of a German agency)
    or lie below it (a move or a new slug changes their URLs)."""
    key = page.translation_key
    showing = EventPage.objects.filter(
        Q(agency__translation_key=key) | Q(focus_area_links__focus_area__translation_key=key)
    ).values_list("pk", flat=True)
    moved = (
        stored_parts()
        .filter(event__path__startswith=page.path)
        .exclude(url_path=F("event__url_path"))
        .values_list("event_id", flat=True)
    )
    return {*showing, *moved}


def on_page_changed(sender, instance, **kwargs):
    """page_published and page_unpublished (also of aliases, which Wagtail
    publishes with their original, and of translations, which events.sync
    publishes after the German event). Wagtail unpublishes a live page it
    deletes (its pre_delete_page_unpublish), so an agency or focus area that
    goes re-renders its events too, after the commit, without it."""
    if isinstance(instance, EventPage):
        rerender_after_commit([instance.pk])
    else:
        rerender_after_commit(_showing_page(instance))


def on_page_moved(sender, instance, **kwargs):
    """page_moved: the URLs of the page and all below it change."""
    below = EventPage.objects.filter(path__startswith=instance.path)
    rerender_after_commit(below.values_list("pk", flat=True))


def on_event_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    """post_save of an event page: a full save changes what it shows (a
    publish, an import, a shell edit); Wagtail saves drafts with
    ``update_fields``, which change nothing live."""
    if not raw and update_fields is None:
        drop_parts([instance.pk])


def on_event_row_changed(sender, instance, raw=False, **kwargs):
    """post_save and post_delete of a date change, former schedule or
    focus-area link (saved with a publish, or on their own)."""
    if not raw:
        drop_parts([instance.page_id])


def on_location_changed(sender, instance, raw=False, **kwargs):
    """post_save and pre_delete of a place: the events held there, on a
    moved date, or under a former schedule."""
    if not raw:
        at = EventPage.objects.filter(
            Q(location=instance)
            | Q(date_changes__new_location=instance)
            | Q(past_schedules__location=instance)
        )
        rerender_after_commit(at.values_list("pk", flat=True))


def on_contact_changed(sender, instance, raw=False, **kwargs):
    """post_save and pre_delete of a contact person (the ORGANIZER)."""
    if not raw:
        rerender_after_commit(
            EventPage.objects.filter(contact_person=instance).values_list("pk", flat=True)
        )


def on_site_changed(sender, instance, raw=False, **kwargs):
    """A Site's host or port changes every URL: the feeds render anew."""
    if not raw:
        delete_parts(stored_parts().all())


EVENT_ROWS = (EventDateChange, EventPastSchedule, EventFocusArea)
