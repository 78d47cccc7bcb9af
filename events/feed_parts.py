"""Feeds from stored parts: each live event's VEVENTs rendered once, when
the event or what it shows changes (``events.feed_part_signals``), and kept
as bytes in ``StoredFeedPart``; a feed is its header, its time zone and the
concatenation of the parts of the events it selects.

The parts are a copy, never the truth: a feed renders (and stores) on the
fly any part that is missing or no longer matches its event's row (a publish,
a move), so nothing is served wrong before the first store or after a
re-render failed. ``manage.py store_occurrences`` re-renders every part each
night, as open-ended series reach a day further; a part whose bytes stay the
same keeps its version, and so the feeds their ETags.
"""

import hashlib
from array import array
from dataclasses import dataclass
from itertools import groupby

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation

from site_core.cache import cache_timeout
from site_core.cache.state import page_cache

from .ical import CALENDAR_END, clean_ical
from .vevents import FeedContext, event_components

CHUNK_SIZE = 200
# What the feeds read of an event page to tell whether its part is fresh
# (StoredFeedPart.is_fresh_for).
EVENT_FIELDS = ("last_published_at", "live_revision_id", "url_path")
# Page-cache keys (FeedParts): a feed's body by its ETag, where its parts
# lie in it, the ETag of an address's last body, and an address's ETag under
# a generation of parts.
BODY_KEY = "feed-body"
INDEX_KEY = "feed-index"
LAST_KEY = "feed-last"
ETAG_KEY = "feed-etag"


def stored_parts():
    """The manager of the stored parts, from Django's app registry (as
    ``events.occurrences.event_pages``): the event page serves its feed
    from here, so this module imports no models."""
    return apps.get_model("events", "StoredFeedPart").objects


def parts_changed():
    """Called in the transaction of every write of stored parts: the feeds'
    addresses no longer name the ETags they named (FeedParts.of)."""
    apps.get_model("events", "FeedPartsGeneration").bump()


def events_to_render():
    """Live event pages with everything their VEVENTs show."""
    return apps.get_model("events", "EventPage").objects.live().for_listings().for_feed()


def version_of(body):
    return hashlib.sha256(body).hexdigest()


def render_parts(events):
    """{pk: VEVENT bytes} of ``events`` (a list, as ``events_to_render``
    loads them), each in its own language and with the URLs of its Site (a
    part serves every request, whatever host it came by)."""
    bodies = {}
    events = sorted(events, key=lambda event: event.locale_id)
    for _, group in groupby(events, key=lambda event: event.locale_id):
        group = list(group)
        locale = group[0].locale
        # A cancelled date's label and a holiday's name are translated.
        with translation.override(locale.language_code):
            prefetch_related_objects(group, "past_schedules__location")
            context = FeedContext.for_events(group, None, locale)
            for event in group:
                components = event_components(event, context)
                body = b"".join(component.to_ical() for component in components)
                # Cleaned once, here: a feed is served as a plain join.
                bodies[event.pk] = clean_ical(body)
    return bodies


def _part(event, body, now):
    return stored_parts().model(
        event_id=event.pk,
        body=body,
        version=version_of(body),
        published_at=event.last_published_at,
        revision_id=event.live_revision_id,
        url_path=event.url_path,
        rendered_on=timezone.localdate(now),
        rendered_at=now,
    )


def store_parts(events):
    """Render and store the parts of ``events``; returns them by pk."""
    bodies = render_parts(events)
    now = timezone.now()
    parts = [_part(event, bodies[event.pk], now) for event in events]
    with transaction.atomic():
        stored_parts().bulk_create(
            parts,
            update_conflicts=True,
            unique_fields=["event"],
            update_fields=[
                f.name for f in stored_parts().model._meta.concrete_fields if not f.primary_key
            ],
        )
        parts_changed()
    return {part.event_id: part for part in parts}


def delete_parts(parts):
    """Delete ``parts`` (a queryset of stored parts), in one transaction
    with ``parts_changed`` where there were any."""
    with transaction.atomic():
        deleted, _ = parts.delete()
        if deleted:
            parts_changed()
    return deleted


def refresh_parts(event_ids):
    """Re-render the parts of the live events among ``event_ids`` and drop
    those of the others (unpublished)."""
    ids = set(event_ids)
    events = list(events_to_render().filter(pk__in=ids))
    delete_parts(stored_parts().filter(event_id__in=ids - {event.pk for event in events}))
    if events:
        store_parts(events)


