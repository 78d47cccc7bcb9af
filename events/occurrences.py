"""The occurrence engine: the one place that turns events into dated
occurrences. Calendar pages, event pages and the teasers on home, agency,
focus-area and project pages all read from here, so they cannot disagree.

Schedules are expanded in Europe/Berlin wall-clock time: the rule yields
dates, each date gets the event's local start time, and only then is the
result made timezone-aware. django-recurrence itself converts to UTC, which
moves a weekly 18:00 event to 19:00 after the change to summer time; we use
its parsed rules but never its ``between()``. Rules are expanded by
``BoundedRule``, which stops at their end even where no date falls near it.

Listings read the same occurrences from stored rows where ``events.store``
has them (sorted and paged in SQL), and expand events here where it has not.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from zoneinfo import ZoneInfo

from dateutil import rrule

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bounded_rules import BoundedRule
from .holidays import jewish_holiday, public_holiday

TZ = ZoneInfo(settings.EVENTS_TIME_ZONE)

logger = logging.getLogger(__name__)

# Beyond these years a date is a typo or a probe, not a calendar page. The
# editor refuses them too: the calendar could not show them, and a date at
# the end of year 9999 has no next day to end on.
FIRST_YEAR, LAST_YEAR = 2000, 2100

# How far ahead an open-ended rule is checked when the event is saved.
VALIDATION_HORIZON = dt.timedelta(days=3 * 366)
MAX_DATES_IN_HORIZON = 3 * 366

# No rule gives a date after this: the last the calendar shows, and the
# horizon a rule starting then is checked over. A rule is never scanned
# beyond it, whatever its filters (see events.bounded_rules).
LAST_EXPANDED = dt.datetime.combine(dt.date(LAST_YEAR, 12, 31) + VALIDATION_HORIZON, dt.time.max)

INVALID_RULE = _(
    "Diese Wiederholung ist ungültig. Bitte stellen Sie die Wiederholung neu ein oder lassen "
    "Sie das Feld leer."
)
NO_DATE = _(
    "Diese Regel ergibt keinen einzigen Termin: Kein Tag passt zu allen gewählten Angaben "
    "(einen 30. Februar oder einen 31. April gibt es zum Beispiel nie). Bitte prüfen Sie "
    "Monate, Tage, Wochentage und das Ende der Wiederholung."
)


class Status(StrEnum):
    SCHEDULED = "scheduled"
    MOVED = "moved"
    CANCELLED = "cancelled"
    SKIPPED_HOLIDAY = "skipped-holiday"


STATUS_LABELS = {
    Status.SCHEDULED: _("findet statt"),
    Status.MOVED: _("verschoben"),
    Status.CANCELLED: _("abgesagt"),
    Status.SKIPPED_HOLIDAY: _("fällt aus (Feiertag)"),
}


@dataclass(frozen=True)
class Occurrence:
    event: "EventPage"  # noqa: F821 - a string avoids a circular import
    original_date: dt.date
    start: dt.datetime
    end: dt.datetime | None
    all_day: bool
    status: Status = Status.SCHEDULED
    location: object = None
    reason: str = ""
    note: str = ""

    @property
    def start_date(self):
        return self.start.date()

    @property
    def end_date(self):
        if self.end is None:
            return self.start_date
        if self.all_day:
            return (self.end - dt.timedelta(days=1)).date()
        return self.end.date()

    @property
    def is_multi_day(self):
        return self.end_date != self.start_date

    @property
    def is_cancelled(self):
        return self.status in (Status.CANCELLED, Status.SKIPPED_HOLIDAY)

    @property
    def is_moved(self):
        return self.status == Status.MOVED

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


# Expanding schedules


def local_date(value):
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            return value.astimezone(TZ).date()
        return value.date()
    return value


def local_rule(rule, dtstart):
    """A dateutil rule in naive local time from a django-recurrence rule,
    bounded by its UNTIL and ``LAST_EXPANDED``. UNTIL is a day: the whole
    day counts, whatever UTC instant it was saved as."""
    until = None
    if rule.until is not None:
        until = dt.datetime.combine(local_date(rule.until), dt.time.max)
    # The arguments of django-recurrence's Rule.to_dateutil_rrule(), for
    # our subclass of dateutil's rrule.
    byparams = {param: getattr(rule, param) or None for param in rule.byparams}
    byparams["byweekday"] = byparams.pop("byday")
    return BoundedRule(
        rule.freq,
        dtstart=dtstart,
        interval=rule.interval,
        wkst=rule.wkst,
        count=rule.count,
        until=until,
        last=LAST_EXPANDED,
        **byparams,
    )


def schedule(event, *, exclusions=True):
    """The event's dates as a dateutil rruleset of naive local midnights;
    without ``exclusions`` (EXRULE, EXDATE) for the feeds, which write the
    excluded dates out themselves."""
    dtstart = dt.datetime.combine(event.start_date, dt.time.min)
    dates = rrule.rruleset()
    dates.rdate(dtstart)
    recurrence = event.recurrence
    if recurrence:
        for rule in usable_rules(recurrence.rrules, event.start_date):
            dates.rrule(local_rule(rule, dtstart))
        for value in recurrence.rdates:
            dates.rdate(dt.datetime.combine(local_date(value), dt.time.min))
        if exclusions:
            for rule in usable_rules(recurrence.exrules, event.start_date):
                dates.exrule(local_rule(rule, dtstart))
            for value in recurrence.exdates:
                dates.exdate(dt.datetime.combine(local_date(value), dt.time.min))
    return dates


def scheduled_dates(event, first, last):
    """Dates of the event's schedule from ``first`` to ``last`` (inclusive).
    Bounded by the window, so an open-ended rule is never expanded further."""
    duration = (event.last_date - event.start_date).days
    # A multi-day event that began before the window still shows in it.
    since = dt.datetime.combine(first - dt.timedelta(days=duration), dt.time.min)
    until = dt.datetime.combine(last, dt.time.min)
    return [d.date() for d in schedule(event).between(since, until, inc=True)]


def times_on(event, date, start_time=None, end_time=None):
    """Start, end and all-day flag of the event on ``date`` (aware, Berlin)."""
    if event.all_day:
        start = dt.datetime.combine(date, dt.time.min, TZ)
        end_day = date + (event.last_date - event.start_date) + dt.timedelta(days=1)
        return start, dt.datetime.combine(end_day, dt.time.min, TZ), True
    start = dt.datetime.combine(date, start_time or event.start_time, TZ)
    end = None
    if end_time or event.end_time:
        end_day = date + (event.last_date - event.start_date)
        if end_time:
            end = dt.datetime.combine(end_day, end_time, TZ)
        else:
            # A date moved to another start without a new end keeps its
            # length in wall-clock time, rather than ending before it starts.
            usual_start = dt.datetime.combine(date, event.start_time)
            usual_end = dt.datetime.combine(end_day, event.end_time)
            end = (start.replace(tzinfo=None) + (usual_end - usual_start)).replace(tzinfo=TZ)
    return start, end, False


def _occurrence(event, date, change=None):
    start, end, all_day = times_on(event, date)
    kwargs = {"location": event.location}
    if change is not None:
        if change.action == change.Action.CANCEL:
            kwargs.update(status=Status.CANCELLED, reason=change.reason)
        elif change.action == change.Action.MOVE:
            start, end, all_day = times_on(
                event, change.new_date or date, change.new_start_time, change.new_end_time
            )
            kwargs.update(status=Status.MOVED, reason=change.reason)
            if change.new_location_id:
                kwargs["location"] = change.new_location
        else:
            kwargs["note"] = change.reason
    if kwargs.get("status") is None:
        holiday = None
        if event.skip_public_holidays:
            holiday = public_holiday(start.date())
        if holiday is None and event.skip_jewish_holidays:
            holiday = jewish_holiday(start.date(), None if all_day else start.time())
        if holiday is not None:
            # str(): the name in the language of the request, and joinable.
            kwargs.update(status=Status.SKIPPED_HOLIDAY, reason=str(holiday))
    return Occurrence(
        event=event, original_date=date, start=start, end=end, all_day=all_day, **kwargs
    )


def event_occurrences(event, first, last):
    """The event's occurrences that touch the days ``first`` to ``last``."""
    changes = {change.date: change for change in event.date_changes.all()}
    dates = set(scheduled_dates(event, first, last))
    # A date moved into the window from outside it.
    moved_in = [
        change.date
        for change in changes.values()
        if change.action == change.Action.MOVE
        and change.new_date
        and first <= change.new_date <= last
        and change.date not in dates
    ]
    for date in moved_in:
        if date in scheduled_dates(event, date, date):
            dates.add(date)
    result = []
    for date in dates:
        occurrence = _occurrence(event, date, changes.get(date))
        if occurrence.end_date >= first and occurrence.start_date <= last:
            result.append(occurrence)
    return sorted(result, key=lambda o: o.start)


