"""Making pages stale in the page cache (and purging them from a frontend
cache, if one is configured), and making up for invalidations that could
not reach the cache.

A page's version token is deleted (a stored response names the version it
was rendered under, and no version matches a missing token), then replaced
by a new one; a new generation makes every page stale at once."""

import functools
import logging

from django.db import transaction

from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page

from ..models import BasePage, FailedCacheInvalidation
from .state import (
    CHANGES_KEY,
    GENERATION_KEY,
    PREVIOUS_VERSIONS_KEY,
    new_token,
    page_cache,
    version_key,
)

logger = logging.getLogger(__name__)

# Set when an invalidation in this process failed: then every request tries
# to make up for it before serving from the cache (site_core.cache.serving).
failed_here = False


def frontend_cache_urls(page_ids):
    """Every URL the pages serve without a query string, for the frontend
    cache (which cannot be told "any query string"); [] without one."""
    if not get_backends():
        return []
    pages = Page.objects.exclude(depth=1).specific()
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    return page_urls(pages)


def page_urls(pages):
    """The URLs each page declares it serves (``BasePage.get_cached_urls``)."""
    urls = []
    for page in pages:
        if isinstance(page, BasePage):
            urls += page.get_cached_urls()
        elif page.get_full_url() is not None:
            urls.append(page.get_full_url())
    return urls


def _delete_or_raise(keys):
    """Delete ``keys`` from the page cache, raising if it cannot be reached:
    django-redis's client raises where its cache ignores failures (and
    site_core.cache_backends raises at once while Redis is known to be
    down). Deleting, unlike writing, works on a Redis that is full."""
    cache = page_cache()
    client = getattr(cache, "client", None)
    if client is None:  # a cache in this process's memory cannot fail
        cache.delete_many(keys)
    else:
        client.delete_many(keys)


def invalidate(page_ids, *, frontend_urls=(), withdraw_previous=False):
    """Make ``page_ids`` stale (None: a new generation, every page).

    Their version tokens are deleted (a stored response names the version it
    was rendered under, and no version matches a missing token), then
    replaced by new ones. ``withdraw_previous`` (a page may have stopped
    being public): no previous version of any page is served again
    (single_render). If the cache cannot be reached, the invalidation
    is recorded in the database, logged as an error and retried
    (``retry_failed_invalidations``) until it is done, as a new generation.
    """
    keys = [CHANGES_KEY]
    keys += [GENERATION_KEY] if page_ids is None else [version_key(pk) for pk in page_ids]
    keys += [PREVIOUS_VERSIONS_KEY] if withdraw_previous else []
    try:
        _delete_or_raise(keys)
    except Exception as error:  # noqa: BLE001 - any cache failure is recorded and retried
        global failed_here  # noqa: PLW0603 - per process, see above
        failed_here = True
        FailedCacheInvalidation.objects.create(error=str(error)[:1000])
        logger.error(
            "The page cache could not be invalidated (%s); it is cleared as soon as it "
            "answers again.",
            error,
        )
    else:
        # A full Redis refuses these; the deletion above has done the work.
        page_cache().set_many({key: new_token() for key in keys}, timeout=None)
    if frontend_urls:
        PurgeBatch(frontend_urls).purge()


def retry_failed_invalidations():
    """Clear the whole page cache (a new generation, and no previous
    versions: the failed one may have withdrawn them) if an invalidation
    could not reach it before; True if something was made up for."""
    global failed_here  # noqa: PLW0603 - per process, see above

    failed = list(FailedCacheInvalidation.objects.values_list("pk", flat=True))
    if not failed:
        failed_here = False
        return False
    try:
        _delete_or_raise([GENERATION_KEY, CHANGES_KEY, PREVIOUS_VERSIONS_KEY])
    except Exception:  # noqa: BLE001 - still unreachable: the next retry tries again
        return False
    FailedCacheInvalidation.objects.filter(pk__in=failed).delete()
    failed_here = False
    logger.warning("The page cache was cleared after %s failed invalidation(s).", len(failed))
    return True


def invalidate_on_commit(page_ids, *, withdraw_previous=False):
    """Invalidate once the change is committed: a request rendering before
    the commit would read and store the old state under the new version."""
    transaction.on_commit(
        functools.partial(
            invalidate,
            page_ids,
            frontend_urls=frontend_cache_urls(page_ids),
            withdraw_previous=withdraw_previous,
        ),
        robust=True,
    )
