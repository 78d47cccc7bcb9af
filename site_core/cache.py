"""The page cache: what anonymous visitors see of pages and feeds, kept in
Django's cache ("pages") and made stale exactly where a change shows.

Serving (``PageCacheMiddleware``): a GET or HEAD under /de/ or /ru/ without a
session or messages cookie (so never for a logged-in user) is looked up by its
address, language and the query parameters the page reads (``cache_keys``:
others, such as ``utm_source``, neither make entries nor renders). A response is
stored only if a Wagtail page served it (``on_serve_page``: not the
admin, previews, search or sitemap), the page and its ancestors have no view
restriction (Wagtail's own check answers first), it is not a form, and the
response is a 200 that sets no cookie (the contact forms' CSRF token) and is
not private. Each entry remembers the page that served it and that page's
version.

Invalidating (``connect()``, called once in ``SiteCoreConfig.ready``): after
the commit of a publish, unpublish, move or deletion, the pages that show the
change get new versions, so every URL they serve (all routes and query
strings, ``feed.ics`` with and without slash) is stale at once; see
``stale_pages`` for which pages those are. Changes shown on every page (menu
and footer pages, the footer text, the site settings, view restrictions)
start a new generation: the whole page cache is stale. If a frontend cache is
configured (``WAGTAILFRONTENDCACHE``), the same pages' URLs are purged there.

Entries live until the next local midnight, an hour at most
(``PAGE_CACHE_TIMEOUT``): the calendar's "upcoming" lists and the feeds'
Last-Modified move on at midnight without any edit, and the hour bounds what
no signal reports (a scheduled expiry, a change made in the shell).

Why our own middleware on Django's cache framework rather than wagtail-cache
3.0 (which supports Wagtail 7.4): wagtail-cache clears the whole cache, or
URLs matched by regular expression from a "keyring" dict that every worker
reads, changes and writes back (concurrent requests lose each other's keys,
which then can never be purged); it stores 404s, redirects and 304s (a feed
reader's 304 would answer later unconditional requests without a body), and
it knows nothing of translations, calendar routes or our listings. Versioned
pages need no list of URLs, stay correct with many workers, and keep the
feeds' ETag/Last-Modified answers right (``_conditional``).
"""

import datetime as dt
import functools
import logging
import math
import time
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from wagtail import hooks
from wagtail.contrib.forms.models import FormMixin
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Site

from . import cache_keys
from .cache_keys import clean_query, query_parameters

CACHE_ALIAS = "pages"
# "HIT" (served from the cache) or "MISS" (rendered and stored).
HEADER = "X-Cache"
# Part of every response key: a new generation makes the whole cache stale.
GENERATION_KEY = "generation"
# New on every invalidation: a response rendered meanwhile may show the old
# state, so it is not stored.
CHANGES_KEY = "changes"
# Answered by the middleware from the full response, so that the conditional
# requests of feed readers fill the cache too.
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# How often (seconds) each process looks for invalidations that could not
# reach the cache, on its way to render a page.
RETRY_INTERVAL = 5
# Set when an invalidation in this process failed: then every request tries
# to make up for it before serving from the cache.
_failed_here = False

logger = logging.getLogger(__name__)


def _cache():
    return caches[CACHE_ALIAS]


def _new_token():
    return uuid.uuid4().hex


def _token(key):
    """The token stored under ``key``, made on first use."""
    cache = _cache()
    token = cache.get(key)
    if token is None:
        cache.add(key, _new_token(), timeout=None)
        token = cache.get(key)
    return token


def _version_key(page_id):
    return f"page:{page_id}"


def cache_timeout():
    """Seconds until the next local midnight, PAGE_CACHE_TIMEOUT at most."""
    now = timezone.localtime()
    midnight = timezone.make_aware(
        dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min)
    )
    return max(1, min(settings.PAGE_CACHE_TIMEOUT, math.ceil((midnight - now).total_seconds())))


# Serving


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
            version = _token(_version_key(page.pk)) if query is not None else None
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
            return
        self.next_retry = now + RETRY_INTERVAL
        retry_failed_invalidations()

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        if language is None or not is_cacheable_request(request):
            return self.get_response(request)

        if _failed_here:
            retry_failed_invalidations()
        cache = _cache()
        route_key = cache_keys.route_key(language, request)
        state = cache.get_many([GENERATION_KEY, CHANGES_KEY, route_key])
        generation = state.get(GENERATION_KEY) or _token(GENERATION_KEY)
        if generation is None:
            # Unreachable or full: serve uncached rather than under a
            # generation no one can invalidate.
            return self.get_response(request)
        entry = self.cached_entry(request, generation, language, state.get(route_key))
        if entry is not None:
            response = entry["response"]
            response[HEADER] = "HIT"
            return _conditional(request, response)

        self.retry_failed_invalidations()
        conditions = {
            name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META
        }
        request.page_cache_candidate = True
        response = self.get_response(request)
        request.META.update(conditions)

        dependency = getattr(request, "page_cache_dependency", None)
        if (
            dependency is not None
            and is_cacheable_response(request, response)
            and cache.get(CHANGES_KEY) == state.get(CHANGES_KEY)
        ):
            page_id, version = dependency
            parameters = request.page_cache_parameters
            # request.GET is the query the page rendered from (remember_page).
            key = cache_keys.response_key(generation, language, request, request.GET)
            route = {"page": page_id, "parameters": parameters}
            entry = {**route, "version": version, "response": response}
            cache.set_many({key: entry, route_key: route}, cache_timeout())
            response[HEADER] = "MISS"
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
        version_key = _version_key(route["page"])
        found = _cache().get_many([key, version_key])
        entry = found.get(key)
        if (
            entry is not None
            and entry["page"] == route["page"]
            and entry["parameters"] == route["parameters"]
            and entry["version"] == found.get(version_key)
        ):
            return entry
        return None


