"""Where the language switcher leads: to the same view in the other language.

Wagtail's translations give the page; the rest of what the visitor looks at
is kept here: the RoutablePage route (the calendar's ``monat/`` and
``archiv/``), the query string (month, filters, page of the list, search
words), and for Django views in the i18n URL patterns (the search) the view
itself, reversed in the other language (/de/suche/?q=… → /ru/poisk/?q=…).

A page whose query parameters name other pages (the calendar's filters name
an agency by its slug) translates them with a ``translate_query(query,
locale)`` method; other parameters are kept as they are.

The links depend on nothing but the request's URL, so the page cache, which
keys responses by URL, stores each URL's own correct switcher.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import translation

# The name of Wagtail's catch-all page view (wagtail/urls.py).
WAGTAIL_SERVE = "wagtail_serve"


def _with_query(url, query):
    encoded = query.urlencode() if query else ""
    return f"{url}?{encoded}" if encoded else url


def route_of(request, page):
    """The RoutablePage route ``page`` serves this request on, as a path
    below the page ("monat/"; "" for its main route or any other page)."""
    match = getattr(request, "routable_resolver_match", None)
    route_page = getattr(match.func, "__self__", None) if match else None
    if route_page is None or route_page.pk != page.pk:
        return ""
    try:
        return page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return ""


def translated_url(request, page, url, locale):
    """The switcher's link to ``url`` (``page``'s translation in ``locale``,
    or its alias there, with the route the visitor is on): the same query
    string, its filters translated by the page (``translate_query``)."""
    query = request.GET if request is not None else None
    translate_query = getattr(page, "translate_query", None)
    if query and translate_query is not None:
        query = translate_query(query, locale)
    return _with_query(url, query)


def view_url(request, language_code):
    """This request's view in another language, if it is a Django view of
    the i18n URL patterns (not a Wagtail page), with its query string;
    otherwise None."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name or match.url_name == WAGTAIL_SERVE:
        return None
    with translation.override(language_code):
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
    return _with_query(url, request.GET)
