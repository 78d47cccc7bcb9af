"""Links that subscribe a visitor's calendar app to a feed, or add one
date to it."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings


@dataclass(frozen=True)
class Subscription:
    """A feed's https URL (``url``, also the download) and what each calendar
    app needs to subscribe to it. Only links: nothing on the page talks to
    Google or Microsoft until the visitor follows one."""

    url: str
    name: str

    @property
    def webcal_url(self):
        # Apple Calendar on iOS and macOS (and Thunderbird, most Android
        # calendar apps): webcal:// opens the subscribe dialogue. Not for
        # Outlook: new Outlook for Windows mangles webcal:// links; it gets
        # outlook_com_url / office365_url.
        return urlunsplit(urlsplit(self.url)._replace(scheme="webcal"))

    @property
    def google_url(self):
        return "https://calendar.google.com/calendar/render?" + urlencode({"cid": self.webcal_url})

    # Outlook on the web's "add from web" dialogue, for Microsoft accounts
    # (outlook.live.com) and work accounts (outlook.office.com): it takes the
    # https feed itself, and the calendar then shows in Outlook for Windows,
    # Mac and phones too.
    @property
    def outlook_com_url(self):
        return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode(
            {"url": self.url, "name": self.name}
        )

    @property
    def office365_url(self):
        return "https://outlook.office.com/calendar/0/addfromweb?" + urlencode(
            {"url": self.url, "name": self.name}
        )


def _google_time(value, all_day):
    return f"{value:%Y%m%d}" if all_day else f"{value.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def _outlook_time(value, all_day):
    return f"{value:%Y-%m-%d}" if all_day else f"{value.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"


@dataclass(frozen=True)
class SingleDate:
    """ "Add only this date": the date's own iCalendar file (``ics_url``)
    and the "new event" forms of Google Calendar and Outlook on the web,
    filled in with the date. Only links, as ``Subscription``'s."""

    ics_url: str
    title: str
    start: dt.datetime
    # The exclusive end: the next day of an all-day date; None: no end.
    end: dt.datetime | None
    all_day: bool
    details: str
    location: str

    @classmethod
    def of(cls, occurrence, *, ics_url, page_url):
        end = occurrence.end
        if end is None and not occurrence.all_day:
            # Google and Outlook need an end; an hour, as both suggest.
            end = occurrence.start + dt.timedelta(hours=1)
        location = occurrence.location
        return cls(
            ics_url=ics_url,
            title=occurrence.event.title,
            start=occurrence.start,
            end=end,
            all_day=occurrence.all_day,
            details="\n\n".join(filter(None, [occurrence.note, page_url])),
            location=location.one_line if location is not None else "",
        )

    @property
    def google_url(self):
        dates = "/".join(_google_time(value, self.all_day) for value in (self.start, self.end))
        query = {
            "action": "TEMPLATE",
            "text": self.title,
            "dates": dates,
            "ctz": settings.TIME_ZONE,
            "details": self.details,
            "location": self.location,
        }
        return "https://calendar.google.com/calendar/render?" + urlencode(query)

    def _outlook_query(self):
        return urlencode(
            {
                "path": "/calendar/action/compose",
                "rru": "addevent",
                "subject": self.title,
                "startdt": _outlook_time(self.start, self.all_day),
                "enddt": _outlook_time(self.end, self.all_day),
                "allday": "true" if self.all_day else "false",
                "body": self.details,
                "location": self.location,
            }
        )

    @property
    def outlook_com_url(self):
        return "https://outlook.live.com/calendar/0/deeplink/compose?" + self._outlook_query()

    @property
    def office365_url(self):
        return "https://outlook.office.com/calendar/0/deeplink/compose?" + self._outlook_query()
