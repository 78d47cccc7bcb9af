"""The lines of the calendar's month view: what each shows of a date, worked
out in Python and rendered as one piece of HTML per line. With a template
tag or filter for each part, and Wagtail's ``Page.get_url`` for each event,
the ~100 lines of a full month cost several times its queries."""

from html import escape
from typing import NamedTuple

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from wagtail.models import Page, Site

from site_core.templatetags.site_dates import local_date

from ..occurrences import event_pages

# Addresses of event pages by everything Wagtail's ``Page.get_url`` reads:
# the page's url_path, the sites' root paths, the language and the current
# site. A page moved or renamed has a new url_path, so an entry is never
# stale; it saves a reverse() per event on every miss of the page cache.
_addresses = {}  # {(language, root paths, site): {url_path: address}}
_ADDRESSES_MAX = 20_000


class EventAddresses:
    """What ``{% pageurl event %}`` gives for an event page by its
    ``url_path``, without loading the page: for one request."""

    def __init__(self, request):
        self.request = request
        self.site = Site.find_for_request(request) if request else None
        # Wagtail's own list of the sites' root paths (kept on the request).
        probe = Page()
        root_paths = tuple(probe._get_site_root_paths(request))
        context = (get_language(), root_paths, self.site.pk if self.site else None)
        self.known = _addresses.setdefault(context, {})

    def __call__(self, url_path):
        url = self.known.get(url_path)
        if url is None:
            if len(self.known) >= _ADDRESSES_MAX:
                self.known.clear()
            page = Page(url_path=url_path)
            url = self.known[url_path] = page.get_url(self.request, current_site=self.site)
        return url


class MonthLine(NamedTuple):
    """What a line of the month view shows of an occurrence."""

    status: str
    date_url: str
    day: str  # the date, for screen readers
    time: str  # or "ganztägig"
    event_url: str
    title: str
    badge: str  # cancelled or moved

    def __html__(self):
        # Python's html.escape, which Django's escape() calls: format_html's
        # lazy-string checks cost more than the ~100 lines themselves.
        badge = f' <span class="badge">{escape(str(self.badge))}</span>' if self.badge else ""
        return (
            f'<li class="status-{escape(self.status)}"><a href="{escape(self.date_url)}">'
            f'<span class="visually-hidden">{escape(self.day)}, </span>{escape(self.time)}</a>'
            f' <a href="{escape(self.event_url)}">{escape(self.title)}</a>{badge}</li>'
        )


def lines_html(lines):
    """The HTML of ``MonthLine``s, one after the other."""
    return mark_safe("".join(line.__html__() for line in lines))


# Each day's label by language ("Dienstag, 14. April"): Django's date
# formatter with a translated format costs ~100 µs a call, and a month asks
# for each of its 35 days twice.
_day_labels = {}


def day_label(day, name="long"):
    """``local_date(day, name)``, worked out once per process."""
    key = (day, name, get_language())
    label = _day_labels.get(key)
    if label is None:
        if len(_day_labels) >= _ADDRESSES_MAX:
            _day_labels.clear()
        label = _day_labels[key] = local_date(day, name)
    return label


class MonthLines:
    """The ``MonthLine``s of a request: each event's address and each
    date's route worked out once."""

    def __init__(self, request):
        self.addresses = EventAddresses(request)
        self.events = {}
        self.date_paths = {}

    def event_url(self, event):
        url = self.events.get(event.pk)
        if url is None:
            url = self.events[event.pk] = self.addresses(event.url_path)
        return url

    def date_url(self, event, date):
        # The date route is the same for every event page.
        path = self.date_paths.get(date)
        if path is None:
            path = self.date_paths[date] = (
                event_pages().model.get_resolver().reverse("date", date.isoformat())
            )
        return self.event_url(event) + path

    def line(self, occurrence):
        day = day_label(occurrence.start_date)
        if occurrence.all_day:
            time = gettext("ganztägig")
        else:
            # What {{ start|time:"H:i" }} gives (in the current time zone),
            # without Django's date formatter, which costs ~40 µs a call.
            time = f"{timezone.localtime(occurrence.start):%H:%M}"
        event = occurrence.event
        return MonthLine(
            status=occurrence.status,
            date_url=self.date_url(event, occurrence.original_date),
            day=day,
            time=time,
            event_url=self.event_url(event),
            title=event.title,
            badge=(
                occurrence.status_label if occurrence.is_cancelled or occurrence.is_moved else ""
            ),
        )