def store_all_parts():
    """The nightly re-render of every part: only parts whose bytes changed
    are written (and so get a new version). Returns (events, changed)."""
    delete_parts(stored_parts().exclude(event__live=True))
    today = timezone.localdate()
    count = changed = 0
    pks = list(events_to_render().values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK_SIZE):
        events = list(events_to_render().filter(pk__in=pks[start : start + CHUNK_SIZE]))
        stored = {part.event_id: part for part in stored_parts().filter(event__in=events)}
        bodies = render_parts(events)
        stale = [
            event
            for event in events
            if event.pk not in stored
            or stored[event.pk].version != version_of(bodies[event.pk])
            or not stored[event.pk].is_fresh_for(*_event_key(event))
        ]
        if stale:
            store_parts(stale)
        unchanged = {event.pk for event in events} - {event.pk for event in stale}
        stored_parts().filter(event_id__in=unchanged).update(rendered_on=today)
        count, changed = count + len(events), changed + len(stale)
    return count, changed


def _event_key(event):
    return tuple(getattr(event, name) for name in EVENT_FIELDS)


def feed_etag(header, versions):
    """A strong ETag of a feed: its header and its parts' versions, in its
    order (each version names its event: the UID is in the bytes)."""
    digest = hashlib.sha256(header)
    digest.update("".join(versions).encode())
    return digest.hexdigest()[:32]


def _cache_on():
    return settings.PAGE_CACHE_TIMEOUT > 0


def _key(*parts):
    return ":".join(str(part) for part in parts)


def _address_key(header, address):
    """What names a feed: its header (host, name) and its address (the
    page by its path, the filters by the query string)."""
    return hashlib.sha256(header + address.encode()).hexdigest()[:32]


def _cached_body(etag):
    """The feed body served before under ``etag``, from the page cache (None
    when the page cache is off): a strong ETag names its bytes, so the body
    for an ETag never changes and needs no invalidation."""
    if not _cache_on():
        return None
    return page_cache().get(_key(BODY_KEY, etag))


def _keep_body(etag, body, versions, bounds, address):
    """The body under its ETag, with where each part lies in it (for the
    next body of the same address to take the parts that stay from it)."""
    if _cache_on():
        # Until midnight at most, as the page cache: the nightly re-render
        # gives open-ended series new versions, and so the feeds new ETags.
        entries = {
            _key(BODY_KEY, etag): body,
            _key(INDEX_KEY, etag): ("".join(versions), array("Q", bounds)),
        }
        if address is not None:
            entries[_key(LAST_KEY, address)] = etag
        page_cache().set_many(entries, cache_timeout())


def _previous_body(address):
    """The body last kept for ``address``: {version: slice of its part}
    and the body, or None."""
    if not _cache_on() or address is None:
        return None
    etag = page_cache().get(_key(LAST_KEY, address))
    if etag is None:
        return None
    body_key, index_key = _key(BODY_KEY, etag), _key(INDEX_KEY, etag)
    kept = page_cache().get_many([body_key, index_key])
    if len(kept) < 2:
        return None
    joined, bounds = kept[index_key]
    size = len(joined) // max(1, len(bounds) - 1)  # each version as long
    where = {
        joined[i * size : (i + 1) * size]: slice(bounds[i], bounds[i + 1])
        for i in range(len(bounds) - 1)
    }
    return where, memoryview(kept[body_key])


def _joined(header, pieces, kept=b""):
    """The header, ``pieces`` and the END, with the bounds of the pieces
    (where the first starts, and where each ends). A piece is bytes, or a
    slice of ``kept`` (a previous body): neighbouring slices are copied as
    one."""
    bounds, runs = [len(header)], []
    for piece in pieces:
        if isinstance(piece, slice):
            bounds.append(bounds[-1] + piece.stop - piece.start)
            if runs and isinstance(runs[-1], slice) and runs[-1].stop == piece.start:
                runs[-1] = slice(runs[-1].start, piece.stop)
            else:
                runs.append(piece)
        else:
            bounds.append(bounds[-1] + len(piece))
            runs.append(piece)
    copied = [kept[run] if isinstance(run, slice) else run for run in runs]
    return b"".join([header, *copied, CALENDAR_END]), bounds


