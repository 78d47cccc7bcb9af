"""Property: for any weekly or monthly schedule an editor can enter, with
excluded, cancelled, moved and annotated dates, the event's feed expanded by
recurring-ical-events gives exactly the dates the site lists.

Derandomized, so CI runs the same 40 schedules every time; a failure prints
the schedule (the falsifying example) to reproduce it.
"""

import datetime as dt

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from recurrence import Recurrence, deserialize, serialize

from django.core.exceptions import ValidationError

from events.factories import EventPageFactory
from events.models import EventDateChange, EventPage
from events.schedule import event_occurrences, scheduled_dates
from events.validation import validate_schedule
from tests.utils import build_site

from .engines import (
    Window,
    difference,
    feed_problems,
    recurring_ical_events_instances,
    site_cancelled_single_dates,
    site_instances,
)
from .test_engines import TODAY, WINDOW_DAYS, FixedToday, fetch

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Around the daylight-saving changes (02:00-03:00 is skipped in March and
# repeated in October), at the ends of the day, and ordinary times.
TIMES = [dt.time(h, m) for h, m in [(0, 0), (1, 30), (2, 0), (2, 15), (2, 30), (2, 59), (3, 0),
                                    (3, 30), (9, 0), (18, 0), (22, 45), (23, 30)]]  # fmt: skip


def times():
    quarter_hours = st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
    return st.one_of(st.sampled_from(TIMES), quarter_hours)


@st.composite
def rules(draw, start_date):
    """An RRULE line as the editor's widget makes them."""
    if draw(st.booleans()):
        days = draw(st.sets(st.sampled_from(WEEKDAYS), min_size=1, max_size=4))
        parts = ["FREQ=WEEKLY", f"INTERVAL={draw(st.integers(1, 3))}"]
        parts.append("BYDAY=" + ",".join(sorted(days, key=WEEKDAYS.index)))
    else:
        parts = ["FREQ=MONTHLY", f"INTERVAL={draw(st.integers(1, 2))}"]
        if draw(st.booleans()):
            nth = draw(st.sampled_from([1, 2, 3, 4, -1]))
            parts.append(f"BYDAY={nth:+d}{draw(st.sampled_from(WEEKDAYS))}")
        else:
            parts.append(f"BYMONTHDAY={draw(st.integers(1, 28))}")
    end = draw(st.sampled_from(["count", "until", "open"]))
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(1, 30))}")
    elif end == "until":
        until = start_date + dt.timedelta(days=draw(st.integers(0, 450)))
        # As the widget saves it: the last day's end, in UTC.
        parts.append(f"UNTIL={until:%Y%m%d}T225959Z")
    return "RRULE:" + ";".join(parts)


@st.composite
def schedules(draw):
    start_date = TODAY + dt.timedelta(days=draw(st.integers(-60, 300)))
    all_day = draw(st.integers(0, 5)) == 0
    start_time = end_time = None
    days = draw(st.sampled_from([0, 0, 0, 1, 2]))
    if not all_day:
        start_time = draw(times())
        if draw(st.integers(0, 3)):
            minutes = draw(st.integers(1, 16)) * 15
            end = dt.datetime.combine(start_date, start_time) + dt.timedelta(minutes=minutes)
            end_time = end.time()
            if days == 0 and end.date() != start_date:
                end_time = None  # would end before it starts on the same day
    return {
        "start_date": start_date,
        "end_date": start_date + dt.timedelta(days=days) if days else None,
        "start_time": start_time,
        "end_time": end_time,
        "rule": draw(rules(start_date)),
        "skip_public_holidays": draw(st.booleans()),
        "skip_jewish_holidays": draw(st.integers(0, 3)) == 0,
        "seed": draw(st.randoms(use_true_random=False)),
    }


def later_time(after):
    """A time after ``after`` on the same day, or None past 22:00."""
    if after >= dt.time(22):
        return None
    return (dt.datetime.combine(dt.date.min, after) + dt.timedelta(hours=1)).time()


class FeedPropertyTests(FixedToday, TestCase):
    window = Window.days(TODAY, WINDOW_DAYS)

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(schedules())
    def test_recurring_ical_events_lists_the_sites_dates(self, schedule):
        random = schedule.pop("seed")
        rule = schedule.pop("rule")
        recurrence = deserialize(rule)
        draft = EventPage(start_date=schedule["start_date"], end_date=schedule["end_date"])
        draft.recurrence = recurrence
        dates = scheduled_dates(
            draft, schedule["start_date"], schedule["start_date"] + dt.timedelta(days=500)
        )
        # Excluded dates (the widget's "Dieses Datum ausschließen") and
        # changed dates, from the schedule as the editor's form requires.
        picked = random.sample(dates, k=min(len(dates), random.randint(0, 8)))
        exdates, changed = picked[:2], picked[2:]
        if exdates:
            recurrence = Recurrence(
                rrules=list(recurrence.rrules),
                exdates=[dt.datetime.combine(day, dt.time(12), dt.UTC) for day in exdates],
            )
            draft.recurrence = recurrence
        try:
            validate_schedule(draft)  # what the editor would be told to fix
        except ValidationError:
            assume(False)
        dates = scheduled_dates(
            draft, schedule["start_date"], schedule["start_date"] + dt.timedelta(days=500)
        )
        changed = [day for day in changed if day in dates]
        page = EventPageFactory(parent=self.site.event_index, recurrence=recurrence, **schedule)
        taken = set(dates)
        for day in changed:
            change = {"page": page, "date": day, "reason": "Geändert"}
            action = random.choice(["cancel", "move", "note"])
            if action == "move":
                new_date = day + dt.timedelta(days=random.choice([-2, -1, 0, 1, 3, 7]))
                if new_date in taken:
                    new_date = None
                change["new_date"] = new_date
                if page.start_time and (new_date is None or random.random() < 0.5):
                    # A new time with an end after it (a new start alone may
                    # end before it starts: EdgeCaseTests shows that bug).
                    change["new_start_time"] = random.choice(TIMES)
                    change["new_end_time"] = page.end_time and later_time(change["new_start_time"])
                    if page.end_time and change["new_end_time"] is None:
                        change["new_start_time"] = dt.time(18)
                        change["new_end_time"] = dt.time(19)
                if not (change["new_date"] or change.get("new_start_time")):
                    action = "cancel"
                taken.add(new_date)
            change["action"] = action
            EventDateChange.objects.create(**change)
            event(f"a date: {action}")
        page.save_revision().publish()
        page = EventPage.objects.get(pk=page.pk)
        event(rule.split(";")[0] + (" (all day)" if page.all_day else ""))
        event("until" if "UNTIL" in rule else "count" if "COUNT" in rule else "open-ended")

        ics = fetch(self.client, f"{page.url}feed.ics")
        occurrences = event_occurrences(page, self.window.first, self.window.last)
        description = f"{rule} {serialize(page.recurrence)!r} {schedule}\n{ics.decode()}"
        self.assertEqual(feed_problems(ics), [], description)
        instances, cancelled = recurring_ical_events_instances(ics, self.window)
        if len({o.start.utcoffset() for o in occurrences if not o.all_day}) == 2:
            event("dates in summer and in winter time")
        diff = difference(site_instances(occurrences, self.window), instances, "engine")
        if diff:
            self.fail(f"{diff}\n{description}")
        self.assertEqual(
            cancelled, site_cancelled_single_dates(occurrences, self.window), description
        )
