"""The calendar page's views: the upcoming list, the month, the archive and
the page of dates the dates have left, all from the occurrence engine, with
the filters as plain GET parameters; and its feed with the same filters."""

import calendar
import datetime as dt
import functools
import itertools
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from ..forms import CalendarFilterForm, parse_day, parse_month, parse_page_number
from ..ical import FEED_DESCRIPTION
from ..occurrences import (
    event_pages,
    occurrences_by_day,
    occurrences_from,
    occurrences_until,
)
from ..recurrence_rules import FIRST_YEAR, LAST_YEAR
from .calendar_frame import calendar_frame, feed_name
from .calendar_lines import MonthLines, formatted_date, week_row
from .feeds import serve_feed

# Dates a day of the month view shows at most: a day with more shows one
# fewer and "und N weitere Termine", a link to that day in the list. At
# 1,000 events a month of every date was ~400 KB; this keeps it a few
# dozen KB at any number of events, and a cell that a phone can show (the
# demo's days have fewer dates and show all of them).
MONTH_DAY_DATES = 4


class DatesPage(NamedTuple):
    """One page of the calendar list or archive (``dates_page``)."""

    number: int
    occurrences: list
    has_more: bool
    link: Callable

    @property
    def is_gone(self):
        """A page the dates have left since it was linked: each day moves
        the pages on."""
        return self.number > 1 and not self.occurrences


def group_by_day(occurrences):
    """Occurrences (sorted) as a list of days, each with its occurrences."""
    return [
        {"date": date, "occurrences": list(items)}
        for date, items in itertools.groupby(occurrences, key=lambda o: o.start_date)
    ]


def filter_form(page, request):
    form = CalendarFilterForm(request.GET, locale=page.locale, calendar=page)
    return form, form.filters()


def dates_page(page, request, form, fetch, *, param):
    """The page ``?seite=`` of LIST_SIZE dates, for the list and the
    archive of the calendar ``page``: ``fetch(offset, limit)`` reads the
    dates; ``DatesPage.link(day, number)`` links to a page of the dates from
    ``?<param>=day``, keeping the filters. A page past the last is
    ``is_gone``."""
    number = parse_page_number(request.GET.get("seite"))
    if number is None:
        raise Http404("Ungültige Seite")
    size = page.LIST_SIZE
    occurrences = fetch(offset=(number - 1) * size, limit=size + 1)

    def link(day, number=1):
        query = {param: day.isoformat(), **({"seite": number} if number > 1 else {})}
        filters = form.query_string()
        return "?" + urlencode(query) + (f"&{filters}" if filters else "")

    return DatesPage(
        number=number,
        occurrences=occurrences[:size],
        has_more=len(occurrences) > size,
        link=link,
    )


def render_view(page, request, form, view, template=None, **context):
    """A calendar view with what all of them show (its frame): the
    filters, the subscription to what they filter, and which view is
    current."""
    response = page.render(
        request,
        template=template,
        context_overrides={
            "view": view,
            "form": form,
            "frame": calendar_frame(page, request, form, view),
            **context,
        },
    )
    if form.errors:
        # An unknown filter is ignored and reported; one cache entry for
        # each made-up value would let anyone fill the page cache.
        add_never_cache_headers(response)
    return response


def gone(page, request, form, view):
    """A page of dates that the dates have left (a bookmark, an old link):
    a 404 that says so and leads to the first page, filters kept."""
    response = render_view(page, request, form, view, "events/event_index_gone.html")
    response.status_code = 404
    return response


def upcoming(page, request):
    """The next dates, LIST_SIZE at a time (``?seite=``), from today or
    from the day ``?ab=``, up to a year ahead."""
    form, filters = filter_form(page, request)
    today = timezone.localdate()
    first = today
    if "ab" in request.GET:
        first = parse_day(request.GET["ab"])
        if first is None:
            raise Http404("Ungültiges Datum")
    # A year ahead, but not beyond the last day the calendar shows.
    last = min(first + dt.timedelta(days=page.LIST_DAYS_AHEAD), dt.date(LAST_YEAR, 12, 31))
    dates = dates_page(
        page,
        request,
        form,
        functools.partial(
            occurrences_from,
            first,
            locale=page.locale,
            days=(last - first).days,
            listed=True,
            **filters,
        ),
        param="ab",
    )
    if dates.is_gone:
        return gone(page, request, form, "list")
    if dates.has_more:
        last = dates.occurrences[-1].start_date
    earlier = None
    if dates.number > 1:
        earlier = dates.link(first, dates.number - 1)
    elif first > today:
        earlier = dates.link(max(today, first - dt.timedelta(days=page.LIST_DAYS)))
    return render_view(
        page,
        request,
        form,
        "list",
        days=group_by_day(dates.occurrences),
        first=dates.occurrences[0].start_date if dates.number > 1 else first,
        last=last,
        earlier_url=earlier,
        later_url=dates.link(first, dates.number + 1) if dates.has_more else None,
    )


