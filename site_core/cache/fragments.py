"""Parts of a page that every render repeats (the menu, the footer, the
language links, the calendar's filter choices, the alert sign-up form),
kept in the page cache between renders, so that a page the page cache
misses costs little more than its own content.

A fragment is keyed by the page cache's own tokens: the generation (a new
one for every change shown on every page: menu and footer pages, the
privacy policy, the footer text, the site settings, view restrictions) and
the version of each page it depends on (a new one whenever ``stale_pages``
finds that page stale). So a
change invalidates exactly the fragments that show it, with no list of
fragment keys to keep. The tokens are read before the fragment is computed:
an invalidation runs after its change is committed, so a fragment computed
from the old state is stored under a token that is already gone.

Like the page cache, fragments are off when ``PAGE_CACHE_TIMEOUT`` is 0 (the
tests, where changes are made inside a transaction whose after-commit
invalidation never runs), and computed afresh whenever the cache cannot be
reached.
"""

import hashlib

from django.conf import settings

from .state import GENERATION_KEY, page_cache, token, version_key

# Stored values are wrapped, so that a fragment may be None (no footer text).
_MISSING = object()


def fragment_key(name, generation, versions, vary):
    parts = ":".join([*versions, *(str(part) for part in vary)])
    return f"fragment:{name}:{generation}:{hashlib.sha256(parts.encode()).hexdigest()}"


def _tokens(cache, page_ids):
    """The generation and the versions of ``page_ids``; None where the cache
    cannot be reached (or refuses to store a new token)."""
    keys = [GENERATION_KEY, *(version_key(pk) for pk in page_ids)]
    found = cache.get_many(keys)
    return [found.get(key) or token(key) for key in keys]


def cached_fragment(name, compute, *, pages=(), vary=()):
    """``compute()``, stored as fragment ``name`` for this generation, the
    versions of the page IDs ``pages`` and the values ``vary`` (language,
    site, route: whatever else the result depends on). The value must be
    picklable and must not depend on the request beyond ``vary``."""
    cache = page_cache()
    # While Redis is known to be down (site_core.cache_backends), the
    # middleware's next request finds out when it is back: a render must
    # not pay another time-out for each fragment.
    if settings.PAGE_CACHE_TIMEOUT <= 0 or getattr(cache, "is_down", False):
        return compute()
    generation, *versions = _tokens(cache, pages)
    if generation is None or None in versions:
        return compute()
    key = fragment_key(name, generation, versions, vary)
    stored = cache.get(key, _MISSING)
    if stored is not _MISSING and isinstance(stored, tuple):
        return stored[0]
    value = compute()
    cache.set(key, (value,), settings.PAGE_CACHE_TIMEOUT)
    return value
