"""The lines of the calendar's month view and the addresses of every
calendar line: what each shows of a date, worked out in Python and rendered
as one piece of HTML per line. With a template tag or filter for each part,
and Wagtail's ``Page.get_url`` for each event, the ~100 lines of a full
month cost several times its queries (the list's lines:
``events.templatetags.calendar_tags``)."""

from html import escape
from typing import NamedTuple

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

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
        if context not in _addresses and len(_addresses) >= 16:
            # The sites' root paths changed (a site added or moved) more often
            # than a process lives: forget the old ones.
            _addresses.clear()
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


def week_row(cells):
    """A ``<tr>`` of the cells' HTML."""
    return mark_safe(f"<tr>{''.join(cells)}</tr>")


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


class LineAddresses:
    """The addresses of the calendar lines' events and dates, each event's
    and each date route's worked out once per request (``line_addresses``).
    An event is an event page or a ``ListedEvent``: its pk and url_path."""

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
        """What ``{% date_page_url occurrence %}`` gives for ``date`` (an
        original date) of ``event``."""
        # The date route is the same for every event page.
        path = self.date_paths.get(date)
        if path is None:
            path = self.date_paths[date] = (
                event_pages().model.get_resolver().reverse("date", date.isoformat())
            )
        return self.event_url(event) + path


def line_addresses(request):
    """The request's ``LineAddresses``."""
    addresses = getattr(request, "_line_addresses", None)
    if addresses is None:
        addresses = LineAddresses(request)
        if request is not None:
            request._line_addresses = addresses
    return addresses


class MonthLines:
    """The ``MonthLine``s and day cells of a month view."""

    def __init__(self, request, *, month, today):
        self.month = month
        self.today = today
        self.urls = line_addresses(request)

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
            date_url=self.urls.date_url(event, occurrence.original_date),
            day=day,
            time=time,
            event_url=self.urls.event_url(event),
            title=event.title,
            badge=(
                occurrence.status_label if occurrence.is_cancelled or occurrence.is_moved else ""
            ),
        )

    def cell(self, day, occurrences, *, more, more_url):
        """The ``<td>`` of ``day`` with the lines of ``occurrences`` and, if
        there are ``more`` dates, the link to them (``more_url``)."""
        is_today = day == self.today
        classes = (
            ("today" if is_today else "")
            + ("" if occurrences else " empty")
            + ("" if day.month == self.month.month else " other-month")
        )
        badge = f' <span class="badge">{escape(gettext("heute"))}</span>' if is_today else ""
        current = ' aria-current="date"' if is_today else ""
        html = (
            f'<td class="{classes}"{current}>'
            f'<span class="month__day">{escape(day_label(day, "weekday"))}{badge}</span>'
        )
        if occurrences:
            lines = "".join(self.line(occurrence).__html__() for occurrence in occurrences)
            if more:
                text = ngettext(
                    "und %(counter)s weiterer Termin", "und %(counter)s weitere Termine", more
                ) % {"counter": more}
                lines += (
                    f'<li class="month__more"><a href="{escape(more_url)}">{escape(text)}</a></li>'
                )
            html += f"<ul>{lines}</ul>"
        return html + "</td>"