def month(page, request):
    form, filters = filter_form(page, request)
    today = timezone.localdate()
    first = today.replace(day=1)
    if "monat" in request.GET:
        first = parse_month(request.GET["monat"])
        if first is None:
            raise Http404("Ungültiger Monat")
    weeks = calendar.Calendar().monthdatescalendar(first.year, first.month)
    by_day = occurrences_by_day(
        weeks[0][0], weeks[-1][-1], locale=page.locale, per_day=MONTH_DAY_DATES, **filters
    )
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    list_url = page.get_url(request=request)
    filters_query = form.query_string()
    lines = MonthLines(request, month=first, today=today)
    previous_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    return render_view(
        page,
        request,
        form,
        "month",
        "events/event_index_month.html",
        month=first,
        # The month's and the weekdays' names (``|date:"F Y"``, ``|date:"l"``)
        # from the formatter's results kept per process.
        month_name=formatted_date(first, "F Y"),
        weekday_names=[formatted_date(day, "l") for day in weeks[0]],
        # Each week's row of cells as one piece of HTML (events.views.calendar_lines).
        weeks=[
            week_row(
                month_day(day, *by_day.get(day, ([], 0)), lines, list_url, filters_query)
                for day in week
            )
            for week in weeks
        ],
        previous_month=previous_month,
        previous_month_name=formatted_date(previous_month, "F Y"),
        next_month=next_month,
        next_month_name=formatted_date(next_month, "F Y"),
        filters_query=filters_query,
    )


def month_day(day, occurrences, total, lines, list_url, filters_query):
    """The cell of a day of the month view: the dates it shows
    (``occurrences``: all of its ``total`` if at most MONTH_DAY_DATES, else
    one fewer, as ``occurrences_by_day`` gives them) as lines, and how many
    more there are with a link to the list from that day (filters kept)."""
    # What urlencode({"ab": day}) gives: an ISO date needs no quoting.
    query = f"ab={day.isoformat()}" + (f"&{filters_query}" if filters_query else "")
    return lines.cell(
        day, occurrences, more=total - len(occurrences), more_url=f"{list_url}?{query}"
    )


def archive(page, request):
    """Past dates, newest first, LIST_SIZE at a time (``?seite=``), from
    yesterday or from the day ``?bis=`` back, a year at most; then on
    from the day before that year."""
    form, filters = filter_form(page, request)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    last = yesterday
    if "bis" in request.GET:
        last = parse_day(request.GET["bis"])
        if last is None or last > yesterday:
            raise Http404("Ungültiges Datum")
    # A year back, but not before the first day the calendar shows.
    first = max(last - dt.timedelta(days=page.ARCHIVE_DAYS_BACK), dt.date(FIRST_YEAR, 1, 1))
    dates = dates_page(
        page,
        request,
        form,
        functools.partial(
            occurrences_until,
            last,
            locale=page.locale,
            days=(last - first).days,
            listed=True,
            **filters,
        ),
        param="bis",
    )
    if dates.is_gone:
        return gone(page, request, form, "archive")
    earlier = None
    if dates.has_more:
        first = dates.occurrences[-1].start_date
        earlier = dates.link(last, dates.number + 1)
    elif first > dt.date(FIRST_YEAR, 1, 1):
        earlier = dates.link(first - dt.timedelta(days=1))
    later = None
    if dates.number > 1:
        later = dates.link(last, dates.number - 1)
    elif last < yesterday:
        later = dates.link(min(yesterday, last + dt.timedelta(days=page.LIST_DAYS)))
    return render_view(
        page,
        request,
        form,
        "archive",
        "events/event_index_archive.html",
        # Days newest first, each day's dates in the order of the day.
        days=group_by_day(dates.occurrences[::-1])[::-1],
        first=first,
        last=dates.occurrences[0].start_date if dates.number > 1 else last,
        earlier_url=earlier,
        later_url=later,
    )


def feed(page, request):
    """The calendar as an iCalendar feed for subscriptions, with the same
    filters as the calendar pages; an unknown filter is a 404."""
    form = CalendarFilterForm(request.GET, locale=page.locale, calendar=page)
    if not form.is_valid():
        raise Http404("Unbekannter Filter")
    filters = form.filters()
    events = event_pages()
    return serve_feed(
        page,
        request,
        # Only values are read of them, if any: built on first use.
        SimpleLazyObject(lambda: events.live_in(page.locale, **filters).distinct()),
        name=feed_name(page, form),
        description=page.introduction or gettext(FEED_DESCRIPTION),
        rows_of=lambda ids: events.feed_rows(page.locale, ids, **filters),
    )
