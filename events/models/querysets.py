"""What the listings, feeds and stored rows ask of the event pages: the live
events of a language with the calendar's filters, what listings and feeds
load of them, and the window of their stored rows."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from .compiled import run
from .date_changes import EventDateChange
from .feed_parts import StoredFeedPart
from .past_schedules import EventPastSchedule
from .stored import StoredOccurrence, StoredOccurrenceHorizon

# What listings and feeds read of the events of their stored rows: the
# lines' title, address and place, the RSS items' introduction, date and
# translation. A whole row of an event page cost ~180 µs at 1,000 events
# (the month view loads ~100); a field not named here is read with one
# query per event, which the query-count tests catch
# (tests/events/test_month_sql.py).
LISTED_FIELDS = (
    # django-recurrence's field descriptor reads the instance's __dict__ and
    # cannot load a deferred value (KeyError): callers that ask whether a
    # listed date's event repeats need it loaded.
    "recurrence",
    "title",
    "url_path",
    "locale",
    "location",
    "introduction",
    "last_published_at",
    "translation_key",
)


class EventPageQuerySet(PageQuerySet):
    def live_in(
        self,
        locale,
        *,
        agency=None,
        focus_area=None,
        project=None,
        event_language=None,
        at=None,
        private=None,
    ):
        """Live, public events of a locale that match the calendar's
        filters (the keywords of ``events.filters.CalendarFilter.field``),
        as a bare queryset: what listings load and the stored rows check.
        ``at``: as of that moment rather than now; ``private``: what
        ``private_q()`` gives, if already read (``live_check``). Wagtail's
        own ``public()`` would compile a query of the restrictions and load
        them as pages on every call."""
        events = (
            self.live()
            # Wagtail's public(), with the restrictions read once.
            .exclude(private_q(restricted_sections(self.db)) if private is None else private)
            .filter(locale=locale)
            # Past its expiry date but not yet unpublished by publish_scheduled.
            .exclude(expire_at__lte=at or timezone.now())
        )
        if agency is not None:
            events = events.filter(agency__translation_key=agency.translation_key)
        if focus_area is not None:
            events = events.filter(
                focus_area_links__focus_area__translation_key=focus_area.translation_key
            )
        if project is not None:
            events = events.filter(project__translation_key=project.translation_key)
        if event_language is not None:
            events = events.filter(event_language__in=[event_language, "de-ru"])
        return events

    def live_check(self, locale, *, sections=None, **filters):
        """``live_in(locale, **filters)`` for queries compiled once
        (``events.models.compiled``): ``(key, events)``, the key what shapes
        their SQL (the database, the language, the filters and the view
        restrictions) and ``events(at)`` those events as of the moment
        ``at`` (a stand-in when compiled). ``sections``: what
        ``restricted_sections`` gives, if already read."""
        if sections is None:
            sections = restricted_sections(self.db)
        private = private_q(sections)
        key = (
            self.db,
            locale.pk,
            sections,
            # The filters as live_in reads them: a page by its translation key.
            *((name, getattr(value, "translation_key", value)) for name, value in filters.items()),
        )
        return key, lambda at: self.live_in(locale, at=at, private=private, **filters)

    def feed_rows(self, locale, ids, **filters):
        """What a feed reads of the events among ``ids`` that are in
        ``live_in(locale, **filters)`` (``events.feed_reads.row_fields``:
        pk, path, the version of its part where fresh, expiry), in the
        feeds' order, by a query compiled once per number of IDs (rounded
        up to a power of two): after a publish a feed reads only the events
        it names, and compiling that query cost more than running it."""
        ids = sorted(ids)
        size = 1 << (len(ids) - 1).bit_length()
        key, events = self.live_check(locale, **filters)
        return run(
            ("feed rows", key, size),
            lambda at, ids: (
                events(at)
                .filter(pk__in=ids)
                .order_by("path")
                .values_list("pk", "path", StoredFeedPart.fresh_version(), "expire_at")
                # The focus-area filter joins one row per linked focus area.
                .distinct()
            ),
            at=timezone.now(),
            ids=ids + ids[-1:] * (size - len(ids)),
        )

    def view_restrictions(self):
        """The view restrictions that decide which pages are public
        (``restricted_sections``): what a feed's manifest was read under
        (events.feed_assembly)."""
        return restricted_sections(self.db)

    def for_listings(self):
        """With everything the listings show, in a fixed number of queries."""
        return (
            # Listings and feeds never show the body.
            self.defer_streamfields()
            .select_related("location", "agency", "project", "locale")
            .prefetch_related(
                Prefetch(
                    "date_changes",
                    queryset=EventDateChange.objects.select_related("new_location"),
                ),
                # The engine reads each date's schedule and place from them.
                Prefetch(
                    "past_schedules",
                    queryset=EventPastSchedule.objects.select_related("location"),
                ),
            )
            # The focus-area filter joins one row per linked focus area.
            .distinct()
        )

    def for_feed(self):
        """With what the iCalendar feeds show besides the listings."""
        return self.select_related("location", "agency", "contact_person").prefetch_related(
            "focus_area_links__focus_area"
        )

    def touching(self, first, last):
        """Those that may have a date from day ``first`` to day ``last``.
        Single events outside the window are left out in SQL; recurring ones
        are expanded (cheaply, within the window) by the engine."""
        return self.filter(
            Q(start_date__lte=last)
            & (Q(end_date__gte=first) | Q(start_date__gte=first) | Q(recurrence__gt=""))
        )

    def stored_occurrences(self, first, last, *, offset=0, limit=None, newest_first=False):
        """The occurrences of these events from day ``first`` to day ``last``
        from the stored rows, sorted and sliced in SQL (a fixed number of
        queries, whatever the number of events); None where the rows do not
        reach ``last``."""
        until = StoredOccurrenceHorizon.complete_until()
        if until is None or last > until:
            return None
        rows = StoredOccurrence.objects.window(
            first, last, events=self, offset=offset, limit=limit, newest_first=newest_first
        )
        if not rows:
            return []
        return self._as_occurrences(rows, self._events_of(rows))

    def stored_lines(
        self, first, last, *, locale, filters, offset=0, limit=None, newest_first=False
    ):
        """What ``live_in(locale, **filters).stored_occurrences()`` gives,
        each occurrence's event a ``ListedEvent`` (the stored title and the
        page's address) and its place a ``ListedPlace`` (its name), for the
        calendar's lines, which show no more of them; by queries compiled
        once. None where the rows do not reach ``last``."""
        until = StoredOccurrenceHorizon.complete_until()
        if until is None or last > until:
            return None
        return StoredOccurrence.objects.lines(
            first,
            last,
            live=self.live_check(locale, **filters),
            offset=offset,
            limit=limit,
            newest_first=newest_first,
        )

    def stored_days(self, first, last, *, locale, filters, per_day):
        """The month view's days ``first`` to ``last`` of the live events of
        ``locale`` with ``filters``, from the stored rows: ``{day: (the
        occurrences its cell shows, how many it has)}`` (``day_by_day``), a
        multi-day date on every day it covers, each occurrence's event a
        ``ListedEvent``
        (title and address, no page loaded); a fixed number of queries
        whatever the number of events, each compiled once. None where the
        rows do not reach ``last``."""
        until = StoredOccurrenceHorizon.complete_until()
        if until is None or last > until:
            return None
        sections = restricted_sections(self.db)
        return StoredOccurrence.objects.day_by_day(
            first,
            last,
            live=self.live_check(locale, sections=sections, **filters),
            per_day=per_day,
            # A filtered month counts the dates of the events it selects.
            counted=None if filters else self._stored_rows_check(locale, sections),
        )

    def _stored_rows_check(self, locale, sections):
        """The stored rows of ``live_in(locale)`` (no filters) as ``(key,
        rows)`` for a query compiled once (as ``live_check``): ``rows(at)``
        the rows of the language not expired at ``at``, read from the rows
        alone (their language and expiry are stored with them, and a row is
        stored only while its event is live), less the events of restricted
        sections, read by their pages' place in the tree. Each month's day
        is then counted along an index, not through the list of every live
        event, which grew with the calendar."""
        using = self.db

        # Built only when a query is compiled, as live_check's events.
        def rows(at):
            rows = StoredOccurrence.objects.using(using).filter(
                Q(expire_at=None) | Q(expire_at__gt=at), locale=locale
            )
            if sections:
                private = Page.objects.using(using).filter(private_q(sections)).values("pk")
                rows = rows.exclude(event__in=private)
            return rows

        return (using, locale.pk, sections, "stored rows"), rows

    def _events_of(self, rows):
        """The live events of the stored ``rows`` by their pk, in one query."""
        # The rows' events were live a moment ago; what listings and feeds show
        # of them, without for_listings()' joins, which cost more than the rows.
        events = (
            self.model.objects.live()
            .filter(pk__in={row.event_id for row in rows})
            .select_related("location", "locale")
            .only(*LISTED_FIELDS)
        )
        return {event.pk: event for event in events}

    @staticmethod
    def _as_occurrences(rows, events):
        return [
            row.as_occurrence(events[row.event_id])
            for row in rows
            # An event unpublished between the queries.
            if row.event_id in events
        ]


def private_q(sections):
    """What Wagtail's ``PageQuerySet.private_q()`` makes of the restricted
    ``sections`` (``restricted_sections``): each restricted page with all
    below it; no restriction excludes no page."""
    private = Q()
    for path, depth in sections:
        private |= Q(path__startswith=path) & Q(depth__gte=depth)
    return private or Q(pk__in=[])


def restricted_sections(using):
    """The paths and depths of the pages with a view restriction (each the
    top of a private section), in the order of the tree, by a query
    compiled once: what Wagtail's ``private_q()`` reads, with each
    restriction's whole page."""
    # Sorted here: ordered by the page's path in SQL, SQLite read every page
    # along the path index to find the few restricted ones (~0.2 ms of each
    # calendar view at 5,000 events, ~0.05 ms at 1,000).
    return tuple(
        sorted(
            run(
                ("view restrictions", using),
                lambda: (
                    PageViewRestriction.objects.using(using)
                    .order_by()
                    .values_list("page__path", "page__depth")
                ),
            )
        )
    )
