"""The subscription to the calendar of a language, for the pages that link
to it with their own filter (agency, focus area, project)."""

from urllib.parse import urlencode

from .models import EventIndexPage
from .subscribe_links import Subscription


def calendar_subscription(request, locale, name, **filters):
    """The subscription to the locale's calendar, filtered by GET parameters
    (``agentur=<slug>``…), or None if the site has no calendar in it."""
    calendar = EventIndexPage.objects.live().public().filter(locale=locale).first()
    if calendar is None:
        return None
    url = calendar.full_feed_url(request)
    if filters:
        url = f"{url}?{urlencode(filters)}"
    return Subscription(url=url, name=name)
