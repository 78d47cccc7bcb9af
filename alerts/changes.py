"""Change detection: when a German event is published, which of its coming
dates visitors now see differently, written as ``PendingChange`` rows in
the publish's own transaction (committed with it, or not at all).

Only the German publish is looked at: that is where dates change (the
Russian twin gets them from it, events.sync); the Russian reason is read
from the twin when the mail is written (alerts.mails). The publish only
compares two versions of one event and writes rows: the mails come later,
from the batching task (alerts.batching) on the "mail" task backend.

"Before" is the version visitors saw: the revision of the previous publish,
found in Wagtail's log (the publish's own log entry is written after
``page_published``). An event published for the first time is a new event.
"""

import logging

from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, PageLogEntry, Revision

from events.models import EventPage

from . import batching
from .models import PendingChange
from .snapshots import ABSENT, coming_dates, kind_of_change

logger = logging.getLogger(__name__)

# Wagtail's log actions that make a revision live, and that take a page down.
PUBLISH_ACTIONS = ["wagtail.publish", "wagtail.publish.scheduled"]
UNPUBLISH_ACTIONS = ["wagtail.unpublish", "wagtail.unpublish.scheduled"]


class NeverPublished:
    """The previous version of an event published for the first time."""


def previous_version(page, revision):
    """The event as visitors saw it before ``revision`` went live: an
    EventPage from the previous publish's revision, NeverPublished, or None
    when visitors saw nothing (it was unpublished) or that revision is gone
    (purged), so there is nothing to compare with."""
    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action__in=PUBLISH_ACTIONS + UNPUBLISH_ACTIONS)
        .exclude(action__in=PUBLISH_ACTIONS, revision_id=revision.pk)
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return NeverPublished
    if entry.action in UNPUBLISH_ACTIONS:
        return None
    previous = Revision.objects.filter(pk=entry.revision_id).first()
    if previous is None:
        logger.warning(
            "Event %s: the revision visitors saw before is gone; no alerts for this publish",
            page.pk,
        )
        return None
    return previous.as_object()


def record(event, date, kind, before):
    """A PendingChange for ``event``'s ``date``; one already waiting for
    the same date keeps its ``before``, the date as visitors saw it when the
    window opened, so that an undo compares equal."""
    waiting = PendingChange.objects.filter(event=event, date=date, handled_at__isnull=True)
    if date is not None and waiting.exists():
        waiting.update(kind=kind)
        return
    if date is None and waiting.exists():  # a new event republished in its window
        return
    PendingChange.objects.create(event=event, date=date, kind=kind, before=before)


def detect_changes(event, previous, today):
    """[(date, kind, before)] of ``event``'s dates from ``today`` on that
    visitors see differently than in ``previous``."""
    before = coming_dates(previous, today)
    now = coming_dates(event, today)
    found = []
    for date, was in sorted(before.items()):
        kind = kind_of_change(was, now.get(date, ABSENT))
        if kind is not None:
            found.append((date, kind, was))
    return found


def on_page_published(sender, instance, revision, **kwargs):
    """``page_published``: record what changed for visitors of a German event."""
    if not isinstance(instance, EventPage) or instance.locale_id != Locale.get_default().pk:
        return
    previous = previous_version(instance, revision)
    if previous is None:
        return
    event = EventPage.objects.get(pk=instance.pk)
    today = timezone.localdate()
    if previous is NeverPublished:
        if not coming_dates(event, today):
            return  # an event entered after the fact: nothing to come
        record(event, None, PendingChange.Kind.NEW_EVENT, {})
    else:
        changes = detect_changes(event, previous, today)
        if not changes:
            return
        for date, kind, before in changes:
            record(event, date, kind, before)
    # The window closes ALERT_DELAY after the change; robust: should the
    # queue be unreachable, the next publish or run still finds the rows.
    transaction.on_commit(batching.close_window_later, robust=True)
