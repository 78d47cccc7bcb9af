"""A recurrence rule in words, in the visitor's language: "jeden Dienstag
um 18:00 Uhr" / "каждый вторник в 18:00". Written here rather than taken from
django-recurrence's ``to_text()``, which ships no Russian. Whole phrases per
weekday, because Russian inflects ordinal and weekday by gender ("каждый
вторник", "каждую среду", "в первое воскресенье")."""

import datetime as dt

from dateutil import rrule

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from site_core.templatetags.site_dates import local_date as format_local_date
from site_core.templatetags.site_dates import local_date_from

from .recurrence_rules import LAST_YEAR, local_date, usable_rules
from .schedule import schedule

EVERY_WEEKDAY = [
    _("jeden Montag"),
    _("jeden Dienstag"),
    _("jeden Mittwoch"),
    _("jeden Donnerstag"),
    _("jeden Freitag"),
    _("jeden Samstag"),
    _("jeden Sonntag"),
]
WEEKDAY = [
    _("Montag"),
    _("Dienstag"),
    _("Mittwoch"),
    _("Donnerstag"),
    _("Freitag"),
    _("Samstag"),
    _("Sonntag"),
]
NTH_WEEKDAY = {
    1: [
        _("am ersten Montag im Monat"),
        _("am ersten Dienstag im Monat"),
        _("am ersten Mittwoch im Monat"),
        _("am ersten Donnerstag im Monat"),
        _("am ersten Freitag im Monat"),
        _("am ersten Samstag im Monat"),
        _("am ersten Sonntag im Monat"),
    ],
    2: [
        _("am zweiten Montag im Monat"),
        _("am zweiten Dienstag im Monat"),
        _("am zweiten Mittwoch im Monat"),
        _("am zweiten Donnerstag im Monat"),
        _("am zweiten Freitag im Monat"),
        _("am zweiten Samstag im Monat"),
        _("am zweiten Sonntag im Monat"),
    ],
    3: [
        _("am dritten Montag im Monat"),
        _("am dritten Dienstag im Monat"),
        _("am dritten Mittwoch im Monat"),
        _("am dritten Donnerstag im Monat"),
        _("am dritten Freitag im Monat"),
        _("am dritten Samstag im Monat"),
        _("am dritten Sonntag im Monat"),
    ],
    4: [
        _("am vierten Montag im Monat"),
        _("am vierten Dienstag im Monat"),
        _("am vierten Mittwoch im Monat"),
        _("am vierten Donnerstag im Monat"),
        _("am vierten Freitag im Monat"),
        _("am vierten Samstag im Monat"),
        _("am vierten Sonntag im Monat"),
    ],
    -1: [
        _("am letzten Montag im Monat"),
        _("am letzten Dienstag im Monat"),
        _("am letzten Mittwoch im Monat"),
        _("am letzten Donnerstag im Monat"),
        _("am letzten Freitag im Monat"),
        _("am letzten Samstag im Monat"),
        _("am letzten Sonntag im Monat"),
    ],
}


def _rule_words(rule, event):
    weekdays = [day.weekday for day in (rule.byday or [])] or [event.start_date.weekday()]
    if rule.freq == rrule.WEEKLY:
        if len(weekdays) == 1:
            words = str(EVERY_WEEKDAY[weekdays[0]])
        else:
            days = ", ".join(str(WEEKDAY[d]) for d in weekdays)
            words = _("jede Woche am %(days)s") % {"days": days}
        if rule.interval == 2:
            words = _("alle zwei Wochen: %(words)s") % {"words": words}
        return words
    if rule.freq == rrule.MONTHLY and rule.byday:
        day = rule.byday[0]
        n = day.index or (rule.bysetpos[0] if rule.bysetpos else None)
        if n in NTH_WEEKDAY:
            return str(NTH_WEEKDAY[n][day.weekday])
    if rule.freq == rrule.MONTHLY:
        return _("jeden Monat am %(day)s.") % {"day": event.start_date.day}
    if rule.freq == rrule.DAILY:
        return str(_("täglich"))
    return rule.to_text()


def _hours(time):
    """17:00 → "17", 17:30 → "17:30": the short form of a time in a range."""
    return f"{time.hour}" if time.minute == 0 else f"{time.hour}:{time.minute:02d}"


