from wagtail import views as wagtail_views

from .ical import FEED_FILENAME


def serve_feed(request, path):
    """Serve ``<page>/feed.ics`` through Wagtail's own page serving, so view
    restrictions and the ``before_serve_page`` hooks apply as for the page."""
    return wagtail_views.serve(request, f"{path}{FEED_FILENAME}/")