# Querying


def _live_event_pages(*, locale, agency=None, focus_area=None, project=None, event_language=None):
    """Live, public events of a locale that match the filters, as a bare
    queryset: what ``live_events`` loads and the stored rows check."""
    from .models import EventPage

    events = (
        EventPage.objects.live()
        .public()
        .filter(locale=locale)
        # Past its expiry date but not yet unpublished by publish_scheduled.
        .exclude(expire_at__lte=timezone.now())
    )
    if agency is not None:
        events = events.filter(agency__translation_key=agency.translation_key)
    if focus_area is not None:
        events = events.filter(
            focus_area_links__focus_area__translation_key=focus_area.translation_key
        )
    if project is not None:
        events = events.filter(project__translation_key=project.translation_key)
    if event_language is not None:
        events = events.filter(event_language__in=[event_language, "de-ru"])
    return events


def live_events(*, locale, **filters):
    """Live, public events of a locale with everything the listings show,
    in a fixed number of queries."""
    from .models import EventDateChange

    return (
        _live_event_pages(locale=locale, **filters)
        # Listings and feeds never show the body.
        .defer_streamfields()
        .select_related("location", "agency", "project", "locale")
        .prefetch_related(
            Prefetch(
                "date_changes",
                queryset=EventDateChange.objects.select_related("new_location"),
            )
        )
        # The focus-area filter joins one row per linked focus area.
        .distinct()
    )