# What a change makes stale


def _in_header(page):
    """Home pages and main menu pages appear on every page."""
    return page.depth <= 2 or (page.depth == 3 and page.show_in_menus)


def _family(pages, *, descendants):
    """IDs of the pages' ancestors (below the root), and their descendants."""
    query = Q(pk__in=[])
    for page in pages:
        ends = range(2 * Page.steplen, len(page.path), Page.steplen)
        query |= Q(path__in=[page.path[:end] for end in ends])
        if descendants:
            query |= Q(path__startswith=page.path)
    return set(Page.objects.filter(query).values_list("pk", flat=True))


def _listed_on(page):
    """IDs of the pages that list ``page`` besides its ancestors: the agency,
    focus-area and project pages of an event, the agency and focus-area
    pages of a project."""
    from events.models import EventPage
    from projects.models import ProjectPage

    if isinstance(page, EventPage):
        ids = {page.agency_id, page.project_id}
        ids |= {link.focus_area_id for link in page.focus_area_links.all()}
    elif isinstance(page, ProjectPage):
        ids = {link.agency_id for link in page.agency_links.all()}
        ids |= {link.focus_area_id for link in page.focus_area_links.all()}
    else:
        ids = set()
    return ids - {None}


def _translations(page_ids):
    """The pages with these IDs in every language, aliases included."""
    keys = Page.objects.filter(pk__in=page_ids).values("translation_key")
    return list(Page.objects.filter(translation_key__in=keys).only("pk", "path", "depth"))


def _referrers(pages):
    """IDs of the pages that link to ``pages`` or show their titles."""
    references = ReferenceIndex.get_references_to_in_bulk(pages).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    return {int(pk) for pk in references.values_list("object_id", flat=True)}


def stale_pages(pages, previous=(), *, content_only=False):
    """The IDs of the pages whose responses show any of ``pages`` (specific
    pages as they are now) or ``previous`` (as they were before the change,
    where known); None if that is every page.

    That is each page in every language, with its descendants (URLs and
    breadcrumbs) and ancestors (the listings and home pages showing it); the
    agency, focus-area and project pages it is listed on, before and after
    the change; the pages that link to it or show its title, with their
    listings; and the calendars in both languages, which list events and
    filter by agency, focus area and project.

    ``content_only``: the pages' titles, addresses and places in the tree
    stay as they are (a place or person they show changed), so neither the
    menu, the footer, their descendants nor the pages linking to them change.
    """
    from events.models import EventIndexPage, EventPage
    from home.models import AgencyPage, FocusAreaPage
    from projects.models import ProjectPage
    from site_core.models import FooterLink

    if not pages:
        return set()
    keys = {page.translation_key for page in pages}
    group = list(
        Page.objects.filter(translation_key__in=keys).only("pk", "path", "depth", "show_in_menus")
    )
    if not content_only and (
        any(_in_header(page) for page in [*pages, *group, *previous])
        or FooterLink.objects.filter(page__translation_key__in=keys).exists()
    ):
        return None

    ids = {page.pk for page in group} | _family(group, descendants=not content_only)
    related = set().union(*(_listed_on(page) for page in [*pages, *previous]))
    if not content_only:
        related |= _referrers(group)
    related = _translations(related)
    ids |= {page.pk for page in related} | _family(related, descendants=False)
    in_calendar = (EventPage, AgencyPage, FocusAreaPage, ProjectPage)
    if any(isinstance(page, in_calendar) for page in pages):
        ids |= set(EventIndexPage.objects.values_list("pk", flat=True))
    return ids


def _previous_version(page, revision):
    """The page as it was last published before ``revision``, or None."""
    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .exclude(revision=None)
        .exclude(revision=revision)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry else None


# Invalidating


def _frontend_urls(page_ids):
    """Every URL the pages serve without a query string, for the frontend
    cache (which cannot be told "any query string"); [] without one."""
    if not get_backends():
        return []
    pages = Page.objects.exclude(depth=1).specific()
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    return _page_urls(pages)


def _page_urls(pages):
    from events.ical import FEED_FILENAME

    urls = []
    for page in pages:
        url = page.get_full_url()
        if url is None:
            continue
        urls.append(url)
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_subpage_urls():
                try:
                    route = page.reverse_subpage(pattern.name)
                except NoReverseMatch:  # a route with parameters
                    continue
                if route:
                    urls.append(url + route)
                if route == f"{FEED_FILENAME}/":
                    urls.append(url + FEED_FILENAME)
    return urls


