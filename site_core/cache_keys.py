"""Which entry of the page cache answers a request (site_core.cache).

A response is keyed by its address without the query string (scheme, host,
path), its language, and the values of the query parameters the page reads
there: ``BasePage.get_cache_query_parameters`` (the calendar's month view
reads ``monat`` and the filters; most pages read none). Any other parameter
(``utm_source``, ``fbclid``, an attacker's random ones) neither makes a new
entry nor a new render: the request is answered from the entry of the
address without it, and keeps the address the visitor clicked (a redirect to
the clean address would cost every visitor from a tracked link a round trip,
and feed readers would store it as the feed's address).

Which parameters a page reads is known only once Wagtail has routed the
request, and a hit must not route (no database query). So the first render
of an address also stores its *route entry* (``route_key``): the page that
serves it and the parameters that page reads. Lookups read it first, then
the response under the key those parameters give. A response is used only
if it names the same page and parameters as the route entry, so a route
entry that is out of date (the address now serves another page) costs a
render, never a wrong page.

The page renders from the parameters of its key alone (``clean_query``
replaces ``request.GET``): a repeated parameter counts with its last value
(as Django reads it), and nothing else of the query string can show on the
stored page (the language switcher keeps the query string in its links).
"""

import hashlib

from django.http import QueryDict

# No value a page reads is longer: slugs (Wagtail's SlugField: 255), dates,
# page numbers. A longer one is served, but not stored.
MAX_VALUE_LENGTH = 255


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def address(request):
    return f"{request.scheme}://{request.get_host()}{request.path}"


def query_parameters(page, request):
    """The query parameters ``page`` reads on this request's route, sorted;
    () for a page that declares none (Wagtail's own pages read none)."""
    declared = getattr(page, "get_cache_query_parameters", None)
    return tuple(sorted(set(declared(request)))) if declared else ()


def clean_query(request, parameters):
    """The request's query reduced to ``parameters``, one value each (the
    last, as ``QueryDict`` reads it); None if a value is too long to store."""
    query = QueryDict(mutable=True)
    for name in parameters:
        if name in request.GET:
            value = request.GET[name]
            if len(value) > MAX_VALUE_LENGTH:
                return None
            query[name] = value
    query._mutable = False
    return query


def route_key(language, request):
    """The key of the route entry: which page serves this address, and the
    parameters it reads. Kept across generations, it is checked against
    each response it leads to."""
    return f"route:{language}:{_digest(address(request))}"


def response_key(generation, language, request, query):
    """The key of the response for this address and ``query`` (a
    ``clean_query``, whose parameters come out sorted)."""
    return f"response:{generation}:{language}:{_digest(address(request) + '?' + query.urlencode())}"
