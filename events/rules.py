"""A recurrence rule in words, in the visitor's language: "jeden Dienstag
um 18:00 Uhr" / "каждый вторник в 18:00". Written here rather than taken from
django-recurrence's ``to_text()``, which ships no Russian. Whole phrases per
weekday, because Russian inflects ordinal and weekday by gender ("каждый
вторник", "каждую среду", "в первое воскресенье")."""

from dateutil import rrule

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from site_core.templatetags.site_dates import local_date as format_local_date

from .occurrences import local_date, usable_rules

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


def describe(event):
    """The event's schedule in words, or "" for a single date."""
    rules = usable_rules(event.recurrence.rrules, event.start_date) if event.recurrence else []
    if not rules:
        return ""
    rule = rules[0]
    words = _rule_words(rule, event)
    if not event.all_day:
        words = _("%(rule)s um %(time)s Uhr") % {
            "rule": words,
            "time": event.start_time.strftime("%H:%M"),
        }
    if rule.until:
        words = _("%(rule)s, bis %(date)s") % {
            "rule": words,
            "date": format_local_date(local_date(rule.until), "day_year"),
        }
    elif rule.count:
        words = ngettext(
            "%(rule)s, %(count)s Termin", "%(rule)s, %(count)s Termine", rule.count
        ) % {"rule": words, "count": rule.count}
    return words
