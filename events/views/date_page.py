"""The page of one date of an event (``<event>/<YYYY-MM-DD>/``) and its
iCalendar file (``<YYYY-MM-DD>/termin.ics``): what the routes of the event
page (events.models.event) show.

A date page never disappears: a cancelled date keeps its page with the
reason, a moved one says where it went (its address stays the original
date). An address that never was a date of the event is the site's 404, in
the visitor's language.
"""

from django.http import Http404
from django.shortcuts import redirect

from ..date_ical import FILENAME, date_ical_response
from ..schedule import dropped_by_schedule_change, occurrence_on_date
from ..single_dates import original_date_moved_to, parse_address_date
from ..structured_data import date_structured_data
from ..subscribe_links import SingleDate, Subscription


def date_page_url(page, date, request=None, *, full=False):
    """The address of the page of ``date`` (an original date) of ``page``."""
    base = page.get_full_url(request) if full else page.get_url(request)
    return base + page.reverse_subpage("date", args=(date.isoformat(),))


class EventUrls:
    """The addresses of event pages and of their dates, each page's worked
    out once per request (``event_urls``). A listing links every line to its
    event and its date; Wagtail's ``Page.get_url`` reverses the page's path
    with the language switched on every call, which for the ~300 lines of a
    full month cost more than the month's queries."""

    def __init__(self, request):
        self.request = request
        self._pages = {}
        self._dates = {}

    def page(self, page):
        """What ``{% pageurl page %}`` gives."""
        url = self._pages.get(page.pk)
        if url is None:
            url = self._pages[page.pk] = page.get_url(self.request)
        return url

    def date(self, page, date):
        """What ``date_page_url(page, date, request)`` gives."""
        # The date route is the same for every event page.
        key = (type(page), date)
        path = self._dates.get(key)
        if path is None:
            path = self._dates[key] = page.reverse_subpage("date", args=(date.isoformat(),))
        return self.page(page) + path


def event_urls(request):
    """The request's ``EventUrls`` (a new one without a request)."""
    if request is None:
        return EventUrls(None)
    urls = getattr(request, "_event_urls", None)
    if urls is None:
        urls = request._event_urls = EventUrls(request)
    return urls


def _occurrence_or_404(page, date):
    """The occurrence whose original date is ``date`` (None: an address
    that is no date), or the site's 404."""
    occurrence = occurrence_on_date(page, date) if date is not None else None
    if occurrence is None:
        raise Http404("Kein Termin an diesem Tag")
    return occurrence


def date_page(page, request, value):
    date = parse_address_date(value)
    occurrence = occurrence_on_date(page, date) if date is not None else None
    if date is not None and occurrence is None:
        # The day a date was moved to: its page is at the original date.
        original = original_date_moved_to(page, date)
        if original is not None:
            return redirect(date_page_url(page, original, request))
        # A date a later change of the schedule removed keeps its page
        # (people may have it saved or shared): it says so.
        if dropped_by_schedule_change(page, date) is not None:
            return page.render(
                request,
                template="events/event_date_removed.html",
                context_overrides={"removed_date": date},
            )
    if occurrence is None:
        raise Http404("Kein Termin an diesem Tag")
    url = date_page_url(page, occurrence.original_date, request, full=True)
    return page.render(
        request,
        template="events/event_date_page.html",
        context_overrides={
            "occurrence": occurrence,
            "structured_data": date_structured_data(page, occurrence, url, request),
            "single_date": SingleDate.of(occurrence, ics_url=url + FILENAME, page_url=url),
            "subscription": Subscription(url=page.full_feed_url(request), name=page.title),
        },
    )


def date_ical(page, request, value):
    occurrence = _occurrence_or_404(page, parse_address_date(value))
    url = date_page_url(page, occurrence.original_date, request, full=True)
    return date_ical_response(request, occurrence, url=url)
