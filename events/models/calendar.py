"""The calendar page: its routes (the views are in events.views.calendar)
and the iCalendar feed URL it shares with the event pages."""

from http import HTTPMethod

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from site_core.models import BasePage

from ..forms import CalendarFilterForm, translate_filters
from ..ical import FEED_FILENAME
from ..page_cache import CalendarCacheMixin
from ..syndication import ChangesFeed, UpcomingFeed
from ..views import calendar as calendar_views
from .event_routing import child_event


class CalendarFeedMixin:
    """A page with an iCalendar feed at ``<page URL>feed.ics``.

    Calendar pages and feeds take no form posts: any method but GET, HEAD
    and OPTIONS is a 405, not the page.
    """

    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    def feed_url(self, request=None):
        return f"{self.get_url(request)}{FEED_FILENAME}"

    def full_feed_url(self, request=None):
        return f"{self.get_full_url(request)}{FEED_FILENAME}"


class EventIndexPage(CalendarCacheMixin, CalendarFeedMixin, RoutablePageMixin, BasePage):
    """The calendar: the upcoming list, a month view and the archive, all
    from the occurrence engine, with filters as plain GET parameters."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    # Dates per page of the list, and how far ahead it reaches.
    LIST_SIZE = 20
    LIST_DAYS_AHEAD = 366
    # How far back one run of archive pages reaches.
    ARCHIVE_DAYS_BACK = 366
    # The step back from the first list page (forward in the archive).
    LIST_DAYS = 30

    # The query parameters each route reads (BasePage.get_cache_query_parameters):
    # the filters, and the list's, month's and archive's own.
    FILTERS = tuple(CalendarFilterForm.base_fields)
    ROUTE_QUERY_PARAMETERS = {
        "upcoming": (*FILTERS, "ab", "seite"),
        "month": (*FILTERS, "monat"),
        "archive": (*FILTERS, "bis", "seite"),
        "feed": FILTERS,
        "rss": (),
        "changes_rss": (),
    }

    class Meta:
        verbose_name = _("Veranstaltungskalender")
        verbose_name_plural = _("Veranstaltungskalender")

    def get_cache_query_parameters(self, request):
        # Set by RoutablePageMixin.route for the route this page serves.
        match = getattr(request, "routable_resolver_match", None)
        return self.ROUTE_QUERY_PARAMETERS.get(match.url_name, ()) if match else ()

    def route(self, request, path_components):
        """The calendar's own routes (RoutablePageMixin), else the event
        page named by the first component, fetched with what its pages
        show (events.models.event_routing) rather than by Wagtail's
        ``Page.route``, which costs two queries and leaves the event's
        relations to a query each."""
        if not path_components or not self.live:
            return super().route(request, path_components)
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            event = child_event(self, path_components[0])
            return event.route(request, path_components[1:])
        return super().route(request, path_components)

    def translate_query(self, query, locale):
        """For the language switcher (site_core.language_switch): the
        filters of ``query`` for this calendar's translation in ``locale``."""
        return translate_filters(query, self.locale, locale)

    @path("")
    def upcoming(self, request):
        return calendar_views.upcoming(self, request)

    @path("monat/")
    def month(self, request):
        return calendar_views.month(self, request)

    @path(f"{FEED_FILENAME}/", name="feed")
    def feed(self, request):
        return calendar_views.feed(self, request)

    @path("rss/", name="rss")
    def rss(self, request):
        return UpcomingFeed(self)(request)

    @path("rss/aenderungen/", name="changes_rss")
    def changes_rss(self, request):
        return ChangesFeed(self)(request)

    @path("archiv/")
    def archive(self, request):
        return calendar_views.archive(self, request)
