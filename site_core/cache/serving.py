"""Serving anonymous page views from the page cache and storing them
(``PageCacheMiddleware``, and ``remember_page`` on Wagtail's on_serve_page).
See site_core.cache for the whole picture."""

import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from wagtail.contrib.forms.models import FormMixin

from .. import cache_keys
from ..cache_keys import clean_query, query_parameters
from . import invalidation, single_render
from .hot_copies import hot_copies
from .invalidation import retry_failed_invalidations
from .state import (
    CHANGES_KEY,
    GENERATION_KEY,
    PREVIOUS_VERSIONS_KEY,
    cache_timeout,
    page_cache,
    token,
    version_key,
    with_body,
    without_body,
)

# "HIT" (served from the cache), "MISS" (rendered and stored) or "STALE"
# (the previous version, while another request renders it: single_render).
HEADER = "X-Cache"
# Answered by the middleware from the full response, so that the conditional
# requests of feed readers fill the cache too.
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# How often (seconds) each process looks for invalidations that could not
# reach the cache, on its way to render a page.
RETRY_INTERVAL = 5


def query_text(request, parameters):
    """The query ``parameters`` read of the request, as text; None if a
    value is too long to store (``clean_query``)."""
    query = clean_query(request, parameters)
    return None if query is None else query.urlencode()


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_TIMEOUT > 0
        and request.method in ("GET", "HEAD")
        # Wagtail's previews and drafts are rendered through the middleware
        # with a made-up request.
        and not getattr(request, "is_dummy", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def is_cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(request, "is_preview", False)
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def remember_page(serve):
    """on_serve_page, inside Wagtail's check_view_restrictions (``order=1``
    puts it after that hook, order 0): the response of a cache candidate
    depends on this page; its version is read before the page renders.

    A candidate has no session, so no login or password can have let it past
    the restriction check: a page it reaches is public, and a restricted one
    answers with Wagtail's login redirect or password form, which never gets
    here and so is never stored. Checking the restrictions again would cost
    every uncached page two more queries."""

    def inner(page, request, serve_args, serve_kwargs):
        if getattr(request, "page_cache_candidate", False) and not isinstance(page, FormMixin):
            parameters = query_parameters(page, request)
            query = clean_query(request, parameters)
            version = token(version_key(page.pk)) if query is not None else None
            if version is not None:  # None: the cache is unreachable
                request.page_cache_dependency = (page.pk, version)
                request.page_cache_parameters = parameters
                # The page renders from what its key holds, nothing else.
                request.GET = query
        return serve(page, request, serve_args, serve_kwargs)

    return inner


def _conditional(request, response):
    """A 304 for a conditional request the response's ETag or Last-Modified
    satisfies (what the feeds' own views answer)."""
    if response.status_code != 200:
        return response
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if etag is None and last_modified is None:
        return response
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


class PageCacheMiddleware:
    """Serves anonymous page views from the page cache and stores them.

    Sits before the session middleware: a hit needs no database query, and
    stored responses carry the headers of the middleware after it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.next_retry = 0.0

    def retry_failed_invalidations(self):
        """On a miss, at most every RETRY_INTERVAL seconds: invalidations
        that found the cache unreachable are made up for, so that a Redis
        that was hung (and kept its entries) serves nothing stale for long
        once it answers again. A hit needs no database query, a miss needs
        the database anyway."""
        now = time.monotonic()
        if now < self.next_retry:
            return False
        self.next_retry = now + RETRY_INTERVAL
        return retry_failed_invalidations()

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        if language is None or not is_cacheable_request(request):
            return self.get_response(request)

        if invalidation.failed_here:
            retry_failed_invalidations()
        cache = page_cache()
        route_key = cache_keys.route_key(language, request)
        copy = hot_copies.get(route_key, lambda parameters: query_text(request, parameters))
        keys = [GENERATION_KEY, CHANGES_KEY, PREVIOUS_VERSIONS_KEY, route_key]
        # One round trip for a hit this process has a copy of.
        keys += [version_key(copy.page)] if copy is not None else []
        state = cache.get_many(keys)
        generation = state.get(GENERATION_KEY) or token(GENERATION_KEY)
        if generation is None:
            # Unreachable or full: serve uncached rather than under a
            # generation no one can invalidate.
            return self.get_response(request)
        route = state.get(route_key)
        if copy is not None and copy.is_current(
            generation, route, state.get(version_key(copy.page))
        ):
            response = copy.response()
            response[HEADER] = "HIT"
            return _conditional(request, response)
        entry = self.cached_entry(request, generation, language, route)
        if entry is not None:
            hot_copies.put(route_key, query_text(request, route["parameters"]), generation, entry)
            return self.serve_entry(request, entry, "HIT")

        made_up = self.retry_failed_invalidations()
        # Read before rendering (single_render); again if the retry replaced it.
        previous_token = (None if made_up else state.get(PREVIOUS_VERSIONS_KEY)) or token(
            PREVIOUS_VERSIONS_KEY
        )
        render_slot = self.render_slot(request, language, route)
        claimed = render_slot is None or single_render.claim(render_slot)
        if not claimed:
            # Another request renders this address: its previous version,
            # or the new one once it is there; else render after all.
            entry = single_render.previous(render_slot, route, previous_token)
            if entry is not None:
                return self.serve_entry(request, entry, "STALE")
            entry = single_render.wait_for(
                lambda: self.cached_entry(request, generation, language, cache.get(route_key))
            )
            if entry is not None:
                return self.serve_entry(request, entry, "HIT")
        try:
            return self.render_and_store(
                request, generation, language, state, render_slot, previous_token
            )
        finally:
            if claimed and render_slot is not None:
                single_render.release(render_slot)

    def serve_entry(self, request, entry, how):
        response = entry["response"]
        response[HEADER] = how
        return _conditional(request, response)

    def render_slot(self, request, language, route):
        """The render slot this request claims (single_render): the address
        with the query its page reads, or the bare address where that is
        not known yet; None for a query too long to store."""
        if route is None:
            return single_render.slot(language, cache_keys.address(request))
        query = clean_query(request, route["parameters"])
        if query is None:
            return None
        return single_render.slot(language, cache_keys.address(request), query)

    def render_and_store(  # noqa: PLR0913 - the request's state, read once in __call__
        self, request, generation, language, state, render_slot, previous_token
    ):
        cache = page_cache()
        conditions = {
            name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META
        }
        request.page_cache_candidate = True
        # Before the render reads anything: which of two renders shows the
        # later state (single_render.keep).
        started = time.time()
        response = self.get_response(request)
        request.META.update(conditions)

        dependency = getattr(request, "page_cache_dependency", None)
        storable = dependency is not None and is_cacheable_response(request, response)
        if not storable:
            if render_slot is not None and request.method == "GET":
                single_render.forget(render_slot, previous_token)
            return _conditional(request, response)
        page_id, version = dependency
        route = {"page": page_id, "parameters": request.page_cache_parameters}
        timeout = cache_timeout()
        stored_response, body_key = without_body(response)
        entry = {
            **route,
            "version": version,
            "started": started,
            "expires": time.time() + timeout,
            "response": stored_response,
            "body_key": body_key,
        }
        stored_under = None
        if cache.get(CHANGES_KEY) == state.get(CHANGES_KEY):
            # request.GET is the query the page rendered from (remember_page).
            key = cache_keys.response_key(generation, language, request, request.GET)
            cache.set_many({key: entry, cache_keys.route_key(language, request): route}, timeout)
            response[HEADER] = "MISS"
            stored_under = key
        # Kept as the previous version even when a change came during the
        # render (so it is not stored as current): it shows at least the
        # state before that change, one publish behind at most, where the
        # version kept before may be two or more behind. Under the slot of
        # the query the page read, which later requests claim (this one may
        # have claimed the bare address).
        slot = single_render.slot(language, cache_keys.address(request), request.GET)
        single_render.keep(slot, previous_token, entry, timeout, stored_under)
        return _conditional(request, response)

    def cached_entry(self, request, generation, language, route):
        """The stored response for this request, if there is one and its
        page has not changed since; None otherwise."""
        if route is None:
            return None
        query = clean_query(request, route["parameters"])
        if query is None:
            return None
        key = cache_keys.response_key(generation, language, request, query)
        page_version_key = version_key(route["page"])
        found = page_cache().get_many([key, page_version_key])
        entry = found.get(key)
        if (
            entry is not None
            and entry["page"] == route["page"]
            and entry["parameters"] == route["parameters"]
            and entry["version"] == found.get(page_version_key)
        ):
            return with_body(entry)
        return None
