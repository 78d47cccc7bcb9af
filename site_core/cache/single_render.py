"""One render per address at a time (issue 19: no stampede).

When a publish makes a busy page or feed stale, every request for it misses
at once; each rendering it (the main feed at 1,000 events takes seconds)
ties up every worker. So a miss first claims the address's *render slot*: a
short lock in the cache (``cache.add``, which only one process can win). The
request that wins renders and stores, as before. The others do not render:
they get the *previous version* (kept under a key of its own, without the
generation and the page version: stale-while-revalidate, at most one publish
behind; usually as the key of the response stored then, which stays in the
cache until it lapses), or, where there is none, wait up to ``WAIT`` seconds
for the one render, then render themselves.

A previous version is public content served without asking Wagtail, so it
must never outlive the page's being public: its key holds the token of the
previous versions (``PREVIOUS_VERSIONS_KEY``), which an invalidation
replaces whenever a page may have stopped being public (a view restriction
on it, an ancestor or its twin, an unpublish, a deletion, a move:
``invalidate(..., withdraw_previous=True)``). Every previous version goes at
once: a restriction reaches descendants, twins and the listings that showed
them, and what else is missing then only renders without one, once. The
token is read before the render, so a version rendered while it changes is
kept where no one looks.

Nothing here may make a page wait on a broken cache: if the cache cannot be
reached, ``cache.add`` answers None (django-redis with IGNORE_EXCEPTIONS)
and the request renders; a request whose render dies releases its claim,
and a process that dies leaves it for ``CLAIM_TIMEOUT`` seconds at most.
A response that may not be stored (the page is gone, restricted, or now a
form) deletes the previous version, so that it is not served on.
"""

import hashlib
import time

from .state import page_cache, with_body

# Longer than any render takes (the main feed at 5,000 events: ~10 s on a
# shared machine); a claim is released as soon as its render ends.
CLAIM_TIMEOUT = 30
# How long a request without a previous version waits for the one render
# before it renders itself, and how often it looks.
WAIT = 1.0
POLL = 0.05


def slot(language, address, query=None):
    """The render slot of an address in a language, with the query a page
    reads there (a ``clean_query``); ``query=None`` when which parameters
    the page reads is not known yet (its first render)."""
    text = address if query is None else f"{address}?{query.urlencode()}"
    first = ":first" if query is None else ""
    return f"{language}:{hashlib.sha256(text.encode()).hexdigest()}{first}"


def _claim_key(slot):
    return f"render:{slot}"


def _previous_key(slot, previous_token):
    return f"previous:{previous_token}:{slot}"


def claim(slot):
    """True if this request may render ``slot``: no other does (or the
    cache cannot tell)."""
    return page_cache().add(_claim_key(slot), 1, CLAIM_TIMEOUT) is not False


def release(slot):
    page_cache().delete(_claim_key(slot))


def _matches(entry, route):
    return (
        entry is not None
        and entry["page"] == route["page"]
        and entry["parameters"] == route["parameters"]
    )


def previous(slot, route, previous_token):
    """The previous version stored for ``slot`` under ``previous_token`` (the
    current token, read before), if it was rendered by the page and with the
    parameters the route names; else None."""
    if route is None or previous_token is None:
        return None
    cache = page_cache()
    kept = cache.get(_previous_key(slot, previous_token))
    if kept is not None and "stored_under" in kept:
        # The response stored as current then (or a later render of the
        # same address, which shows a later state); gone if evicted.
        kept = cache.get(kept["stored_under"])
    return with_body(kept) if _matches(kept, route) else None


def keep(slot, previous_token, entry, timeout, stored_under=None):
    """Keep ``entry`` as the previous version of ``slot``, under the token
    read before it was rendered, unless a render that started later (so
    shows a later state) has kept its own: renders of one address may
    overlap (one waited for the claimed render in vain) and end in any
    order. ``stored_under``: the key ``entry`` was stored under as the
    current response; then only that key is kept (the main feed at 5,000
    events is megabytes: a second copy of it, and reading the kept one to
    compare, cost more than the rest of a feed's miss)."""
    if previous_token is None:
        return
    cache = page_cache()
    key = _previous_key(slot, previous_token)
    kept = cache.get(key)
    if kept is not None and kept.get("started", 0) > entry["started"]:
        return
    if stored_under is not None:
        entry = {"started": entry["started"], "stored_under": stored_under}
    cache.set(key, entry, timeout)


def forget(slot, previous_token):
    """The address no longer answers with a storable response: no previous
    version of it may be served."""
    if previous_token is not None:
        page_cache().delete(_previous_key(slot, previous_token))


def wait_for(lookup):
    """``lookup()`` until it finds an entry, for WAIT seconds at most."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        time.sleep(POLL)
        entry = lookup()
        if entry is not None:
            return entry
    return None
