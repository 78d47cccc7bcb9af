"""The iCalendar feeds of the calendar and event pages, and the file-name
URLs calendar clients subscribe to."""

from wagtail import views as wagtail_views

from site_core.cache.state import BODY_KEY_ATTRIBUTE

from ..date_ical import FILENAME as DATE_FILENAME
from ..feed_assembly import FeedParts
from ..ical import FEED_FILENAME, feed_header, feed_last_modified, ical_response


def serve_feed(page, request, events, *, name, description, rows_of=None):
    """``events`` (a queryset of live event pages with what listings load)
    as the iCalendar feed of ``page``, its calendar or its event page: the
    header and the stored parts of the events (``events.feed_parts``), the
    same bytes as ``events.ical.build_calendar`` writes
    (``events.feed_assembly``): its ETag from one row while no part
    changed; after a change only the events that changed are read again
    (``rows_of``: a query of some IDs of ``events``, compiled once where
    the caller has one), and their parts spliced into the address's last
    body."""
    last_modified = feed_last_modified()
    parts = FeedParts.of(
        events,
        feed_header(name, description, page.get_full_url(request)),
        # Its ETag and last body are kept by address (the page and the
        # filters), and brought up to date by what changed since.
        address=request.get_full_path(),
        rows_of=rows_of,
    )
    response = ical_response(
        request,
        # Read again after the body: a publish under way may have changed
        # a part meanwhile (FeedParts.body).
        etag=lambda: parts.etag,
        body=parts.body,
        filename=f"{page.slug}.ics",
        last_modified=last_modified,
    )
    if response.status_code == 200 and parts.body_key is not None:
        # The page cache stores the response without the body it keeps
        # under this key already (site_core.cache.state.without_body).
        setattr(response, BODY_KEY_ATTRIBUTE, parts.body_key)
    return response


def feed_by_path(request, path):
    """Serve ``<page>/feed.ics`` through Wagtail's own page serving, so view
    restrictions and the ``before_serve_page`` hooks apply as for the page."""
    return wagtail_views.serve(request, f"{path}{FEED_FILENAME}/")


def date_ical_by_path(request, path):
    """``<event>/<YYYY-MM-DD>/termin.ics``, as ``feed_by_path``."""
    return wagtail_views.serve(request, f"{path}{DATE_FILENAME}/")