def feed_events(events):
    """``events`` with what the iCalendar feeds show besides the listings."""
    return list(
        events.select_related("location", "agency", "contact_person").prefetch_related(
            "focus_area_links__focus_area"
        )
    )


def _events_touching(first, last, *, locale, **filters):
    # Single events outside the window are left out in SQL; recurring ones
    # are expanded (cheaply, within the window) in Python.
    return live_events(locale=locale, **filters).filter(
        Q(start_date__lte=last)
        & (Q(end_date__gte=first) | Q(start_date__gte=first) | Q(recurrence__gt=""))
    )


def _expand(events, first, last):
    occurrences = []
    for event in events:
        occurrences.extend(event_occurrences(event, first, last))
    return sorted(occurrences, key=lambda o: (o.start, o.event.title, o.event.pk))


def _stored_rows(first, last, *, locale, offset, limit, newest_first=False, **filters):
    """Rows ``offset`` to ``offset + limit`` of the window, in date order
    (``newest_first``: in reverse, for the archive).

    Two queries, each along an index: the few multi-day dates that began
    before the window and still run (they come first), then the dates that
    begin in it, read in order of ``start`` and stopped at the limit."""
    from .models import StoredOccurrence

    # Per row, not as "event in (all live events)": the list reads the first
    # 21 rows along the date index and checks just their events.
    rows = StoredOccurrence.objects.filter(
        Exists(_live_event_pages(locale=locale, **filters).filter(pk=OuterRef("event_id")))
    ).select_related("location")
    window_start = dt.datetime.combine(first, dt.time.min, TZ)
    window_end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, TZ)
    if newest_first:
        # The archive lists dates by the day they began: one query, the
        # same index read backwards.
        rows = rows.filter(start__gte=window_start, start__lt=window_end).order_by(
            *(f"-{field}" for field in StoredOccurrence.ORDERING)
        )
        return list(rows[offset:] if limit is None else rows[offset : offset + limit])
    # Few rows, sorted here: ordered in SQL, SQLite would read them along
    # the date index (every past row) rather than the partial index of
    # multi-day rows.
    running = sorted(
        rows.filter(end_date__gt=F("start_date"), end_date__gte=first, start__lt=window_start),
        key=attrgetter(*StoredOccurrence.ORDERING),
    )
    beginning = rows.filter(start__gte=window_start, start__lt=window_end).order_by(
        *StoredOccurrence.ORDERING
    )
    head = running[offset:] if limit is None else running[offset : offset + limit]
    skip = max(offset - len(running), 0)
    if limit is None:
        return head + list(beginning[skip:])
    if len(head) == limit:
        return head
    return head + list(beginning[skip : skip + limit - len(head)])


