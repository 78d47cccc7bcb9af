"""A feed's ETag and bytes from the stored parts (``events.feed_parts``), at
a cost that follows what changed, not what exists (issue 19).

Each address of a feed (its header, and its path and query) keeps in the
page cache a manifest of its last body: its events in the feed's order, each
with its path, its part's version and the part's length in the body, read at
a generation of parts (``FeedPartsGeneration``) under the view restrictions
of the time. While the generation stays, the address's ETag is known without
reading any event. After writes of parts, the log of generations
(``FeedPartsChange``) names the events written: the manifest takes their rows
afresh (one query of a few rows), and the new body is the last one with their
parts spliced in. An address without a manifest, or one the log cannot bring
up to date (too many changes, the log pruned, other view restrictions, an
event past its expiry), is read whole: the versions in one query, the bytes
in one more (``events.feed_reads``).

Either way the bytes are those of a whole read (tests/events/test_feed_parts.py,
tests/feeds), and a strong ETag names them: a body is kept by its ETag and
never needs invalidating.
"""

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from site_core.cache import cache_timeout
from site_core.cache.state import page_cache

from .feed_reads import Manifest, Patch, WholeRead, rows_among

# Page-cache keys: a feed's body by its ETag; an address's manifest, and the
# ETag it gave under a generation of parts.
BODY_KEY = "feed-body"
MANIFEST_KEY = "feed-manifest"
ETAG_KEY = "feed-etag"
# Beyond these, an address is read whole: a patch would read about as much.
MAX_GENERATIONS = 200
MAX_CHANGED = 200
# This process's copies of the feeds it made last (LastBodies).
MAX_LOCAL_BYTES = 32 * 1024 * 1024


def _cache_on():
    return settings.PAGE_CACHE_TIMEOUT > 0


def _key(*parts):
    return ":".join(str(part) for part in parts)


def _address_key(header, address):
    """What names a feed: its header (host, name) and its address (the
    page by its path, the filters by the query string)."""
    return hashlib.sha256(header + address.encode()).hexdigest()[:32]


class LastBodies:
    """This process's copies of the feed bodies and manifests it made last,
    by address: the next change of a feed is spliced here without reading
    megabytes back from the cache (the main feed at 5,000 events: 2.7 MB).
    A copy is only a faster read of what the cache holds: a body by its
    ETag never changes, and a manifest is brought up to date by the log as
    the cache's is. Bounded in bytes; the least recently used goes first."""

    def __init__(self, max_bytes=MAX_LOCAL_BYTES):
        self.max_bytes = max_bytes
        self._entries = OrderedDict()  # address: (manifest, body)
        self._bytes = 0
        self._lock = threading.Lock()

    def manifest(self, address):
        with self._lock:
            entry = self._entries.get(address)
        return entry[0] if entry else None

    def body(self, etag):
        with self._lock:
            for manifest, body in self._entries.values():
                if manifest.etag == etag:
                    return body
        return None

    def put_manifest(self, address, manifest):
        with self._lock:
            entry = self._entries.get(address)
            if entry is not None and entry[0].etag == manifest.etag:
                self._entries[address] = (manifest, entry[1])

    def put(self, address, manifest, body):
        if len(body) > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(address, None)
            self._bytes += len(body) - (len(old[1]) if old else 0)
            self._entries[address] = (manifest, body)
            while self._bytes > self.max_bytes:
                _address, (_manifest, dropped) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)


last_bodies = LastBodies()


def _cached_body(etag):
    """The feed body served before under ``etag``: this process's copy, or
    the page cache's (None when the page cache is off). A strong ETag names
    its bytes, so the body for an ETag never changes and needs no
    invalidation. A body found here is in the page cache when this returns
    (the page cache's entry of the answer names its key)."""
    if not _cache_on():
        return None
    key = _key(BODY_KEY, etag)
    body = last_bodies.body(etag)
    if body is None:
        return page_cache().get(key)
    # Put back if the page cache lost it (cleared, evicted, superseded).
    if not page_cache().touch(key, cache_timeout()):
        page_cache().set(key, body, cache_timeout())
    return body


