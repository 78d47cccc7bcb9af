"""The lines of the calendar's month view and the addresses of every
calendar line: what each shows of a date, worked out in Python and rendered
as one piece of HTML per line. With a template tag or filter for each part,
and Wagtail's ``Page.get_url`` for each event, the ~100 lines of a full
month cost several times its queries (the list's lines:
``events.templatetags.calendar_tags``)."""

from html import escape

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from wagtail.models import Page, Site

from site_core.templatetags.site_dates import local_date

from ..occurrences import event_pages
from ..schedule import Status

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


def week_row(cells):
    """A ``<tr>`` of the cells' HTML."""
    return mark_safe(f"<tr>{''.join(cells)}</tr>")


# Each day's label by language ("Dienstag, 14. April"): Django's date
# formatter with a translated format costs ~100 µs a call, and a month asks
# for each of its 35 days twice.
_day_labels = {}


def day_label(day, name="long", language=None):
    """``local_date(day, name)``, worked out once per process;
    ``language``: the current one (``get_language()``), if known."""
    key = (day, name, language or get_language())
    label = _day_labels.get(key)
    if label is None:
        if len(_day_labels) >= _ADDRESSES_MAX:
            _day_labels.clear()
        label = _day_labels[key] = local_date(day, name)
    return label


# The date route's path of each date ("2027-03-10/"): the same for every
# event page (the routable page's own resolver, no language or script
# prefix), a reverse() per date on every miss of the page cache.
_date_paths = {}


def date_path(date):
    """The path of ``date``'s page below its event page's address."""
    path = _date_paths.get(date)
    if path is None:
        if len(_date_paths) >= _ADDRESSES_MAX:
            _date_paths.clear()
        path = _date_paths[date] = (
            event_pages().model.get_resolver().reverse("date", date.isoformat())
        )
    return path


# Dates in a Django date format ("F Y", "l") by language: the month
# view's caption, its links to the months around it and the weekdays'
# headings, a call of Django's date formatter each.
_formatted = {}


def formatted_date(day, format):
    """What ``{{ day|date:format }}`` gives, worked out once per process."""
    key = (day, format, get_language())
    text = _formatted.get(key)
    if text is None:
        if len(_formatted) >= _ADDRESSES_MAX:
            _formatted.clear()
        text = _formatted[key] = format_date(day, format)
    return text


class LineAddresses:
    """The addresses of the calendar lines' events and dates, each event's
    and each date route's worked out once per request (``line_addresses``).
    An event is an event page or a ``ListedEvent``: its pk and url_path."""

    def __init__(self, request):
        self.addresses = EventAddresses(request)
        self.events = {}

    def event_url(self, event):
        url = self.events.get(event.pk)
        if url is None:
            url = self.events[event.pk] = self.addresses(event.url_path)
        return url

    def date_url(self, event, date):
        """What ``{% date_page_url occurrence %}`` gives for ``date`` (an
        original date) of ``event``."""
        return self.event_url(event) + date_path(date)


def line_addresses(request):
    """The request's ``LineAddresses``."""
    addresses = getattr(request, "_line_addresses", None)
    if addresses is None:
        addresses = LineAddresses(request)
        if request is not None:
            request._line_addresses = addresses
    return addresses


# Each status's line class, escaped once.
STATUS_CLASSES = {status: escape(status) for status in Status}

# What a cell says of the dates it leaves out, by language and number:
# ngettext's plural formula costs more than the rest of a line.
_more_texts = {}


class MonthLines:
    """The day cells of a month view, each a ``<td>`` with its lines.

    What every line asks (the language, the time zone, the words for
    "ganztägig" and "heute", the day labels) is looked up once per month,
    not once per line: with Django's lookups of the active language and
    time zone on each, the ~100 lines of a full month cost more than reading
    them."""

    def __init__(self, request, *, month, today):
        self.month = month
        self.today = today
        self.urls = line_addresses(request)
        self.language = get_language()
        self.zone = timezone.get_current_timezone()
        self.all_day = escape(gettext("ganztägig"))
        self.today_badge = f' <span class="badge">{escape(gettext("heute"))}</span>'
        self.day_labels = {}
        self.event_links = {}

    def day(self, day, name):
        """The escaped label of ``day`` (``day_label``)."""
        key = (day, name)
        label = self.day_labels.get(key)
        if label is None:
            label = self.day_labels[key] = escape(day_label(day, name, self.language))
        return label

    def event_link(self, event):
        """The escaped address and title of ``event``, worked out once per
        month: a series shows on several of its days."""
        link = self.event_links.get(event.pk)
        if link is None:
            link = (escape(self.urls.event_url(event)), escape(event.title))
            self.event_links[event.pk] = link
        return link

    def line(self, occurrence):
        """The ``<li>`` of an occurrence: its time, linked to the date's
        page (its day for screen readers), the event's title linked to the
        event, and whether it is cancelled or moved."""
        if occurrence.all_day:
            time = self.all_day
        else:
            # What {{ start|time:"H:i" }} gives (in the current time zone),
            # without Django's date formatter, which costs ~40 µs a call.
            time = f"{occurrence.start.astimezone(self.zone):%H:%M}"
        event = occurrence.event
        badge = ""
        if occurrence.is_cancelled or occurrence.is_moved:
            badge = f' <span class="badge">{escape(str(occurrence.status_label))}</span>'
        # Python's html.escape, which Django's escape() calls: format_html's
        # lazy-string checks cost more than the ~100 lines themselves.
        event_url, title = self.event_link(event)
        # The date's page: what LineAddresses.date_url gives, escaped.
        date_url = event_url + escape(date_path(occurrence.original_date))
        return (
            f'<li class="status-{STATUS_CLASSES[occurrence.status]}"><a href="{date_url}">'
            f'<span class="visually-hidden">{self.day(occurrence.start_date, "long")}, </span>'
            f"{time}</a>"
            f' <a href="{event_url}">{title}</a>{badge}</li>'
        )

    def more(self, number):
        """The escaped "und N weitere Termine"."""
        key = (self.language, number)
        text = _more_texts.get(key)
        if text is None:
            if len(_more_texts) >= _ADDRESSES_MAX:
                _more_texts.clear()
            text = _more_texts[key] = escape(
                ngettext(
                    "und %(counter)s weiterer Termin", "und %(counter)s weitere Termine", number
                )
                % {"counter": number}
            )
        return text

    def cell(self, day, occurrences, *, more, more_url):
        """The ``<td>`` of ``day`` with the lines of ``occurrences`` and, if
        there are ``more`` dates, the link to them (``more_url``)."""
        is_today = day == self.today
        classes = (
            ("today" if is_today else "")
            + ("" if occurrences else " empty")
            + ("" if day.month == self.month.month else " other-month")
        )
        current = ' aria-current="date"' if is_today else ""
        badge = self.today_badge if is_today else ""
        html = (
            f'<td class="{classes}"{current}>'
            f'<span class="month__day">{self.day(day, "weekday")}{badge}</span>'
        )
        if occurrences:
            lines = "".join(map(self.line, occurrences))
            if more:
                lines += (
                    f'<li class="month__more"><a href="{escape(more_url)}">'
                    f"{self.more(more)}</a></li>"
                )
            html += f"<ul>{lines}</ul>"
        return html + "</td>"
