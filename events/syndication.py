"""RSS feeds of the calendar: the upcoming dates, and the recent changes.

Subscribed calendars refresh slowly (Google every 12 to 24 hours), so a
cancellation at short notice needs a faster channel: feed readers, and the
e-mail and messenger services that forward RSS, poll within minutes.
"""

import datetime as dt
import re

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from site_core.templatetags.site_dates import local_date

from .occurrences import changed_occurrences, upcoming_occurrences
from .vevents import UID_FORMAT

UPCOMING_DAYS = 60
MAX_ITEMS = 100

# Not allowed in XML 1.0 (tab, line feed and carriage return are): control
# characters, surrogates (never whole characters on their own) and the
# noncharacters U+FFFE and U+FFFF. One of them in one title made the whole
# feed ill-formed, which feed readers then refuse altogether.
XML_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    return XML_CONTROL_CHARACTERS.sub(" ", value) if isinstance(value, str) else value


class XmlSafeRssFeed(Rss201rev2Feed):
    """RSS 2.0 with control characters as spaces. Django refuses to write
    them (a 500), and a title pasted from Word can hold one: U+000B, its
    manual line break."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})


def occurrence_title(occurrence):
    when = local_date(occurrence.start_date, "weekday")
    if not occurrence.all_day:
        when = f"{when}, {time_format(occurrence.start, 'H:i')}"
    title = f"{when}: {occurrence.event.title}"
    if occurrence.is_cancelled or occurrence.is_moved:
        title = f"{occurrence.status_label.capitalize()} – {title}"
    return title


class CalendarFeed(Feed):
    """Base for the calendar's RSS feeds, built per request for one
    calendar page (and so one language)."""

    feed_type = XmlSafeRssFeed

    def __init__(self, calendar_page):
        super().__init__()
        self.calendar_page = calendar_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return self.calendar_page.get_url(self.request)

    def item_link(self, item):
        return item.event.get_url(self.request)

    def item_guid(self, item):
        key = UID_FORMAT.format(key=item.event.translation_key)
        return f"{key}/{item.original_date.isoformat()}/{item.status}"

    item_guid_is_permalink = False

    def item_description(self, item):
        parts = [item.reason, item.note, item.event.introduction]
        if item.location is not None:
            parts.append(item.location.one_line)
        return "\n\n".join(part for part in parts if part)

    def item_title(self, item):
        return occurrence_title(item)


class UpcomingFeed(CalendarFeed):
    def title(self):
        return _("%(calendar)s: die nächsten Termine") % {"calendar": self.calendar_page.title}

    def description(self):
        return _("Alle Termine der nächsten %(days)s Tage, mit Absagen und Verschiebungen.") % {
            "days": UPCOMING_DAYS
        }

    def items(self):
        return upcoming_occurrences(
            locale=self.calendar_page.locale, days=UPCOMING_DAYS, limit=MAX_ITEMS
        )

    def item_pubdate(self, item):
        return item.event.last_published_at


class ChangesFeed(CalendarFeed):
    def title(self):
        return _("%(calendar)s: Absagen, Verschiebungen und neue Termine") % {
            "calendar": self.calendar_page.title
        }

    def description(self):
        return _("Was sich an kommenden Terminen geändert hat, das Neueste zuerst.")

    def items(self):
        since = timezone.now() - dt.timedelta(days=30)
        return changed_occurrences(locale=self.calendar_page.locale, since=since)[:MAX_ITEMS]

    def item_title(self, item):
        if item.status == "scheduled":
            return _("Neu: %(title)s") % {"title": occurrence_title(item)}
        return occurrence_title(item)

    def item_pubdate(self, item):
        return item.changed_at
