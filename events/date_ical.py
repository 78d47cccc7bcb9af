"""One date of a series as an iCalendar file (``<YYYY-MM-DD>/termin.ics``):
"add only this date". One VEVENT without RRULE, under a UID of its own
(``single_dates.single_date_uid``), so a calendar that also subscribed to
the series keeps both rather than one replacing the other. A cancelled
date is STATUS:CANCELLED: opened again, the file takes the date out of a
calendar it was added to.
"""

from icalendar import Calendar, Event, vText

from .ical import PRODID, calendar_response, site_timezone
from .single_dates import single_date_uid
from .vevents import NEVER_PUBLISHED

FILENAME = "termin.ics"


def _times(occurrence):
    """DTSTART and DTEND: Berlin wall-clock times (TZID), or dates with an
    exclusive end for an all-day date."""
    if occurrence.all_day:
        return occurrence.start.date(), occurrence.end.date()
    return occurrence.start, occurrence.end


def date_vevent(occurrence, *, url):
    event = occurrence.event
    vevent = Event()
    vevent.add("uid", single_date_uid(occurrence))
    # The publication, not "now": the same file twice has the same bytes
    # (and ETag); a new publication is a newer version of the date.
    published = event.last_published_at or event.latest_revision_created_at or NEVER_PUBLISHED
    vevent.add("dtstamp", published)
    vevent.add("last-modified", published)
    vevent.add("sequence", event.live_revision_id or 0)
    vevent.add("summary", event.title)
    vevent.add("url", url)
    start, end = _times(occurrence)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    if occurrence.location is not None:
        vevent.add("location", occurrence.location.one_line)
    notes = [occurrence.reason, occurrence.note, event.introduction, url]
    if occurrence.is_cancelled:
        vevent.add("status", "CANCELLED")
        notes.insert(0, str(occurrence.status_label))
    else:
        vevent.add("status", "CONFIRMED")
    vevent.add("description", "\n\n".join(str(note) for note in notes if note))
    return vevent


def date_calendar(occurrence, *, url):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", vText(occurrence.event.title))
    cal.add_component(site_timezone())
    cal.add_component(date_vevent(occurrence, url=url))
    return cal


def date_ical_response(request, occurrence, *, url):
    """The file, with the ETag and conditional answers of the feeds."""
    filename = f"{occurrence.event.slug}-{occurrence.original_date:%Y-%m-%d}.ics"
    return calendar_response(request, date_calendar(occurrence, url=url), filename=filename)
