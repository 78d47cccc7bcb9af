"""What every part of the page cache shares: the cache itself, its keys,
the tokens that version pages and the whole cache, and how long an entry
lives."""

import datetime as dt
import math
import uuid

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone

CACHE_ALIAS = "pages"
# Part of every response key: a new generation makes the whole cache stale.
GENERATION_KEY = "generation"
# New on every invalidation: a response rendered meanwhile may show the old
# state, so it is not stored.
CHANGES_KEY = "changes"
# Part of the key of every previous version (single_render): a new one, when
# a page may have stopped being public, makes them all unservable at once.
PREVIOUS_VERSIONS_KEY = "previous-versions"


def page_cache():
    return caches[CACHE_ALIAS]


def new_token():
    return uuid.uuid4().hex


def token(key):
    """The token stored under ``key``, made on first use."""
    cache = page_cache()
    value = cache.get(key)
    if value is None:
        cache.add(key, new_token(), timeout=None)
        value = cache.get(key)
    return value


def version_key(page_id):
    return f"page:{page_id}"


def cache_timeout():
    """Seconds until the next local midnight, PAGE_CACHE_TIMEOUT at most."""
    now = timezone.localtime()
    midnight = timezone.make_aware(
        dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min)
    )
    return max(1, min(settings.PAGE_CACHE_TIMEOUT, math.ceil((midnight - now).total_seconds())))


# A response whose body is kept in the page cache already (a feed's body by
# its ETag: events.feed_assembly) names that key here; its entry then stores
# the response without the body, and reads it from there (``with_body``).
BODY_KEY_ATTRIBUTE = "page_cache_body_key"


def without_body(response):
    """What an entry stores of ``response``: the response itself, or, where
    it names the key its body is kept under, a copy without the body and
    that key (a feed of megabytes is then stored and pickled once, not
    twice)."""
    body_key = getattr(response, BODY_KEY_ATTRIBUTE, None)
    if body_key is None:
        return response, None
    shell = HttpResponse(status=response.status_code, headers=dict(response.headers.items()))
    return shell, body_key


def with_body(entry):
    """``entry`` (read from the page cache) with its response's body; None
    if the body it names is gone (evicted): a miss then."""
    if entry is None or entry.get("body_key") is None:
        return entry
    body = page_cache().get(entry["body_key"])
    if body is None:
        return None
    entry["response"].content = body
    return entry
