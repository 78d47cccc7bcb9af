"""Property: for any weekly or monthly schedule changed from any date on to
another (time, rule, or both), with single-date changes on both sides, the
split feed expanded by recurring-ical-events gives exactly the site's dates.

The rules include those that take their weekday or day of the month from
the first date ("weekly", "monthly") and former schedules with an extra
date (RDATE), where a part's first date need not be a date of its rule.
Derandomized, as tests/feeds/test_property.py.
"""

import datetime as dt

from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from recurrence import deserialize

from django.core.exceptions import ValidationError

from events.factories import EventPageFactory
from events.models import EventDateChange, EventPage, EventPastSchedule
from events.validation import validate_schedule
from tests.utils import build_site

from .engines import (
    Window,
    difference,
    feed_problems,
    parse,
    recurring_ical_events_instances,
    split_site_instances,
    split_site_occurrences,
)
from .test_engines import TODAY, WINDOW_DAYS, FixedToday, fetch
from .test_property import rules, times


@st.composite
def split_rules(draw, start_date):
    """An RRULE line: the editor's, or one with its weekday or day implied."""
    if draw(st.integers(0, 2)):
        return draw(rules(start_date))
    freq = draw(st.sampled_from(["WEEKLY", "MONTHLY"]))
    parts = [f"FREQ={freq}", f"INTERVAL={draw(st.integers(1, 2))}"]
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(2, 40))}")
    return "RRULE:" + ";".join(parts)


@st.composite
def split_schedules(draw):
    start_date = TODAY + dt.timedelta(days=draw(st.integers(-120, 120)))
    split = start_date + dt.timedelta(days=draw(st.integers(1, 300)))
    old_time, new_time = draw(times()), draw(times())
    old_rule = draw(split_rules(start_date))
    if draw(st.integers(0, 3)) == 0:
        extra = split - dt.timedelta(days=draw(st.integers(1, 40)))
        if extra > start_date:
            old_rule += f"\nRDATE:{extra:%Y%m%d}T120000Z"
    # The new schedule keeps the first date (and so the rule's rhythm) or
    # begins on a day of its own.
    new_start = draw(
        st.sampled_from([start_date, split + dt.timedelta(days=draw(st.integers(0, 6)))])
    )
    new_rule = draw(split_rules(new_start))
    if draw(st.integers(0, 2)) == 0:
        # An extra date in the first days of the new schedule: maybe its first.
        extra = split + dt.timedelta(days=draw(st.integers(0, 20)))
        new_rule += f"\nRDATE:{extra:%Y%m%d}T120000Z"
    return {
        "start_date": start_date,
        "split": split,
        "old": {"start_time": old_time, "rule": old_rule},
        "new": {"start_date": new_start, "start_time": new_time, "rule": new_rule},
        "seed": draw(st.randoms(use_true_random=False)),
    }


class FirstDateCancelled:
    """The ``seed`` of an explicit example: cancels the first date."""

    def sample(self, dates, k):
        return dates[:1]

    def choice(self, options):
        return options[0]


# Found by the search (issue 19's note): a former schedule whose rule gives
# no date before the split keeps its first date alone, which the feed
# writes as a single date; cancelled, it is a cancelled single date. Kept
# as an example because which examples the search draws depends on the
# rest of the session (the example database is off).
FORMER_SCHEDULE_OF_ONE_CANCELLED_DATE = {
    "start_date": dt.date(2028, 1, 10),
    "split": dt.date(2028, 1, 11),
    "old": {
        "start_time": dt.time(0, 0),
        "rule": "RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1;COUNT=1",
    },
    "new": {
        "start_date": dt.date(2028, 1, 10),
        "start_time": dt.time(0, 0),
        "rule": "RRULE:FREQ=WEEKLY;INTERVAL=1",
    },
    "seed": FirstDateCancelled(),
}


def hour_later(time):
    return (dt.datetime.combine(dt.date.min, time) + dt.timedelta(hours=1)).time()


class SplitFeedPropertyTests(FixedToday, TestCase):
    window = Window.days(TODAY, WINDOW_DAYS)

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(split_schedules())
    @example(FORMER_SCHEDULE_OF_ONE_CANCELLED_DATE)
    def test_recurring_ical_events_lists_the_sites_dates(self, schedule):
        random = schedule["seed"]
        old, new = schedule["old"], schedule["new"]
        for start_date, rule in [
            (schedule["start_date"], old["rule"]),
            (new["start_date"], new["rule"]),
        ]:
            try:  # what the editor would be told to fix
                validate_schedule(EventPage(start_date=start_date, recurrence=deserialize(rule)))
            except ValidationError:
                assume(False)
        page = EventPageFactory(
            parent=self.site.event_index,
            start_date=new["start_date"],
            start_time=new["start_time"],
            end_time=hour_later(new["start_time"]) if new["start_time"] < dt.time(22) else None,
            recurrence=deserialize(new["rule"]),
            schedule_from=schedule["split"],
        )
        EventPastSchedule.objects.create(
            page=page,
            valid_until=schedule["split"] - dt.timedelta(days=1),
            start_date=schedule["start_date"],
            start_time=old["start_time"],
            recurrence=deserialize(old["rule"]),
        )
        page = EventPage.objects.get(pk=page.pk)
        first, last = self.window.first, self.window.last
        dates = [o.original_date for _, _, o in split_site_occurrences(page, first, last)]
        for day in random.sample(dates, k=min(len(dates), 4)):
            action = random.choice(["cancel", "move", "note"])
            change = {"page": page, "date": day, "action": action, "reason": "Geändert"}
            if action == "move":
                change["new_date"] = day + dt.timedelta(days=random.choice([-3, 1, 2]))
                if change["new_date"] in dates:
                    change["action"], change["new_date"] = "note", None
            EventDateChange.objects.create(**change)
        page.save_revision().publish()
        page = EventPage.objects.get(pk=page.pk)

        ics = fetch(self.client, f"{page.url}feed.ics")
        series = [v for v in parse(ics).walk("VEVENT") if "RECURRENCE-ID" not in v]
        event(f"{len(series)} series in the feed")
        implied = [
            r for r in (old["rule"], new["rule"]) if "BYDAY" not in r and "BYMONTHDAY" not in r
        ]
        event(f"{len(implied)} rules with an implied day")
        event("an extra date in the new schedule" if "RDATE" in new["rule"] else "no extra date")
        description = f"{schedule}\n{ics.decode()}"
        self.assertEqual(feed_problems(ics), [], description)
        site, site_cancelled = split_site_instances(
            split_site_occurrences(page, first, last), self.window
        )
        instances, cancelled = recurring_ical_events_instances(ics, self.window)
        diff = difference(site, instances, "engine")
        if diff:
            self.fail(f"{diff}\n{description}")
        self.assertEqual(cancelled, site_cancelled, description)