def _and(items):
    """Dates listed: "24. Dezember, 31. Dezember und 7. Januar"."""
    if len(items) == 1:
        return items[0]
    return _("%(items)s und %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _last_date(event, rules):
    """The last date of a schedule whose rules all end (UNTIL or COUNT), else
    None. Expanded no further than the last year the calendar shows."""
    if not all(rule.until or rule.count for rule in rules):
        return None
    end = dt.datetime.combine(dt.date(LAST_YEAR, 12, 31), dt.time.max)
    last = schedule(event).before(end, inc=True)
    return last.date() if last else None


def _with_times(words, event):
    """The rule with the times; the end time only where each date is one day
    (not a weekend seminar)."""
    if event.start_time and event.end_time and event.last_date == event.start_date:
        return _("%(rule)s, %(start)s–%(end)s Uhr") % {
            "rule": words,
            "start": _hours(event.start_time),
            "end": _hours(event.end_time),
        }
    if event.start_time:
        return _("%(rule)s um %(time)s Uhr") % {
            "rule": words,
            "time": event.start_time.strftime("%H:%M"),
        }
    return words


def _with_span(words, event, rule, last, today):
    """The rule with its first and last date, and the number of dates of a
    rule with a COUNT."""
    # A series changed from a date on: its current schedule begins then.
    first = max(event.start_date, getattr(event, "schedule_from", None) or event.start_date)
    if last:
        words = _("%(rule)s, %(first)s bis %(last)s") % {
            "rule": words,
            "first": local_date_from(first, last),
            "last": format_local_date(last, "day_year"),
        }
    elif first > today and first != getattr(event, "schedule_from", None):
        # Open-ended and not begun yet; once begun, "from" tells nothing (and
        # a series changed from a date on says that date itself: _since).
        words = _("%(rule)s, ab %(first)s") % {
            "rule": words,
            "first": format_local_date(first, "day_year"),
        }
    if rule.count and last:
        # What takes place: the first date and the rule's, less those left out.
        count = sum(1 for date in schedule(event) if date.date() >= first)
        words = ngettext("%(rule)s, %(count)s Termin", "%(rule)s, %(count)s Termine", count) % {
            "rule": words,
            "count": count,
        }
    return words


def _with_left_out(words, event, last, today):
    """The rule with the dates left out that are still to come; without
    their year where the schedule lasts less than a year, so the day and
    month are clear."""
    left_out = sorted({local_date(value) for value in event.recurrence.exdates})
    left_out = [day for day in left_out if day >= today and (not last or day <= last)]
    if not left_out:
        return words
    short = last is not None and (last - event.start_date).days < 365
    return _("%(rule)s, nicht am %(dates)s") % {
        "rule": words,
        "dates": _and([format_local_date(day, "day" if short else "day_year") for day in left_out]),
    }


def schedule_in_words(schedule):
    """A schedule's rule and times, and its place, for the editor's summary
    of a change: "jeden Dienstag um 18:00 Uhr (Gemeindezentrum)"; a single
    date by its day."""
    rules = (
        usable_rules(schedule.recurrence.rrules, schedule.start_date) if schedule.recurrence else []
    )
    if rules:
        words = _rule_words(rules[0], schedule)
    else:
        words = _("am %(date)s") % {"date": f"{schedule.start_date:%d.%m.%Y}"}
    words = str(_with_times(words, schedule))
    if schedule.location is not None:
        words = f"{words} ({schedule.location.name})"
    return words


def _since(words, event, today):
    """The current schedule of a series that changed from a date on, with
    that date: "Seit 1. März 2027: …", or "Ab …" before it, and what applies
    until then."""
    since = getattr(event, "schedule_from", None)
    if since is None or not event.past_schedules.all():
        return words
    if since <= today:
        return _("Seit %(date)s: %(rule)s") % {
            "date": format_local_date(since, "day_year"),
            "rule": words,
        }
    before = sorted(event.past_schedules.all(), key=lambda past: past.valid_until)[-1]
    return _("Ab %(date)s: %(rule)s (bis dahin: %(before)s)") % {
        "date": format_local_date(since, "day_year"),
        "rule": words,
        "before": _with_times(
            _rule_words(before.recurrence.rrules[0], before)
            if before.recurrence and before.recurrence.rrules
            else format_local_date(before.start_date, "day_year"),
            before,
        ),
    }


def describe(event, today=None):
    """The event's schedule in words, or "" for a single date: the rule, the
    times, the first and last date, the dates left out and the holidays
    skipped. "jeden Donnerstag, 17–19 Uhr, 10. Dezember 2026 bis 11. März 2027,
    nicht am 24. Dezember" / "каждый четверг, 17–19 ч, с 10 декабря 2026 по
    11 марта 2027, кроме 24 декабря"."""
    rules = usable_rules(event.recurrence.rrules, event.start_date) if event.recurrence else []
    if not rules:
        return ""
    today = today or timezone.localdate()
    last = _last_date(event, rules)
    words = _with_times(_rule_words(rules[0], event), event)
    words = _with_span(words, event, rules[0], last, today)
    words = _with_left_out(words, event, last, today)
    if event.skip_public_holidays:
        words = _("%(rule)s, nicht an Feiertagen in NRW") % {"rule": words}
    if event.skip_jewish_holidays:
        words = _("%(rule)s, nicht an Schabbat und jüdischen Feiertagen") % {"rule": words}
    return str(_since(words, event, today))