def _delete_or_raise(keys):
    """Delete ``keys`` from the page cache, raising if it cannot be reached:
    django-redis's client raises where its cache ignores failures (and
    site_core.cache_backends raises at once while Redis is known to be
    down). Deleting, unlike writing, works on a Redis that is full."""
    cache = _cache()
    client = getattr(cache, "client", None)
    if client is None:  # a cache in this process's memory cannot fail
        cache.delete_many(keys)
    else:
        client.delete_many(keys)


def invalidate(page_ids, *, frontend_urls=()):
    """Make ``page_ids`` stale (None: a new generation, every page).

    Their version tokens are deleted (a stored response names the version it
    was rendered under, and no version matches a missing token), then
    replaced by new ones. If the cache cannot be reached, the invalidation
    is recorded in the database, logged as an error and retried
    (``retry_failed_invalidations``) until it is done, as a new generation.
    """
    keys = [CHANGES_KEY]
    keys += [GENERATION_KEY] if page_ids is None else [_version_key(pk) for pk in page_ids]
    try:
        _delete_or_raise(keys)
    except Exception as error:  # noqa: BLE001 - any cache failure is recorded and retried
        from .models import FailedCacheInvalidation

        global _failed_here  # noqa: PLW0603 - per process, see above
        _failed_here = True
        FailedCacheInvalidation.objects.create(error=str(error)[:1000])
        logger.error(
            "The page cache could not be invalidated (%s); it is cleared as soon as it "
            "answers again.",
            error,
        )
    else:
        # A full Redis refuses these; the deletion above has done the work.
        _cache().set_many({key: _new_token() for key in keys}, timeout=None)
    if frontend_urls:
        PurgeBatch(frontend_urls).purge()


def retry_failed_invalidations():
    """Clear the whole page cache (a new generation) if an invalidation
    could not reach it before; True if something was made up for."""
    global _failed_here  # noqa: PLW0603 - per process, see above
    from .models import FailedCacheInvalidation

    failed = list(FailedCacheInvalidation.objects.values_list("pk", flat=True))
    if not failed:
        _failed_here = False
        return False
    try:
        _delete_or_raise([GENERATION_KEY, CHANGES_KEY])
    except Exception:  # noqa: BLE001 - still unreachable: the next retry tries again
        return False
    FailedCacheInvalidation.objects.filter(pk__in=failed).delete()
    _failed_here = False
    logger.warning("The page cache was cleared after %s failed invalidation(s).", len(failed))
    return True


def _invalidate_on_commit(page_ids):
    """Invalidate once the change is committed: a request rendering before
    the commit would read and store the old state under the new version."""
    transaction.on_commit(
        functools.partial(invalidate, page_ids, frontend_urls=_frontend_urls(page_ids)),
        robust=True,
    )


def page_changed(sender, instance, revision=None, **kwargs):
    """page_published (translations and aliases included), page_unpublished,
    pre_ and post_page_move (the old and the new place), pre_delete."""
    page = instance.specific
    previous = _previous_version(page, revision) if revision is not None else None
    _invalidate_on_commit(stale_pages([page], [previous] if previous else []))


def slug_changed(sender, instance, instance_before, **kwargs):
    """page_slug_changed (after commit): the frontend cache still has the
    page under its old address. (The page cache keys its entries by page.)"""
    if get_backends():
        PurgeBatch(_page_urls([instance_before])).purge()


def snippet_changed(sender, instance, raw=False, **kwargs):
    """A place or contact person, in any language: the pages showing it."""
    if raw:
        return
    snippets = list(sender.objects.filter(translation_key=instance.translation_key))
    page_ids = _referrers(snippets)
    pages = list(Page.objects.filter(pk__in=page_ids).specific())
    _invalidate_on_commit(stale_pages(pages, content_only=True))


def everything_changed(sender, raw=False, **kwargs):
    """Footer text, site settings, view restrictions, sites: every page."""
    if raw:
        return
    _invalidate_on_commit(None)


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete

    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
        pre_page_move,
    )

    from .models import ContactPerson, FooterLink, FooterText, Location, SiteSettings

    hooks.register("on_serve_page", remember_page, order=1)
    for signal in (page_published, page_unpublished, pre_page_move, post_page_move):
        signal.connect(page_changed, dispatch_uid="page_cache")
    pre_delete.connect(page_changed, sender=Page, dispatch_uid="page_cache")
    page_slug_changed.connect(slug_changed, dispatch_uid="page_cache")
    for model in (Location, ContactPerson):
        post_save.connect(snippet_changed, sender=model, dispatch_uid="page_cache")
        pre_delete.connect(snippet_changed, sender=model, dispatch_uid="page_cache")
    for model in (FooterText, SiteSettings, FooterLink, PageViewRestriction, Site):
        post_save.connect(everything_changed, sender=model, dispatch_uid="page_cache")
        post_delete.connect(everything_changed, sender=model, dispatch_uid="page_cache")
