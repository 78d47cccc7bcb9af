"""The occurrence engine: the one place that turns events into dated
occurrences. Calendar pages, event pages and the teasers on home, agency,
focus-area and project pages all read from here, so they cannot disagree."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

TZ = ZoneInfo(settings.EVENTS_TIME_ZONE)


@dataclass(frozen=True)
class Occurrence:
    event: "EventPage"  # noqa: F821 - avoids a circular import
    start: dt.datetime
    end: dt.datetime | None
    all_day: bool

    @property
    def start_date(self):
        return self.start.date()

    @property
    def end_date(self):
        return self.end.date() if self.end else self.start_date

    @property
    def is_multi_day(self):
        return self.end_date != self.start_date


def _occurrence(event):
    if event.all_day:
        start = dt.datetime.combine(event.start_date, dt.time.min, TZ)
        end = dt.datetime.combine(event.last_date, dt.time.min, TZ)
    else:
        start = dt.datetime.combine(event.start_date, event.start_time, TZ)
        end = dt.datetime.combine(event.last_date, event.end_time, TZ) if event.end_time else None
    return Occurrence(event=event, start=start, end=end, all_day=event.all_day)


def _events(locale, agency=None, focus_area=None, project=None):
    from .models import EventPage

    events = (
        EventPage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("location", "agency", "locale")
    )
    if agency is not None:
        events = events.filter(agency__translation_key=agency.translation_key)
    if focus_area is not None:
        events = events.filter(
            focus_area_links__focus_area__translation_key=focus_area.translation_key
        )
    if project is not None:
        events = events.filter(project__translation_key=project.translation_key)
    return events.distinct()


def upcoming_occurrences(*, locale, agency=None, focus_area=None, project=None, limit=None):
    today = timezone.localdate()
    events = _events(locale, agency, focus_area, project).filter(
        Q(start_date__gte=today) | Q(end_date__gte=today)
    )
    occurrences = sorted((_occurrence(e) for e in events), key=lambda o: o.start)
    return occurrences[:limit] if limit else occurrences


def occurrences_of(event, *, after, limit=None):
    occurrence = _occurrence(event)
    return [occurrence] if occurrence.end_date >= after else []
