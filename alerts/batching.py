"""Closing the windows: the task that turns pending changes into alert mails.

A change waits ``ALERT_DELAY`` after it was published (an undo within that
time sends nothing); then each confirmed subscriber who follows its event
gets one mail with every change they have not been told yet, at most one
mail per ``ALERT_INTERVAL``: a change that comes within the hour after a
mail waits for the hour to end, and goes out with whatever else came.

Which changes a subscriber has been told follows from ``last_alert_at``
alone: a mail queued at T told every change made up to T - ALERT_DELAY.
A change whose date is, when its window closes, as it was before the first
change (``PendingChange.before``) is dropped: undone.

The task runs on the "mail" task backend (worked by ``db_worker``), planned
by each publish that recorded a change (alerts.changes) and again by
itself while a subscriber's hour is not over; a run with nothing due does
nothing, so extra runs are harmless.
"""

import datetime as dt
import logging

from django_tasks import task

from django.db import transaction
from django.utils import timezone

from events.models import EventPage

from .followers import followers_of
from .mails import alert_mail
from .models import PendingChange
from .outbox import TASK_BACKEND, queue_mail
from .snapshots import date_now, kind_of_change

logger = logging.getLogger(__name__)

# How long a change waits, so that one undone at once sends nothing.
ALERT_DELAY = dt.timedelta(minutes=10)
# At most one alert mail per subscriber within this time.
ALERT_INTERVAL = dt.timedelta(hours=1)
# A handled change is still looked at for this long, for the followers
# whose hour was not over when it was handled (with room for a late worker).
KEPT_AFTER_HANDLED = 2 * ALERT_INTERVAL
# A change still unhandled this long after its window closed is shown to the
# moderators as overdue (the worker runs a closed window within seconds).
OVERDUE_AFTER = dt.timedelta(minutes=15)


def close_window_later():
    close_windows.using(run_after=timezone.now() + ALERT_DELAY).enqueue()


def overdue_changes(now=None):
    """Changes whose window closed more than OVERDUE_AFTER ago and that are
    still not handled: the mail worker is not running, its run failed, or a
    follower's mail could not be written (each logged at ERROR)."""
    now = now or timezone.now()
    return PendingChange.objects.filter(
        handled_at__isnull=True, created_at__lt=now - ALERT_DELAY - OVERDUE_AFTER
    )


def visible_events(ids):
    """{pk: event} of the events visitors may see (live, public)."""
    return {event.pk: event for event in EventPage.objects.live().public().filter(pk__in=ids)}


def told(subscriber):
    """Changes made up to this time have been told to ``subscriber``."""
    told_until = subscriber.confirmed_at
    if subscriber.last_alert_at:
        told_until = max(told_until, subscriber.last_alert_at - ALERT_DELAY)
    return told_until


def what_to_tell(changes, events):
    """The items of one mail: ``changes`` (one subscriber's, oldest first)
    merged per event and date, each compared with the date as it is now;
    those undone are left out. A new event is told as new, its dates not."""
    new_events = {c.event_id for c in changes if c.kind == PendingChange.Kind.NEW_EVENT}
    items, seen = [], set()
    for change in changes:
        event = events.get(change.event_id)
        key = (change.event_id, change.date)
        if event is None or key in seen:
            continue
        seen.add(key)
        if change.kind == PendingChange.Kind.NEW_EVENT:
            items.append({"event": event, "date": None, "kind": change.kind, "before": {}})
            continue
        if change.event_id in new_events:
            continue
        now = date_now(event, change.date)
        # The first change of the window holds the date as visitors saw it.
        kind = kind_of_change(change.before, now)
        if kind is not None:
            items.append(
                {"event": event, "date": change.date, "kind": kind, "before": change.before}
            )
    return items


def tell(subscriber, changes, events, now):
    """Queue the one mail that tells ``subscriber`` of ``changes``; nothing
    when all of them were undone."""
    items = what_to_tell(changes, events)
    if not items:
        return
    with transaction.atomic():
        queue_mail(subscriber=subscriber, **alert_mail(subscriber, items))
        subscriber.last_alert_at = now
        subscriber.save(update_fields=["last_alert_at"])


def followers_by_subscriber(events):
    """{subscriber pk: (subscriber, {ids of the events they follow})}."""
    following = {}
    for event in events.values():
        for subscriber in followers_of(event):
            following.setdefault(subscriber.pk, (subscriber, set()))[1].add(event.pk)
    return following


@task(backend=TASK_BACKEND)
def close_windows():
    """Tell every subscriber whose hour is over of the changes whose window
    has closed; plan the next run for those whose hour is not."""
    now = timezone.now()
    # Changes some follower may not have been told yet: those not handled,
    # and those handled lately (a follower's hour may not have been over).
    changes = list(
        PendingChange.objects.filter(created_at__lte=now - ALERT_DELAY)
        .exclude(handled_at__lt=now - KEPT_AFTER_HANDLED)
        .order_by("created_at", "pk")
    )
    events = visible_events({change.event_id for change in changes})
    next_runs, untold_after_failure = [], set()
    for subscriber, followed in followers_by_subscriber(events).values():
        since = told(subscriber)
        untold = [c for c in changes if c.created_at > since and c.event_id in followed]
        if not untold:
            continue
        if subscriber.last_alert_at and subscriber.last_alert_at + ALERT_INTERVAL > now:
            next_runs.append(subscriber.last_alert_at + ALERT_INTERVAL)
            continue
        try:
            tell(subscriber, untold, events, now)
        except Exception:
            # The others still get theirs; this one's changes stay unhandled,
            # so the next run tries again and the moderators' panel shows
            # them as overdue (alerts.dashboard) until it succeeds.
            logger.exception("Alert mail to %s could not be written", subscriber)
            untold_after_failure.update(change.pk for change in untold)
            next_runs.append(now + ALERT_DELAY)
    handled = [c.pk for c in changes if c.pk not in untold_after_failure]
    PendingChange.objects.filter(pk__in=handled, handled_at__isnull=True).update(handled_at=now)
    if next_runs:
        close_windows.using(run_after=min(next_runs)).enqueue()
