"""Series that changed from a date on, on fixed dates, for the feed tests
(tests/feeds/test_split_series.py, tests/events/test_feed_split.py).

"Today" is Monday 10 January 2028 (``TODAY``): the clocks change on 26
March and 29 October 2028. Each series is built as it is stored, the page's
current schedule (``schedule_from``) and its former schedules
(``EventPastSchedule`` rows), with single-date changes on each side of the
split.
"""

import datetime as dt

from recurrence import deserialize

from events.factories import EventPageFactory
from events.models import EventDateChange, EventPastSchedule
from site_core.factories import LocationFactory


def d(text):
    return dt.date.fromisoformat(text)


def t(text):
    return dt.time.fromisoformat(text)


def build_split_series(index):
    """The series below, published, by their titles."""
    hall, room = LocationFactory(name="Gemeindesaal"), LocationFactory(name="Raum 2")
    events = {}

    def series(title, *, past=(), changes=(), **fields):
        page = EventPageFactory(parent=index, title=title, **fields)
        for row in past:
            EventPastSchedule.objects.create(page=page, **row)
        for change in changes:
            EventDateChange.objects.create(page=page, **change)
        page.save_revision().publish()
        events[title] = page
        return page

    tuesdays = deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU")
    # Tuesdays 18:00 in the hall, from 21 March (before the spring change)
    # 19:00 in room 2. Before the split: a cancelled date, a date moved
    # within the old schedule, one moved past the split, a note; after it:
    # the first new date moved a day earlier (into the old schedule's time),
    # a cancelled date, a new time for one date, and a holiday (Easter
    # Monday is no Tuesday: 3 October is). A change of 23 March, a Thursday,
    # is no date of either schedule.
    series(
        "Deutsch-Treff",
        start_date=d("2027-11-02"), start_time=t("19:00"), end_time=t("20:30"),
        recurrence=tuesdays, schedule_from=d("2028-03-21"), location=room,
        skip_public_holidays=True,
        past=[{
            "valid_until": d("2028-03-20"), "start_date": d("2027-11-02"),
            "start_time": t("18:00"), "end_time": t("19:30"), "recurrence": tuesdays,
            "location": hall, "skip_public_holidays": True,
        }],
        changes=[
            {"date": d("2028-01-25"), "action": "note", "reason": "Bitte Ausweis mitbringen"},
            {"date": d("2028-02-15"), "action": "cancel", "reason": "Krankheit"},
            {
                "date": d("2028-03-07"), "action": "move", "new_date": d("2028-03-09"),
                "new_start_time": t("16:00"), "new_end_time": t("17:00"),
            },
            {"date": d("2028-03-14"), "action": "move", "new_date": d("2028-03-22")},
            {"date": d("2028-03-21"), "action": "move", "new_date": d("2028-03-20")},
            {"date": d("2028-04-11"), "action": "cancel", "reason": "Osterferien"},
            {
                "date": d("2028-05-02"), "action": "move",
                "new_start_time": t("17:00"), "new_end_time": t("18:30"),
            },
            {"date": d("2028-03-23"), "action": "cancel", "reason": "kein Termin"},
        ],
    )  # fmt: skip
    # Every other Thursday 10:00, 40 times from 2 December 2027; from 19
    # October (ten days before the autumn change) 11:00 to 13:00: COUNT
    # counts from the first date of all, the fortnights stay aligned.
    fortnightly = deserialize("RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=40")
    series(
        "Sprechstunde",
        start_date=d("2027-12-02"), start_time=t("11:00"), end_time=t("13:00"),
        recurrence=fortnightly, schedule_from=d("2028-10-19"),
        past=[{
            "valid_until": d("2028-10-18"), "start_date": d("2027-12-02"),
            "start_time": t("10:00"), "end_time": t("12:00"), "recurrence": fortnightly,
        }],
        changes=[
            {"date": d("2028-10-05"), "action": "cancel"},
            {"date": d("2028-11-02"), "action": "move", "new_date": d("2028-11-03")},
        ],
    )  # fmt: skip
    # Tuesdays to Thursdays from 1 March: "weekly" with the weekday taken
    # from the first date, on both sides.
    weekly = deserialize("RRULE:FREQ=WEEKLY")
    series(
        "Frauencafé",
        start_date=d("2028-03-02"), start_time=t("15:00"), end_time=t("17:00"),
        recurrence=weekly, schedule_from=d("2028-03-01"),
        past=[{
            "valid_until": d("2028-02-29"), "start_date": d("2028-01-04"),
            "start_time": t("15:00"), "end_time": t("17:00"), "recurrence": weekly,
        }],
        changes=[
            {"date": d("2028-02-01"), "action": "cancel", "reason": "Krankheit"},
            {"date": d("2028-03-16"), "action": "move", "new_date": d("2028-03-17")},
            # A Tuesday after the move: no date any more.
            {"date": d("2028-03-07"), "action": "cancel"},
        ],
    )  # fmt: skip
    # The first Wednesday of the month; no dates in July and August, then
    # again, in the hall.
    first_wednesday = deserialize("RRULE:FREQ=MONTHLY;BYDAY=+1WE")
    series(
        "Seniorentreff",
        start_date=d("2027-11-03"), start_time=t("15:00"), end_time=t("17:00"),
        recurrence=first_wednesday, schedule_from=d("2028-09-01"), location=hall,
        past=[{
            "valid_until": d("2028-06-30"), "start_date": d("2027-11-03"),
            "start_time": t("15:00"), "end_time": t("17:00"), "recurrence": first_wednesday,
        }],
        changes=[{"date": d("2028-06-07"), "action": "cancel"}],
    )  # fmt: skip
    # All day on Saturdays; from 2 April also on Wednesday 5 April (an extra
    # date, the first of that schedule); from September two days, six times.
    saturdays = deserialize("RRULE:FREQ=WEEKLY")
    series(
        "Ferienprogramm",
        start_date=d("2028-09-02"), end_date=d("2028-09-03"), start_time=None, end_time=None,
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=6"), schedule_from=d("2028-09-01"),
        past=[
            {"valid_until": d("2028-03-31"), "start_date": d("2028-01-15"),
             "recurrence": saturdays},
            {"valid_from": d("2028-04-02"), "valid_until": d("2028-06-30"),
             "start_date": d("2028-01-15"),
             "recurrence": deserialize("RRULE:FREQ=WEEKLY\nRDATE:20280405T000000Z")},
        ],
        changes=[
            {"date": d("2028-04-15"), "action": "cancel"},
            {"date": d("2028-09-16"), "action": "move", "new_date": d("2028-09-17")},
        ],
    )  # fmt: skip
    # Every other Sunday 10:00; from 7 February 11:00, and on Monday 7
    # February too (an extra date, the first of the new schedule): the
    # fortnight's rhythm counts from the Sundays, not from that Monday.
    fortnightly_sundays = deserialize("RRULE:FREQ=WEEKLY;INTERVAL=2")
    series(
        "Elterncafé",
        start_date=d("2028-01-09"), start_time=t("11:00"), end_time=t("12:00"),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;INTERVAL=2\nRDATE:20280207T120000Z"),
        schedule_from=d("2028-02-07"),
        past=[{
            "valid_until": d("2028-02-06"), "start_date": d("2028-01-09"),
            "start_time": t("10:00"), "end_time": t("11:00"), "recurrence": fortnightly_sundays,
        }],
        changes=[{"date": d("2028-03-05"), "action": "cancel"}],
    )  # fmt: skip
    return events
