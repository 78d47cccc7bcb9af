"""What a change of an event, a calendar, or a page the calendars filter by
makes stale in the page cache, declared on the pages themselves
(site_core.models.BasePage) so that site_core's cache stays generic."""

from wagtail.models import Page

from .ical import FEED_FILENAME


class FeedAliasCacheMixin:
    """A page with a feed route (``feed.ics/``) that also answers without
    the slash (``feed.ics``): a frontend cache keeps both addresses."""

    def get_cached_urls(self):
        urls = super().get_cached_urls()
        if not urls:
            return urls
        feed_route = f"{urls[0]}{FEED_FILENAME}/"
        with_alias = []
        for url in urls:
            with_alias.append(url)
            if url == feed_route:
                with_alias.append(url.removesuffix("/"))
        return with_alias


class CalendarCacheMixin(FeedAliasCacheMixin):
    """The calendar (EventIndexPage): its pages are the ones that show
    events and filter by agency, focus area and project."""


class InCalendarsCacheMixin:
    """A page the calendars show (an event) or filter by (an agency, a focus
    area, a project): a change makes every calendar, in every language,
    stale."""

    @classmethod
    def get_showing_page_ids(cls):
        # Wagtail's PageQuerySet.type() takes every page model built on
        # the mixin: the calendars, without naming their model here.
        calendars = Page.objects.type(CalendarCacheMixin).values_list("pk", flat=True)
        return {*super().get_showing_page_ids(), *calendars}


class EventCacheMixin(FeedAliasCacheMixin, InCalendarsCacheMixin):
    """An event, listed on its agency's, project's and focus areas' pages."""

    def get_listing_page_ids(self):
        ids = {self.agency_id, self.project_id}
        ids |= {link.focus_area_id for link in self.focus_area_links.all()}
        return super().get_listing_page_ids() | ids