def _stored(first, last, *, locale, offset=0, limit=None, newest_first=False, **filters):
    """The occurrences of ``occurrences_between`` from the stored rows,
    sorted and sliced in SQL: a fixed number of queries, whatever the
    number of events."""
    from .models import EventPage

    rows = _stored_rows(
        first, last, locale=locale, offset=offset, limit=limit, newest_first=newest_first, **filters
    )
    if not rows:
        return []
    # The rows' events were live a moment ago; what listings and feeds show
    # of them, without live_events()' joins, which cost more than the rows.
    events = (
        EventPage.objects.live()
        .filter(pk__in={row.event_id for row in rows})
        .defer_streamfields()
        # Listings and feeds show the title, place and address of each.
        .select_related("location", "locale")
    )
    events = {event.pk: event for event in events}
    return [
        row.as_occurrence(events[row.event_id])
        for row in rows
        # An event unpublished between the two queries.
        if row.event_id in events
    ]


def _is_stored(last):
    from .store import stored_until

    until = stored_until()
    return until is not None and last <= until


def occurrences_between(first, last, *, locale, **filters):
    """All occurrences of the locale's live events from day ``first`` to day
    ``last`` (inclusive), sorted, cancelled ones included and marked."""
    if _is_stored(last):
        return _stored(first, last, locale=locale, **filters)
    return _expand(_events_touching(first, last, locale=locale, **filters), first, last)


def _widening(expand, *, days, enough):
    """``expand(span)`` over a fortnight, then two months, then all ``days``,
    until it gives ``enough`` dates: the engine's answer for a page of dates
    without stored rows, where a year of every series would cost seconds."""
    for span in (14, 62, days):
        occurrences = expand(span)
        if len(occurrences) >= enough:
            break
    return occurrences


def occurrences_from(first, *, locale, limit, offset=0, days=366, **filters):
    """Occurrences ``offset`` to ``offset + limit`` in date order of the
    ``days`` from day ``first`` on: the pages of the calendar list and the
    teasers on home, agency and project pages.

    Without stored rows the events are read once and expanded over a
    fortnight first, further only if that gives too few dates: a year of
    every series for four dates would cost seconds on a full calendar."""
    last = first + dt.timedelta(days=days)
    if _is_stored(last):
        return _stored(first, last, locale=locale, offset=offset, limit=limit, **filters)
    events = list(_events_touching(first, last, locale=locale, **filters))
    occurrences = _widening(
        lambda span: _expand(events, first, min(first + dt.timedelta(days=span), last)),
        days=days,
        enough=offset + limit,
    )
    return occurrences[offset : offset + limit]


