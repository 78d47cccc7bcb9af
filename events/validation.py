"""Editor validation of an event's dates and schedule: dates the calendar
cannot show, and rules that yield no date or absurdly many, refused with a
clear German message on the field."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .recurrence_rules import (
    FIRST_YEAR,
    INVALID_RULE,
    LAST_YEAR,
    MAX_DATES_IN_HORIZON,
    VALIDATION_HORIZON,
    in_calendar_years,
    rule_problem,
)
from .schedule import schedule


def out_of_calendar_years():
    return _("Bitte geben Sie ein Datum zwischen %(first)s und %(last)s an.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


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
