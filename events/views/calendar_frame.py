"""What every view of the calendar shows around its dates: the feed links in
the head, the choice of view, the filter form's fields and the subscribe
box, rendered once per change rather than on every miss of the page cache.

They depend on the calendar, its filter choices, the valid filters and the
view, not on the dates; rendering them (the form's four selects above all)
cost a calendar miss more than its dates. So they are a fragment
(site_core.cache.fragments) keyed by what they show: the calendar's title
and address, and the filter choices as the form has them (a fragment of
the calendar page's version, events.forms.filter_choices). Not by that
version itself: every event publish renews it
(events.page_cache.InCalendarsCacheMixin), and the frame would render
again after each, though no event shows in it.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html_join

from wagtail.models import Site

from site_core.cache.fragments import cached_fragment

from ..subscribe_links import Subscription

# The calendar's routes its frame links to (events.models.calendar).
ROUTES = ("upcoming", "month", "archive", "rss", "changes_rss")


def feed_name(page, form):
    return " – ".join([page.title, *(str(label) for label in form.filter_labels())])


def subscription(page, request, form):
    """Subscribe to what the visitor is looking at: the current filters."""
    query = form.query_string()
    url = page.full_feed_url(request) + (f"?{query}" if query else "")
    return Subscription(url=url, name=feed_name(page, form))


def calendar_urls(page, request):
    """What ``{% routablepageurl page name %}`` gives for each of ROUTES,
    with the calendar's own address worked out once."""
    base = page.relative_url(Site.find_for_request(request), request)
    if not base.endswith("/"):
        base += "/"
    return {name: base + page.reverse_subpage(name) for name in ROUTES}


def _render(page, request, form, view):
    urls = calendar_urls(page, request)
    context = {
        "page": page,
        "request": request,
        "form": form,
        "view": view,
        "urls": urls,
        "subscription": subscription(page, request, form),
        "changes_feed": urls["changes_rss"],
    }
    return {
        "urls": urls,
        "feed_links": render_to_string("events/includes/feed_links.html", context),
        "views": render_to_string("events/includes/calendar_nav.html", context),
        # The fields alone: the form around them says whether a filter is
        # set and keeps the month (filters.html), which every address has
        # of its own.
        "filter_fields": format_html_join(
            "", "<div>{}{}</div>", ((field.label_tag(), field) for field in form)
        ),
        "subscribe": render_to_string("events/includes/subscribe.html", context),
    }


def calendar_frame(page, request, form, view):
    """The frame of ``view`` ("list", "month", "archive") of the calendar
    ``page`` with the filters of ``form``: a dict of its parts' HTML
    (``feed_links``, ``views``, ``filter_fields``, ``subscribe``) and of
    the routes' addresses (``urls``)."""
    # Read first: the fields render with the choices it loads.
    choices_shown = form.choices_shown
    if form.errors:
        # An unknown filter: the page is never cached (render_view), nor
        # is its frame, or made-up values would fill the cache.
        return _render(page, request, form, view)
    site = Site.find_for_request(request)
    return cached_fragment(
        "calendar-frame",
        lambda: _render(page, request, form, view),
        vary=[
            site.pk if site else None,
            request.get_host(),
            translation.get_language(),
            view,
            form.query_string(),
            page.pk,
            page.title,
            page.url_path,
            *choices_shown,
        ],
    )
