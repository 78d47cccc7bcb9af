"""BoundedRule gives exactly dateutil's dates, and stops where dateutil
scans on to the year 9999."""

import datetime as dt
import itertools
import random
import time

import pytest
from dateutil import rrule

from events.bounded_rules import BoundedRule

LAST = dt.datetime(2120, 12, 31)


def random_rule(rng):
    """A rule with any mix of the parts an RRULE can have, and a start."""
    freq = rng.choice([rrule.YEARLY, rrule.MONTHLY, rrule.WEEKLY, rrule.DAILY])
    parts = {"interval": rng.choice([1, 1, 2, 3, 5, 7, 12, 13, 28, 100])}
    if rng.random() < 0.3:
        parts["bymonth"] = rng.sample(range(1, 13), rng.randint(1, 3))
    if rng.random() < 0.3:
        parts["bymonthday"] = rng.sample([*range(1, 32), -1, -2, -31], rng.randint(1, 3))
    if rng.random() < 0.4:
        days = rng.sample(range(7), rng.randint(1, 3))
        if freq in (rrule.MONTHLY, rrule.YEARLY) and rng.random() < 0.5:
            days = [rrule.weekday(day, rng.choice([1, 2, -1, 5])) for day in days]
        parts["byweekday"] = days
    if rng.random() < 0.15:
        parts["byyearday"] = rng.sample([1, 60, 100, 365, 366, -1, -366], rng.randint(1, 2))
    if rng.random() < 0.15:
        parts["byweekno"] = rng.sample([1, 2, 26, 52, 53, -1], rng.randint(1, 2))
    if rng.random() < 0.1:
        parts["byeaster"] = rng.choice([0, 1, -2])
    if rng.random() < 0.2:
        parts["bysetpos"] = rng.sample([1, 2, -1, 3, 6], rng.randint(1, 2))
    if rng.random() < 0.2:
        parts["wkst"] = rng.randrange(7)
    if rng.random() < 0.2:
        parts["count"] = rng.randint(1, 30)
    start = dt.datetime(2000, 1, 1) + dt.timedelta(days=rng.randrange(365 * 30))
    return freq, start, parts


@pytest.mark.parametrize("seed", range(4))
def test_bounded_rule_gives_dateutils_dates(seed):
    """Random rules: the same dates as dateutil's rrule, with and without
    an UNTIL. (dateutil is asked only for dates BoundedRule found, so that a
    rule without them cannot hang the test.)"""
    rng = random.Random(seed)
    compared = 0
    for _ in range(50):
        freq, start, parts = random_rule(rng)
        bounded = list(itertools.islice(BoundedRule(freq, dtstart=start, last=LAST, **parts), 101))
        if not bounded:
            continue
        upstream = list(itertools.islice(rrule.rrule(freq, dtstart=start, **parts), len(bounded)))
        assert bounded == upstream, (freq, start, parts)
        parts.pop("count", None)
        until = bounded[len(bounded) // 2]
        assert list(BoundedRule(freq, dtstart=start, until=until, last=LAST, **parts)) == list(
            rrule.rrule(freq, dtstart=start, until=until, **parts)
        ), (freq, start, parts, until)
        compared += 1
    assert compared > 25


@pytest.mark.parametrize(
    ("freq", "parts"),
    [
        (rrule.DAILY, {"bymonth": 2, "bymonthday": 30}),
        (rrule.MONTHLY, {"bymonth": 4, "bymonthday": 31}),
        (rrule.YEARLY, {"byweekno": 53, "bymonth": 6}),
        (rrule.WEEKLY, {"byweekday": rrule.MO, "bysetpos": 2}),
    ],
)
def test_a_rule_without_dates_stops_at_its_last_day(freq, parts):
    """dateutil scans such a rule to the year 9999 (1 to 12 seconds);
    BoundedRule stops after the last day it may give."""
    # Processor time, not the clock: other work on a shared machine must not
    # make the test fail.
    start = time.process_time()
    assert list(BoundedRule(freq, dtstart=dt.datetime(2027, 3, 2), last=LAST, **parts)) == []
    until = dt.datetime(2030, 1, 1)
    rule = BoundedRule(freq, dtstart=dt.datetime(2027, 3, 2), until=until, last=LAST, **parts)
    assert rule.after(dt.datetime(2027, 3, 2)) is None
    assert time.process_time() - start < 2


def test_no_date_after_last():
    weekly = BoundedRule(rrule.WEEKLY, dtstart=dt.datetime(2100, 12, 1), last=LAST)
    assert LAST - dt.timedelta(days=7) < list(weekly)[-1] <= LAST
