"""A change of a series' schedule from a date on, as the editor makes it.

When an editor changes the time, length, place, rule or holiday options of
a series that already has dates, the change applies from the date in
"Änderung gilt ab" (default: the series' next date): the schedule as it
was is frozen into an ``EventPastSchedule`` ending the day before, and the
page's own fields become the schedule from that date on
(``schedule_from``). Both are part of the page, so the change is one
revision, reviewed and published as one through the workflow.

Nothing is frozen where the edit leaves every date before that day as it
was (a series given an end, "Wiederholen bis", keeps one schedule); a
series resumed after a gap is a change like any other. Imports no models:
the former schedule's model is the page's own ``past_schedules`` relation.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .rules import schedule_in_words
from .schedule import event_occurrences, orphan_date_changes, scheduled_dates, series_dates
from .segments import past_schedules

# The fields a change from a date freezes (EventPastSchedule.SCHEDULE_FIELDS).
FROZEN_FIELDS = [
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "recurrence",
    "location",
    "skip_public_holidays",
    "skip_jewish_holidays",
]
# How many dates of the new schedule the editor is shown.
NEXT_CHANGED_DATES = 3


def german_date(date):
    """TT.MM.JJJJ, as editors type dates."""
    return f"{date:%d.%m.%Y}"


def has_dates_before(page, today=None):
    """Whether the series of ``page`` (saved) had a date before today: then
    a change of its schedule needs a date from which it applies."""
    today = today or timezone.localdate()
    if page.pk is None or page.start_date is None:
        return False
    return bool(past_schedules(page)) or page.start_date < today


def default_change_from(page, today=None):
    """The series' next date from today, never before the current schedule
    begins (a draft changed from a date keeps that date); today where the
    series has no date to come."""
    today = today or timezone.localdate()
    since = max(today, page.schedule_from or today)
    upcoming = series_dates(page, since, since + dt.timedelta(days=366))
    upcoming = [date for date in upcoming if date >= since]
    return upcoming[0] if upcoming else since


@dataclass
class ScheduleChange:
    """What saving the editor's form does to the series: ``frozen`` (the
    former schedule kept, or None) and where the new schedule begins."""

    change_from: dt.date
    frozen: object = None


def _frozen_copy(page, model, **bounds):
    return model(**{name: getattr(page, name) for name in FROZEN_FIELDS}, **bounds)


def _dates_with_schedule(rules, first, last):
    """Each date of ``rules`` in the days as what a visitor sees of it."""
    duration = (rules.last_date - rules.start_date).days
    return {
        (date, rules.start_time, rules.end_time, duration, rules.location_id)
        + (rules.skip_public_holidays, rules.skip_jewish_holidays)
        for date in scheduled_dates(rules, first, last)
        if date >= first
    }


def plan_schedule_change(page, new_values, change_from, model):
    """The change that saving ``new_values`` (the form's cleaned schedule
    fields) on ``page`` (as it was before the edit) makes, from the day
    ``change_from`` (None: the default). ``model``: the former schedules'
    model. Raises ValidationError on ``change_from`` for a date on which a
    frozen schedule still applies."""
    past = past_schedules(page)
    if past and change_from is not None and change_from <= past[-1].valid_until:
        raise ValidationError(
            {
                "change_from": _(
                    "Die Änderung kann frühestens ab dem %(first)s gelten: bis zum %(last)s "
                    "gilt ein früherer Zeitplan, der unverändert bleibt."
                )
                % {
                    "first": german_date(past[-1].valid_until + dt.timedelta(days=1)),
                    "last": german_date(past[-1].valid_until),
                }
            }
        )
    change_from = change_from or default_change_from(page)
    old = _frozen_copy(page, model)
    new = _frozen_copy(page, model)
    for name, value in new_values.items():
        setattr(new, name, value)
    first = page.schedule_from or min(old.start_date, new.start_date)
    last = change_from - dt.timedelta(days=1)
    if first > last or not new.start_date:
        return ScheduleChange(change_from)
    before = _dates_with_schedule(old, first, last)
    if not before or before == _dates_with_schedule(new, first, last):
        # No date before the change is touched by the edit.
        return ScheduleChange(change_from)
    frozen = _frozen_copy(page, model, valid_from=page.schedule_from, valid_until=last)
    return ScheduleChange(change_from, frozen)


def apply_schedule_change(page, change):
    """Keep ``change.frozen`` on ``page`` (in memory, for its revision) and
    let the page's schedule begin on the change's date."""
    if change.frozen is None:
        return
    frozen = change.frozen
    frozen.sort_order = len(past_schedules(page))
    page.past_schedules = [*past_schedules(page), frozen]
    page.schedule_from = change.change_from


def _last_date_of(past):
    dates = series_dates_of(past)
    return dates[-1] if dates else past.valid_until


def series_dates_of(past):
    """The dates a former schedule gives within its days."""
    first = past.valid_from or past.start_date
    return [d for d in scheduled_dates(past, first, past.valid_until) if d >= first]


def change_summary(page):
    """The latest change of the schedule in words for the editor and the
    moderator: "Ab 01.03.2027 gilt der neue Zeitplan: … statt …. Frühere
    Termine (bis 23.02.2027) bleiben unverändert.", and the next dates of
    the new schedule; None where the schedule never changed."""
    past = past_schedules(page)
    if not past or page.schedule_from is None:
        return None
    before = past[-1]
    sentence = _(
        "Ab %(date)s gilt der neue Zeitplan: %(new)s statt %(old)s. Frühere Termine "
        "(bis %(last)s) bleiben unverändert."
    ) % {
        "date": german_date(page.schedule_from),
        "new": schedule_in_words(page),
        "old": schedule_in_words(before),
        "last": german_date(_last_date_of(before)),
    }
    coming = event_occurrences(
        page, page.schedule_from, page.schedule_from + dt.timedelta(days=366)
    )[:NEXT_CHANGED_DATES]
    if not coming:
        return sentence
    dates = ", ".join(
        german_date(o.start_date) + ("" if o.all_day else f" {o.start:%H:%M}") for o in coming
    )
    return sentence + " " + _("Die nächsten Termine danach: %(dates)s.") % {"dates": dates}


def orphan_warning(page):
    """The single-date changes no date of the series matches any more, in
    words, or None: kept, and shown until the editor corrects or deletes them."""
    orphans = sorted(orphan_date_changes(page), key=lambda change: change.date)
    if not orphans:
        return None
    return _(
        "Diese Änderungen einzelner Termine passen zu keinem Termin des Zeitplans mehr und "
        "werden nicht angezeigt: %(dates)s. Bitte korrigieren oder löschen Sie sie unter "
        "„Einzelner Termin“."
    ) % {
        "dates": ", ".join(
            f"{german_date(change.date)} ({change.get_action_display()})" for change in orphans
        )
    }
