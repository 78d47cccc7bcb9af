"""How a feed's events are read (``events.feed_assembly``): whole (every
event's row in one query, every part's bytes in one more), or as a patch of
the manifest of an address's last body (only the events that changed since
read again, their parts spliced into the last body). Either way the bytes
are those of a whole read, and the ETag names them."""

import bisect
import datetime as dt
import hashlib
from array import array
from dataclasses import dataclass

from .feed_parts import events_to_render, store_parts, stored_parts
from .ical import CALENDAR_END

# A version is a sha256 in hex (events.feed_parts.version_of).
VERSION_LENGTH = 64


def feed_etag(header, versions):
    """A strong ETag of a feed: its header and its parts' versions joined,
    in its order (each version names its event: the UID is in the bytes)."""
    digest = hashlib.sha256(header)
    digest.update(versions.encode())
    return digest.hexdigest()[:32]


@dataclass
class Row:
    """An event of a feed: its pk and path (the feed's order), its part's
    version, its expiry, and the part's bytes where they were read."""

    pk: int
    path: str
    version: str
    expire_at: dt.datetime | None
    body: bytes | None = None


def row_fields():
    """What a Row reads of an event page but the body."""
    return ["pk", "path", stored_parts().model.fresh_version(), "expire_at"]


def read_rows(events, *, bodies):
    """The rows of ``events`` in their order (by path), in one query."""
    return fresh_rows(events.values_list(*row_fields(), *(["feed_part__body"] * bodies)))


def fresh_rows(values):
    """``values`` (pk, path, version where fresh, expiry[, body]) as Rows;
    a missing or stale part is rendered and stored first (only after a
    failed re-render or before the first store), an event unpublished
    meanwhile left out."""
    rows = [Row(*row) for row in values]
    stale = [row.pk for row in rows if row.version is None]
    if stale:
        stored = store_parts(list(events_to_render().filter(pk__in=stale)))
        for row in rows:
            if row.version is None and row.pk in stored:
                row.version, row.body = stored[row.pk].version, stored[row.pk].body
        rows = [row for row in rows if row.version is not None]
    return rows


def rows_among(events, ids):
    return events.filter(pk__in=ids).values_list(*row_fields())


def _first_expiry(rows, since=None):
    expiries = [row.expire_at for row in rows if row.expire_at is not None]
    if since is not None:
        expiries.append(since)
    return min(expiries, default=None)


@dataclass
class Manifest:
    """What an address served: its events in the feed's order with their
    paths, versions (joined) and the lengths of their parts in the body;
    read at ``generation`` under the view restrictions ``sections``, and
    true until ``expires`` (the first expiry among its events; None: none)."""

    generation: tuple  # FeedPartsGeneration.current(), read before the events
    sections: tuple
    expires: dt.datetime | None
    etag: str
    pks: array
    paths: list
    versions: str
    lengths: array

    def holds_at(self, sections, now):
        return self.sections == sections and (self.expires is None or now < self.expires)

    def position(self, pk):
        try:
            return self.pks.index(pk)
        except ValueError:
            return None


class WholeRead:
    """Every event's row (one query); the bytes of every part in one more.
    Should they no longer be the versions read first (a publish under way),
    the rows and bytes are read together, and the ETag becomes theirs."""

    def __init__(self, events, header):
        self.events, self.header = events, header
        self.rows = read_rows(events, bodies=False)
        self.etag = feed_etag(header, "".join(row.version for row in self.rows))
        self.expires = _first_expiry(self.rows)

    def assemble(self):
        read = list(
            stored_parts()
            .filter(stored_parts().model.is_fresh(), event__in=self.events.values("pk"))
            .order_by("event__path")
            .values_list("version", "body")
        )
        if [version for version, _ in read] != [row.version for row in self.rows]:
            self.rows = read_rows(self.events, bodies=True)
            self.expires = _first_expiry(self.rows)
            read = [(row.version, row.body) for row in self.rows]
        versions = "".join(version for version, _ in read)
        self.etag = feed_etag(self.header, versions)
        bodies = [body for _, body in read]
        listing = (
            array("q", [row.pk for row in self.rows]),
            [row.path for row in self.rows],
            versions,
            array("Q", map(len, bodies)),
        )
        return b"".join([self.header, *bodies, CALENDAR_END]), self.expires, listing


class Patch:
    """``manifest`` brought up to date: the events ``changed`` read again
    (one query of their rows), each one taken out where it was and put in
    again where its path says, if it is still in the feed. The body is the
    manifest's last body with the new parts spliced in (their bytes in one
    more query)."""

    def __init__(self, manifest, rows_of, header, changed):
        self.manifest, self.header = manifest, header
        self.rows = fresh_rows(rows_of(changed)) if changed else []
        self.expires = _first_expiry(self.rows, since=manifest.expires)
        edits = [(i, 1, None) for pk in changed if (i := manifest.position(pk)) is not None]
        edits += [(bisect.bisect_left(manifest.paths, row.path), 0, row) for row in self.rows]
        # At one position, new rows (by path) before the old one goes.
        edits.sort(key=lambda edit: (edit[0], edit[1], edit[2].path if edit[2] else ""))
        self.edits = edits
        self.etag = feed_etag(header, self._versions())

    def _versions(self):
        """The new versions joined: the old ones between the edits."""
        old, at, joined = self.manifest.versions, 0, []
        for position, removal, row in self.edits:
            joined.append(old[at * VERSION_LENGTH : position * VERSION_LENGTH])
            at = position + removal
            if not removal:
                joined.append(row.version)
        joined.append(old[at * VERSION_LENGTH :])
        return "".join(joined)

    def assemble(self, last):
        """The new body, its expiry and listing, from ``last`` (the
        manifest's body); None if that is gone (None) or a new part changed
        again meanwhile."""
        missing = [row.version for row in self.rows if row.body is None]
        if missing:
            read = dict(stored_parts().filter(version__in=missing).values_list("version", "body"))
            for row in self.rows:
                row.body = read.get(row.version, row.body)
        if last is None or any(row.body is None for row in self.rows):
            return None
        old = self.manifest
        last = memoryview(last)[len(self.header) :]
        pks, paths, versions, lengths = array("q"), [], [], array("Q")
        pieces = [self.header]
        at = offset = 0  # in the old listing; in the old body's parts

        def keep_until(stop):
            nonlocal at, offset
            if stop > at:
                size = sum(old.lengths[at:stop])
                pks.extend(old.pks[at:stop])
                paths.extend(old.paths[at:stop])
                versions.append(old.versions[at * VERSION_LENGTH : stop * VERSION_LENGTH])
                lengths.extend(old.lengths[at:stop])
                pieces.append(last[offset : offset + size])
                at, offset = stop, offset + size

        for position, removal, row in self.edits:
            keep_until(position)
            if removal:
                offset += old.lengths[at]
                at += 1
            else:
                pks.append(row.pk)
                paths.append(row.path)
                versions.append(row.version)
                lengths.append(len(row.body))
                pieces.append(row.body)
        keep_until(len(old.pks))
        pieces.append(CALENDAR_END)
        return b"".join(pieces), self.expires, (pks, paths, "".join(versions), lengths)