@dataclass
class FeedParts:
    """A feed of stored parts: its header and the parts of the events it
    selects, in its order; its ETag from one row while no part changed,
    else from their versions (one query); their bytes only for an ETag not
    served before, and then only those its address's last body lacks."""

    events: object  # the feed's queryset of event pages, in its order
    header: bytes  # cleaned, up to the events (events.ical.feed_header)
    versions: list | None  # of the parts, in the feed's order (None: not read)
    etag: str  # feed_etag of the header and the versions
    address: str | None = None  # _address_key of the feed, if it has one

    @classmethod
    def of(cls, events, header, *, address=None, changed_at=None):
        """The parts of ``events`` (a queryset of live event pages in the
        feed's order, by path). With an ``address`` (the request's path and
        query) and ``changed_at`` (the feeds' Last-Modified): the ETag that
        address gave under the same generation of parts, if the page cache
        keeps it; else ``versions``."""
        events = events.prefetch_related(None)
        if address is None or not _cache_on():
            versions = cls.versions_of(events)
            return cls(events, header, versions, feed_etag(header, versions))
        address = _address_key(header, address)
        generation = apps.get_model("events", "FeedPartsGeneration").current()
        # As long as a page-cache entry, which bounds what no signal reports
        # (an event's expiry before publish_scheduled unpublishes it).
        key = _key(ETAG_KEY, address, generation, changed_at.timestamp() if changed_at else "")
        etag = page_cache().get(key)
        if etag is not None:
            return cls(events, header, None, etag, address)
        parts = cls(events, header, cls.versions_of(events), "", address)
        parts.etag = feed_etag(header, parts.versions)
        page_cache().set(key, parts.etag, cache_timeout())
        return parts

    @staticmethod
    def versions_of(events):
        """One query of one narrow column: each event's part's version
        where the part is fresh (``StoredFeedPart.fresh_version``). A
        missing or stale part is rendered and stored first (only after a
        failed re-render or before the first store)."""
        rows = list(events.values_list("pk", stored_parts().model.fresh_version()))
        stale = [pk for pk, version in rows if version is None]
        if stale:
            stored = store_parts(list(events_to_render().filter(pk__in=stale)))
            rendered = {pk: part.version for pk, part in stored.items()}
            # An event unpublished since the query has no part: left out.
            rows = [(pk, version or rendered.get(pk)) for pk, version in rows]
        return [version for _, version in rows if version is not None]

    def body(self):
        """The whole VCALENDAR: the header, the parts (cleaned when stored),
        the END. Served before under this ETag: from the page cache. Else
        the parts its address's last body holds are taken from it, the
        others read in one query (all of them: one join); if a part changed
        since ``of`` read the versions (a publish under way), the versions
        become those read with the bytes, and so the ETag."""
        body = _cached_body(self.etag)
        if body is None:
            if self.versions is None:  # known, but gone from the cache
                body, bounds = self._assemble_anew()
            else:
                body, bounds = self._assemble()
            _keep_body(self.etag, body, self.versions, bounds, self.address)
        return body

    def _assemble(self):
        """The parts the address's last body holds from it, the others read
        in one query; most of them new: ``_assemble_all``."""
        previous = _previous_body(self.address)
        if previous is None:
            return self._assemble_all()
        where, kept = previous
        new = [version for version in self.versions if version not in where]
        if len(new) * 2 > len(self.versions):
            return self._assemble_all()
        read = dict(
            stored_parts().filter(version__in=new).values_list("version", "body") if new else ()
        )
        if len(read) < len(set(new)):  # changed or gone since ``of``
            return self._assemble_anew()
        pieces = [read[version] if version in read else where[version] for version in self.versions]
        return _joined(self.header, pieces, kept)

    def _assemble_all(self):
        """The header and the stored bytes of the fresh parts of the feed's
        events, in its order, in one query from the parts' side (no
        DISTINCT over the bytes). Should they not be the parts ``of`` read
        (one changed or went meanwhile), ``_assemble_anew``."""
        rows = list(
            stored_parts()
            .filter(stored_parts().model.is_fresh(), event__in=self.events.values("pk"))
            .order_by("event__path")
            .values_list("version", "body")
        )
        if [version for version, _ in rows] != self.versions:
            return self._assemble_anew()
        return _joined(self.header, [body for _, body in rows])

    def _assemble_anew(self):
        """The feed as its events' rows say now, rendering the parts that
        are missing; its versions and ETag become those of these bytes."""
        rows = list(
            self.events.values_list("pk", stored_parts().model.fresh_version(), "feed_part__body")
        )
        gone = [pk for pk, version, _ in rows if version is None]
        if gone:  # dropped since the versions were read (a publish under way)
            rendered = render_parts(list(events_to_render().filter(pk__in=gone)))
            rendered = {pk: (pk, version_of(body), body) for pk, body in rendered.items()}
            # An event unpublished meanwhile renders nothing: left out.
            rows = [rendered.get(row[0]) if row[1] is None else row for row in rows]
            rows = [row for row in rows if row is not None]
        self.versions = [version for _, version, _ in rows]
        self.etag = feed_etag(self.header, self.versions)
        return _joined(self.header, [body for _, _, body in rows])