def occurrences_until(last, *, locale, limit, offset=0, days=366, **filters):
    """Occurrences ``offset`` to ``offset + limit`` of those that began in
    the ``days`` up to day ``last``, newest first: the archive's pages.

    Without stored rows, the last fortnight is expanded first, as in
    ``occurrences_from``."""
    first = last - dt.timedelta(days=days)
    if _is_stored(last):
        return _stored(
            first, last, locale=locale, offset=offset, limit=limit, newest_first=True, **filters
        )
    events = list(_events_touching(first, last, locale=locale, **filters))

    def newest_first(span):
        since = max(first, last - dt.timedelta(days=span))
        return [o for o in _expand(events, since, last) if o.start_date >= since][::-1]

    occurrences = _widening(newest_first, days=days, enough=offset + limit)
    return occurrences[offset : offset + limit]


def upcoming_occurrences(*, locale, limit=None, days=366, **filters):
    """The next occurrences from today on, all of the next ``days`` or the
    first ``limit``."""
    today = timezone.localdate()
    if limit is None:
        return occurrences_between(today, today + dt.timedelta(days=days), locale=locale, **filters)
    return occurrences_from(today, locale=locale, limit=limit, days=days, **filters)


def occurrences_of(event, *, after, limit=None, days=366):
    occurrences = event_occurrences(event, after, after + dt.timedelta(days=days))
    return occurrences[:limit] if limit else occurrences


@dataclass(frozen=True)
class Change:
    """An occurrence with the moment visitors were told about it; reads
    like the occurrence itself."""

    occurrence: Occurrence
    changed_at: dt.datetime

    def __getattr__(self, name):
        return getattr(self.occurrence, name)


def changed_occurrences(*, locale, since):
    """What changed since ``since`` about dates from today on: cancelled and
    moved dates (when the change was entered) and new events (when first
    published, with their next date), newest first."""
    today = timezone.localdate()
    events = live_events(locale=locale).filter(
        Q(date_changes__created_at__gte=since) | Q(first_published_at__gte=since)
    )
    changes = []
    for event in events:
        for change in event.date_changes.all():
            if change.created_at < since or change.action == change.Action.NOTE:
                continue
            occurrence = _occurrence(event, change.date, change)
            if max(occurrence.original_date, occurrence.start_date) >= today:
                changes.append(Change(occurrence, change.created_at))
        if event.first_published_at and event.first_published_at >= since:
            upcoming = occurrences_of(event, after=today, limit=1)
            if upcoming:
                changes.append(Change(upcoming[0], event.first_published_at))
    return sorted(changes, key=lambda change: change.changed_at, reverse=True)


# Validation, with messages for editors


def in_calendar_years(date):
    return FIRST_YEAR <= local_date(date).year <= LAST_YEAR


