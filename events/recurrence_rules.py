"""The events' django-recurrence rules as the occurrence engine reads them:
in the calendar's wall-clock time (``TZ``, the site's ``TIME_ZONE``),
within the years the calendar shows, and only those that give dates.

Rules are expanded by ``BoundedRule``, which stops at their end even where
no date falls near it. A rule the editor would refuse (``rule_problem``) is
left out wherever the engine expands (``usable_rules``), so that one stored
by other means cannot hang or break a page; ``events.validation`` shows the
same problems to editors.
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from dateutil import rrule

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bounded_rules import BoundedRule

TZ = ZoneInfo(settings.TIME_ZONE)

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


def local_date(value):
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            return value.astimezone(TZ).date()
        return value.date()
    return value


def in_calendar_years(date):
    """Whether the calendar shows ``date`` (a date or datetime): the one
    check of the years, for URLs and for editors."""
    return FIRST_YEAR <= local_date(date).year <= LAST_YEAR


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