@dataclass
class FeedParts:
    """A feed of stored parts: its header and the parts of the events it
    selects, in its order. Its ETag from one row while no part changed,
    else from its address's manifest and the events the changes name, else
    from every event's version (one query); its bytes only for an ETag not
    served before, and then only those its address's last body lacks."""

    events: object  # the feed's queryset of event pages, in its order
    header: bytes  # cleaned, up to the events (events.ical.feed_header)
    etag: str = ""
    address: str | None = None  # _address_key of the feed, if it has one
    generation: tuple = (0, "")  # FeedPartsGeneration.current()
    sections: tuple = ()
    read: object = None  # a WholeRead or Patch, once the events were read
    body_key: str | None = None  # where the page cache keeps the body, once read
    superseded: str | None = None  # the ETag of the address's last body
    # What the feed reads of the events among some IDs (Row's fields but
    # the body, in the feed's order): a query compiled once, where the
    # caller has one (EventPageQuerySet.feed_rows).
    rows_of: object = None

    @classmethod
    def of(cls, events, header, *, address=None, rows_of=None):
        """The parts of ``events`` (a queryset of live event pages in the
        feed's order, by path, from which only values are read; it may be
        lazy, as a feed known by its address or patched never queries it).
        With an ``address`` (the request's path and query): the ETag that
        address gave under the same generation of parts and view
        restrictions, if the page cache keeps it."""
        parts = cls(events, header, rows_of=rows_of or (lambda ids: rows_among(events, ids)))
        if address is not None and _cache_on():
            parts.address = _address_key(header, address)
            parts.generation = apps.get_model("events", "FeedPartsGeneration").current()
            parts.sections = apps.get_model("events", "EventPage").objects.view_restrictions()
            known = page_cache().get(_key(ETAG_KEY, parts.address))
            if known is not None and known[:2] == (parts.generation, parts.sections):
                expires, etag = known[2:]
                if expires is None or timezone.now() < expires:
                    parts.etag = etag
                    return parts
        parts.read_events()
        return parts

    def read_events(self):
        """Read what the ETag needs: a patch of the address's manifest where
        the log can bring it up to date, else every event."""
        self.read = self._patch() or WholeRead(self.events, self.header)
        self.etag = self.read.etag
        self._remember_etag()
        if isinstance(self.read, Patch) and self.etag == self.read.manifest.etag:
            # Nothing the feed shows changed: the manifest moves on to this
            # generation, so the next change reads only its own events.
            manifest = dataclasses.replace(
                self.read.manifest, generation=self.generation, expires=self.read.expires
            )
            page_cache().set(_key(MANIFEST_KEY, self.address), manifest, cache_timeout())
            last_bodies.put_manifest(self.address, manifest)

    def _patch(self):
        if self.address is None:
            return None
        manifest = last_bodies.manifest(self.address) or page_cache().get(
            _key(MANIFEST_KEY, self.address)
        )
        if manifest is not None:
            self.superseded = manifest.etag
        if (
            manifest is None
            or not manifest.holds_at(self.sections, timezone.now())
            or self.generation[0] - manifest.generation[0] > MAX_GENERATIONS
        ):
            return None
        log = apps.get_model("events", "FeedPartsChange")
        changed = log.between(manifest.generation, self.generation)
        if changed is None or len(changed) > MAX_CHANGED:
            return None
        return Patch(manifest, self.rows_of, self.header, changed)

    def _remember_etag(self):
        if self.address is not None:
            page_cache().set(
                _key(ETAG_KEY, self.address),
                (self.generation, self.sections, self.read.expires, self.etag),
                cache_timeout(),
            )

    def body(self):
        """The whole VCALENDAR: the header, the parts (cleaned when stored),
        the END. Served before under this ETag: from the page cache. Else
        spliced from the address's last body, or read whole; a whole read
        may find a part changed since the versions were read (a publish
        under way): the ETag becomes that of the bytes read."""
        body = _cached_body(self.etag)
        if body is not None:
            self.body_key = _key(BODY_KEY, self.etag)
            return body
        if self.read is None:  # the ETag was known, its body is gone
            self.read_events()
        if isinstance(self.read, Patch):
            etag = self.read.manifest.etag
            last = last_bodies.body(etag) or page_cache().get(_key(BODY_KEY, etag))
            assembled = self.read.assemble(last)
        else:
            assembled = self.read.assemble()
        if assembled is None:  # the last body is gone: read whole
            self.read = WholeRead(self.events, self.header)
            assembled = self.read.assemble()
        body, expires, listing = assembled
        etag = self.read.etag
        if _cache_on():
            # Until midnight at most, as the page cache: the nightly re-render
            # gives open-ended series new versions, and so the feeds new ETags.
            entries = {_key(BODY_KEY, etag): body}
            if self.address is not None:
                manifest = Manifest(self.generation, self.sections, expires, etag, *listing)
                entries[_key(MANIFEST_KEY, self.address)] = manifest
                last_bodies.put(self.address, manifest, body)
            page_cache().set_many(entries, cache_timeout())
            self.body_key = _key(BODY_KEY, etag)
            if self.superseded not in (None, etag):
                # The address's last body: what no current answer serves (a
                # request that still finds it named renders, or waits for
                # this render), and megabytes a day of publishes would
                # otherwise leave in the cache until midnight.
                page_cache().delete(_key(BODY_KEY, self.superseded))
        if etag != self.etag:
            self.etag = etag
            self._remember_etag()
        return body