def out_of_calendar_years():
    return _("Bitte geben Sie ein Datum zwischen %(first)s und %(last)s an.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def rule_problem(rule, start_date):
    """Why the engine will not expand ``rule`` for an event that begins on
    ``start_date``, for editors; None if it will."""
    # At most one date a day: editors enter weekly and monthly meetings.
    if rule.freq > rrule.DAILY or rule.byhour or rule.byminute or rule.bysecond:
        return _("Termine können sich höchstens täglich wiederholen, nicht stündlich oder öfter.")
    # dateutil loops forever on INTERVAL=0 and counts nothing with COUNT=0.
    if rule.interval < 1 or (rule.count is not None and rule.count < 1):
        return INVALID_RULE
    if rule.count is not None and rule.count > MAX_DATES_IN_HORIZON:
        return _(
            "Eine Wiederholung kann höchstens %(count)s Termine haben. Bitte prüfen Sie die Anzahl."
        ) % {"count": MAX_DATES_IN_HORIZON}
    # dateutil indexes past its tables on "the 7th Monday of the month" (an
    # IndexError on expanding); RFC 5545 allows up to 5 in a month, 53 in a year.
    in_month = rule.freq == rrule.MONTHLY or rule.bymonth
    if any(abs(day.index or 0) > (5 if in_month else 53) for day in rule.byday or []):
        return INVALID_RULE
    try:
        # A part dateutil refuses, such as BYSETPOS=0.
        gives_a_date = _gives_a_date(rule, start_date)
    except ValueError:
        return INVALID_RULE
    if not gives_a_date:
        return NO_DATE
    return None


# Whether a rule gives a date, by the rule as dateutil reads it (its text
# with DTSTART and UNTIL): asked on every expansion, answered by a scan of up
# to a century for a rule that gives none.
_gives_date = {}


def _gives_a_date(rule, start_date):
    dates = local_rule(rule, dt.datetime.combine(start_date, dt.time.min))
    key = str(dates)
    if key not in _gives_date:
        if len(_gives_date) >= 10_000:
            _gives_date.clear()
        _gives_date[key] = next(iter(dates), None) is not None
    return _gives_date[key]


def usable_rules(rules, start_date):
    """``rules`` of an event that begins on ``start_date``, without those
    the editor refuses (``rule_problem``). One stored by other means (the
    shell, an import, an older version) is left out, and logged, rather than
    hang or break every page that shows the event."""
    usable = []
    for rule in rules:
        problem = rule_problem(rule, start_date)
        if problem is None:
            usable.append(rule)
        else:
            # Not serialize(): django-recurrence refuses to write some of them.
            logger.warning(
                "Unusable recurrence rule left out (%s): start=%s freq=%s interval=%s count=%s "
                "until=%s %s",
                "no date" if problem == NO_DATE else "invalid",
                start_date,
                rule.freq,
                rule.interval,
                rule.count,
                rule.until,
                {param: getattr(rule, param) for param in rule.byparams if getattr(rule, param)},
            )
    return usable


def validate_schedule(event):
    """Refuse dates the calendar cannot show and schedules that yield no
    date or absurdly many, with a clear German message on the field."""
    recurrence = event.recurrence
    if not event.start_date:
        return
    errors = {
        name: out_of_calendar_years()
        for name in ("start_date", "end_date")
        if getattr(event, name) and not in_calendar_years(getattr(event, name))
    }
    if errors:
        raise ValidationError(errors)
    if not recurrence:
        return
    rule_ends = [rule.until for rule in [*recurrence.rrules, *recurrence.exrules] if rule.until]
    if not all(map(in_calendar_years, [*rule_ends, *recurrence.rdates, *recurrence.exdates])):
        raise ValidationError(
            {
                "recurrence": _(
                    "Die Wiederholung darf nur Daten zwischen %(first)s und %(last)s enthalten. "
                    "Bitte prüfen Sie das Ende und die einzelnen Daten."
                )
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    for rule in list(recurrence.rrules) + list(recurrence.exrules):
        problem = rule_problem(rule, event.start_date)
        if problem:
            raise ValidationError({"recurrence": problem})
    first = event.start_date
    try:
        dates = schedule(event).between(
            dt.datetime.combine(first, dt.time.min),
            dt.datetime.combine(first + VALIDATION_HORIZON, dt.time.min),
            inc=True,
        )
    except ValueError:
        # A part dateutil refuses, such as BYSETPOS=0 or a negative INTERVAL.
        raise ValidationError({"recurrence": INVALID_RULE}) from None
    if len(dates) > MAX_DATES_IN_HORIZON:
        raise ValidationError(
            {
                "recurrence": _(
                    "Diese Regel ergibt mehr als %(count)s Termine in den nächsten drei Jahren. "
                    "Bitte prüfen Sie die Regel."
                )
                % {"count": MAX_DATES_IN_HORIZON}
            }
        )
    if recurrence.rrules and not [d for d in dates if d.date() != first] and len(dates) <= 1:
        raise ValidationError(
            {
                "recurrence": _(
                    "Diese Regel ergibt nach dem ersten Datum keinen weiteren Termin. Prüfen "
                    "Sie das Enddatum und die Wochentage."
                )
            }
        )
