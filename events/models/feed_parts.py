"""Stored feed parts: the serialized VEVENTs of each live event as the
iCalendar feeds write them, so that a feed is its header, its time zone and
the concatenation of the parts of the events it selects (written and read
by ``events.feed_parts``)."""

import datetime as dt
import uuid

from django.db import models
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, When
from django.utils import timezone

# The one row of FeedPartsGeneration.
GENERATION_ROW = 1

# The fields of a part that tell what it was rendered from, with the event
# page's fields they must match (StoredFeedPart.is_fresh_for).
FRESHNESS_FIELDS = {
    "published_at": "last_published_at",
    "revision_id": "live_revision_id",
    "url_path": "url_path",
}


class StoredFeedPart(models.Model):
    """The VEVENT bytes of one event page (so of one locale: a Russian
    twin is a page of its own) as ``events.vevents.event_components``
    writes them, with absolute URLs of the page's Site, never of a request.

    A part is used only while it was rendered from what the page row says
    now: its last publish (``published_at``, ``revision_id``, which the
    VEVENT's DTSTAMP and SEQUENCE show) and its place in the tree
    (``url_path``, which a move or a renamed parent changes without a
    publish of the event). Anything else a part shows (a place, a contact,
    an agency's or focus area's title) re-renders it when it changes.
    """

    event = models.OneToOneField(
        "events.EventPage", on_delete=models.CASCADE, related_name="feed_part", primary_key=True
    )
    # Cleaned of control characters (events.ical.clean_ical) when stored: a
    # feed is served as the join of its header and its parts.
    body = models.BinaryField()
    # A hash of the body: the feeds' ETags are made of the versions, so a
    # conditional GET is answered without reading any body. Indexed: a feed
    # whose previous body is kept reads only the bytes of the versions new
    # to it (events.feed_parts.FeedParts).
    version = models.CharField(max_length=64, db_index=True)
    published_at = models.DateTimeField(null=True)
    revision_id = models.IntegerField(null=True)
    url_path = models.TextField()
    # The day whose horizon (two years ahead) the part was rendered for.
    rendered_on = models.DateField()
    rendered_at = models.DateTimeField()

    def __str__(self):
        return f"{self.event_id} {self.version[:8]}"

    @staticmethod
    def freshness():
        """``is_fresh_for`` in SQL, to annotate a query of event pages:
        whether the event's part shows the event as its row is now (False,
        or NULL, where it has none). Where both are NULL the fields match,
        as in Python."""
        fresh = Q(feed_part__version__isnull=False)
        for field, event_field in FRESHNESS_FIELDS.items():
            part_field = f"feed_part__{field}"
            fresh &= Q(**{part_field: F(event_field)}) | Q(
                **{f"{part_field}__isnull": True, f"{event_field}__isnull": True}
            )
        return ExpressionWrapper(fresh, output_field=BooleanField())

    @staticmethod
    def is_fresh():
        """``freshness`` from the part's side, to filter parts."""
        fresh = Q()
        for field, event_field in FRESHNESS_FIELDS.items():
            fresh &= Q(**{field: F(f"event__{event_field}")}) | Q(
                **{f"{field}__isnull": True, f"event__{event_field}__isnull": True}
            )
        return fresh

    @classmethod
    def fresh_version(cls):
        """The version of the event's part where it is fresh (``freshness``),
        else NULL: one column per event for a feed's ETag."""
        return Case(When(cls.freshness(), then=F("feed_part__version")), default=None)

    def is_fresh_for(self, published_at, revision_id, url_path):
        """Whether the part shows the event as its row is now."""
        return (self.published_at, self.revision_id, self.url_path) == (
            published_at,
            revision_id,
            url_path,
        )


class FeedPartsGeneration(models.Model):
    """One row whose number is raised in the transaction of every write of
    stored parts (``events.feed_parts.parts_changed``), with a
    ``FeedPartsChange`` naming the events written: while the number stays,
    a feed's address gives the ETag it gave before, so a page-cache miss of
    a feed reads one row, not a version per event; after a change, the
    address's last answer is brought up to date by reading only the events
    the changes name (``events.feed_assembly``; issue 19: the cost of a
    request follows what changed, not what exists)."""

    number = models.BigIntegerField(default=0)
    # New with every number: a number seen again (a database restored from
    # a backup, a test rolled back) is never taken for the one seen before.
    token = models.CharField(max_length=32, default="")

    def __str__(self):
        return str(self.number)

    @classmethod
    def current(cls):
        """The generation now: (number, token); (0, "") before the first write."""
        row = cls.objects.filter(pk=GENERATION_ROW).values_list("number", "token")
        return tuple(next(iter(row), (0, "")))

    @classmethod
    def bump(cls, event_ids=None):
        """Raise the number and log which events' parts were written (None:
        any), in the caller's transaction. On PostgreSQL the update holds
        the row's lock until the commit, so numbers are committed in their
        order and a reader that sees number N sees every change up to N."""
        token = uuid.uuid4().hex
        raised = cls.objects.filter(pk=GENERATION_ROW).update(number=F("number") + 1, token=token)
        if not raised:
            cls.objects.get_or_create(pk=GENERATION_ROW)
            cls.objects.filter(pk=GENERATION_ROW).update(number=F("number") + 1, token=token)
        number, _token = cls.current()  # our own update, under our lock
        ids = sorted(set(event_ids)) if event_ids is not None else None
        FeedPartsChange.objects.create(
            generation=number,
            token=token,
            # A change of very many parts (a Site's new host) is read as a
            # change of all of them: a feed is then read whole anyway.
            event_ids=ids if ids is not None and len(ids) <= FeedPartsChange.MAX_EVENTS else None,
        )
        return number, token


class FeedPartsChange(models.Model):
    """Which events' parts one generation of FeedPartsGeneration wrote
    (``event_ids`` None: any). Kept two days (``prune``): an address's last
    answer lives until midnight at most."""

    # Beyond this many events a change is logged as "any".
    MAX_EVENTS = 500
    KEPT_FOR = dt.timedelta(days=2)

    generation = models.BigIntegerField(unique=True)
    token = models.CharField(max_length=32)
    event_ids = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.generation}: {self.event_ids}"

    @classmethod
    def between(cls, after, until):
        """The event IDs that the generations after ``after`` up to
        ``until`` (each ``(number, token)``) wrote; None if the log cannot
        say (pruned, another history, or a change of any event among them)."""
        (first, first_token), (last, last_token) = after, until
        if last < first:
            return None
        rows = list(
            cls.objects.filter(generation__gte=first, generation__lte=last).values_list(
                "generation", "token", "event_ids"
            )
        )
        tokens = {generation: token for generation, token, _ in rows}
        if tokens.get(first, "") != first_token or tokens.get(last, "") != last_token:
            return None
        changed = [ids for generation, _, ids in rows if generation > first]
        if len(changed) != last - first or any(ids is None for ids in changed):
            return None
        return set().union(*changed)

    @classmethod
    def prune(cls):
        cls.objects.filter(created_at__lt=timezone.now() - cls.KEPT_FOR).delete()
