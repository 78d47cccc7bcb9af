"""A recurrence rule in words, in the visitor's language: "jeden Dienstag
um 18:00 Uhr" / "каждый вторник в 18:00". Written here rather than taken from
django-recurrence's ``to_text()``, which ships no Russian and cannot inflect
Russian weekdays by gender ("каждый вторник", "каждую среду")."""

from dateutil import rrule

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .occurrences import _local_date

EVERY_WEEKDAY = [
    lambda: _("jeden Montag"),
    lambda: _("jeden Dienstag"),
    lambda: _("jeden Mittwoch"),
    lambda: _("jeden Donnerstag"),
    lambda: _("jeden Freitag"),
    lambda: _("jeden Samstag"),
    lambda: _("jeden Sonntag"),
]
NTH_WEEKDAY = {
    1: lambda: _("am ersten %(weekday)s im Monat"),
    2: lambda: _("am zweiten %(weekday)s im Monat"),
    3: lambda: _("am dritten %(weekday)s im Monat"),
    4: lambda: _("am vierten %(weekday)s im Monat"),
    -1: lambda: _("am letzten %(weekday)s im Monat"),
}
WEEKDAY_DATIVE = [
    lambda: _("Montag"),
    lambda: _("Dienstag"),
    lambda: _("Mittwoch"),
    lambda: _("Donnerstag"),
    lambda: _("Freitag"),
    lambda: _("Samstag"),
    lambda: _("Sonntag"),
]


def _rule_words(rule, event):
    weekdays = [day.weekday for day in (rule.byday or [])]
    if rule.freq == rrule.WEEKLY:
        days = weekdays or [event.start_date.weekday()]
        words = " ".join(EVERY_WEEKDAY[d]() for d in days[:1])
        if len(days) > 1:
            words = _("jede Woche am %(days)s") % {
                "days": ", ".join(WEEKDAY_DATIVE[d]() for d in days)
            }
        if rule.interval == 2:
            words = _("alle zwei Wochen: %(words)s") % {"words": words}
        return words
    if rule.freq == rrule.MONTHLY and rule.byday:
        day = rule.byday[0]
        n = day.index or (rule.bysetpos[0] if rule.bysetpos else None)
        if n in NTH_WEEKDAY:
            return NTH_WEEKDAY[n]() % {"weekday": WEEKDAY_DATIVE[day.weekday]()}
    if rule.freq == rrule.MONTHLY:
        return _("jeden Monat am %(day)s.") % {"day": event.start_date.day}
    if rule.freq == rrule.DAILY:
        return _("täglich")
    return rule.to_text()


def describe(event):
    """The event's schedule in words, or "" for a single date."""
    if not event.recurrence or not event.recurrence.rrules:
        return ""
    rule = event.recurrence.rrules[0]
    words = _rule_words(rule, event)
    if not event.all_day:
        words = _("%(rule)s um %(time)s Uhr") % {
            "rule": words,
            "time": event.start_time.strftime("%H:%M"),
        }
    if rule.until:
        words = _("%(rule)s, bis %(date)s") % {
            "rule": words,
            "date": date_format(_local_date(rule.until), "j. F Y"),
        }
    elif rule.count:
        words = _("%(rule)s, %(count)s Termine") % {"rule": words, "count": rule.count}
    return words
