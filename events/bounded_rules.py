"""dateutil's recurrence rule, made to stop at its end.

dateutil's ``rrule`` looks for dates period by period (year, month, week or
day) and checks UNTIL only when its filters let a date through. A rule they
never match, such as FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 (the 30th of
February), is scanned day by day to the year 9999 on the first ``between()``
or ``next()``: 10 to 26 seconds, whatever its UNTIL, and an ``rruleset`` does
it as soon as it is asked for its first date. Upstream this is open as
dateutil issue #1393 ("ruleset infinite loop"), with no way to bound it.

``BoundedRule`` is dateutil's own rule with one change: it ends as soon as a
period begins after the last day it may give, its UNTIL or ``last``. So no
rule can be scanned past the years the calendar shows, and a rule that gives
no date says so after at most a century of periods (a tenth of a second).
"""

import calendar
import datetime as dt

from dateutil import rrule
from dateutil.rrule import _iterinfo  # dateutil's per-year masks, as its own _iter() uses them


class BoundedRule(rrule.rrule):
    """An ``rrule`` (YEARLY to DAILY) that gives no date after ``last``, nor
    after its UNTIL, and stops looking there."""

    def __init__(self, freq, *, last, **kwargs):
        if freq > rrule.DAILY:
            raise ValueError("BoundedRule repeats at most daily")
        super().__init__(freq, **kwargs)
        self._last = min(self._until, last) if self._until else last

    def _iter(self):
        """dateutil 2.9's ``rrule._iter()`` for YEARLY to DAILY, unchanged
        but for the two lines marked "bound", in three parts: the days of a
        period its filters refuse (``_day_filter``), the dates of the days
        left (``_dates``), and the next period (``_next_period``)."""
        year, month, day, _hour, _minute, _second, weekday, _yearday, _ = self._dtstart.timetuple()
        last = self._last
        ii = _iterinfo(self)
        ii.rebuild(year, month)
        getdayset = {
            rrule.YEARLY: ii.ydayset,
            rrule.MONTHLY: ii.mdayset,
            rrule.WEEKLY: ii.wdayset,
            rrule.DAILY: ii.ddayset,
        }[self._freq]

        # Looked up once: the loop runs once a day for DAILY rules.
        refuse_days, dates_of, next_period = self._day_filter(), self._dates, self._next_period
        total = 0
        count = self._count
        while True:
            # bound: a period that begins after the last day gives nothing,
            # nor does any after it.
            if _period_start(self._freq, year, month, day) > last.date():
                self._len = total
                return

            dayset, start, end = getdayset(year, month, day)
            refuse_days(ii, dayset, start, end)
            for res in dates_of(ii, dayset, start, end):
                # bound: ``last`` ends the rule as UNTIL does.
                if res > last:
                    self._len = total
                    return
                if res >= self._dtstart:
                    if count is not None:
                        count -= 1
                        if count < 0:
                            self._len = total
                            return
                    total += 1
                    yield res

            period = next_period(ii, year, month, day, weekday)
            if period is None:
                self._len = total
                return
            year, month, day, weekday = period

    def _day_filter(self):
        """A function that sets the days of ``dayset[start:end]`` the BY*
        filters refuse to None (dateutil's loop, as it is); a closure, so
        the loop reads the rule's filters as fast as local variables."""
        bymonth = self._bymonth
        byweekno = self._byweekno
        byyearday = self._byyearday
        byweekday = self._byweekday
        byeaster = self._byeaster
        bymonthday = self._bymonthday
        bynmonthday = self._bynmonthday

        def refuse_days(ii, dayset, start, end):
            for i in dayset[start:end]:
                if (
                    (bymonth and ii.mmask[i] not in bymonth)
                    or (byweekno and not ii.wnomask[i])
                    or (byweekday and ii.wdaymask[i] not in byweekday)
                    or (ii.nwdaymask and not ii.nwdaymask[i])
                    or (byeaster and not ii.eastermask[i])
                    or (
                        (bymonthday or bynmonthday)
                        and ii.mdaymask[i] not in bymonthday
                        and ii.nmdaymask[i] not in bynmonthday
                    )
                    or (
                        byyearday
                        and (
                            (
                                i < ii.yearlen
                                and i + 1 not in byyearday
                                and -ii.yearlen + i not in byyearday
                            )
                            or (
                                i >= ii.yearlen
                                and i + 1 - ii.yearlen not in byyearday
                                and -ii.nextyearlen + i - ii.yearlen not in byyearday
                            )
                        )
                    )
                ):
                    dayset[i] = None

        return refuse_days

    def _dates(self, ii, dayset, start, end):
        """The datetimes of the period's days left, in order; with BYSETPOS,
        those at its positions."""
        timeset = self._timeset
        if not (self._bysetpos and timeset):
            return [
                dt.datetime.combine(dt.date.fromordinal(ii.yearordinal + i), time)
                for i in dayset[start:end]
                if i is not None
                for time in timeset
            ]
        found = []
        for pos in self._bysetpos:
            if pos < 0:
                daypos, timepos = divmod(pos, len(timeset))
            else:
                daypos, timepos = divmod(pos - 1, len(timeset))
            try:
                i = [x for x in dayset[start:end] if x is not None][daypos]
                time = timeset[timepos]
            except IndexError:
                pass
            else:
                date = dt.date.fromordinal(ii.yearordinal + i)
                res = dt.datetime.combine(date, time)
                if res not in found:
                    found.append(res)
        found.sort()
        return found

    def _next_period(self, ii, year, month, day, weekday):
        """``(year, month, day, weekday)`` of the next period, ``ii`` rebuilt
        where it changes year or month; None past the year 9999."""
        interval = self._interval
        freq = self._freq
        if freq == rrule.YEARLY:
            year += interval
            if year > dt.MAXYEAR:
                return None
            ii.rebuild(year, month)
            return year, month, day, weekday
        if freq == rrule.MONTHLY:
            month += interval
            if month > 12:
                div, mod = divmod(month, 12)
                month = mod
                year += div
                if month == 0:
                    month = 12
                    year -= 1
                if year > dt.MAXYEAR:
                    return None
            ii.rebuild(year, month)
            return year, month, day, weekday
        if freq == rrule.WEEKLY:
            wkst = self._wkst
            if wkst > weekday:
                day += -(weekday + 1 + (6 - wkst)) + interval * 7
            else:
                day += -(weekday - wkst) + interval * 7
            weekday = wkst
        else:
            day += interval
        # WEEKLY and DAILY: a step past the end of the month carries on
        # into the next months.
        if day > 28:
            daysinmonth = _days_in_month(year, month)
            if day > daysinmonth:
                while day > daysinmonth:
                    day -= daysinmonth
                    month += 1
                    if month == 13:
                        month = 1
                        year += 1
                        if year > dt.MAXYEAR:
                            return None
                    daysinmonth = _days_in_month(year, month)
                ii.rebuild(year, month)
        return year, month, day, weekday


def _period_start(freq, year, month, day):
    """The first day of the period the loop is at (for the first week, the
    rule's start: its earlier days give nothing)."""
    if freq == rrule.YEARLY:
        return dt.date(year, 1, 1)
    if freq == rrule.MONTHLY:
        return dt.date(year, month, 1)
    return dt.date(year, month, day)


def _days_in_month(year, month):
    return calendar.monthrange(year, month)[1]
