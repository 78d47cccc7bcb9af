"""The iCalendar feeds of the calendar and event pages, and the file-name
URLs calendar clients subscribe to."""

from wagtail import views as wagtail_views

from ..date_ical import FILENAME as DATE_FILENAME
from ..feed_parts import FeedParts
from ..ical import FEED_FILENAME, feed_header, feed_last_modified, ical_response


def serve_feed(page, request, events, *, name, description):
    """``events`` (a queryset of live event pages with what listings load)
    as the iCalendar feed of ``page``, its calendar or its event page: the
    header and the stored parts of the events (``events.feed_parts``), the
    same bytes as ``events.ical.build_calendar`` writes. A conditional GET
    is answered from one query of the parts' versions, without reading
    any part; so is a full answer for an ETag served before (its body is in
    the page cache); a new one reads the bodies in one more."""
    last_modified = feed_last_modified()
    parts = FeedParts.of(
        events,
        feed_header(name, description, page.get_full_url(request)),
        # Its ETag is kept by address while no part changed and nothing
        # public was logged (the address names the page and the filters).
        address=request.get_full_path(),
        changed_at=last_modified,
    )
    return ical_response(
        request,
        # Read again after the body: a publish under way may have changed
        # a part meanwhile (FeedParts.body).
        etag=lambda: parts.etag,
        body=parts.body,
        filename=f"{page.slug}.ics",
        last_modified=last_modified,
    )


def feed_by_path(request, path):
    """Serve ``<page>/feed.ics`` through Wagtail's own page serving, so view
    restrictions and the ``before_serve_page`` hooks apply as for the page."""
    return wagtail_views.serve(request, f"{path}{FEED_FILENAME}/")


def date_ical_by_path(request, path):
    """``<event>/<YYYY-MM-DD>/termin.ics``, as ``feed_by_path``."""
    return wagtail_views.serve(request, f"{path}{DATE_FILENAME}/")
