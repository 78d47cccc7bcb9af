import calendar
import datetime as dt
import functools
import itertools
from collections.abc import Callable
from http import HTTPMethod
from typing import NamedTuple
from urllib.parse import urlencode

from recurrence.fields import RecurrenceField

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from site_core.i18n import localize
from site_core.models import BasePage, BodyMixin

from .admin_forms import EventPageForm
from .choices import EventLanguage
from .forms import (
    CalendarFilterForm,
    parse_day,
    parse_month,
    parse_page_number,
    translate_filters,
)
from .ical import (
    FEED_DESCRIPTION,
    FEED_FILENAME,
    build_calendar,
    calendar_response,
    feed_last_modified,
)
from .occurrences import (
    FIRST_YEAR,
    LAST_YEAR,
    TZ,
    Occurrence,
    Status,
    feed_events,
    in_calendar_years,
    live_events,
    occurrences_between,
    occurrences_from,
    occurrences_of,
    occurrences_until,
    out_of_calendar_years,
    validate_schedule,
)
from .page_cache import CalendarCacheMixin, EventCacheMixin
from .structured_data import event_structured_data
from .subscriptions import Subscription
from .sync import RELATED_FIELDS, SCHEDULE_FIELDS
from .sync_models import PendingDateSync  # noqa: F401 - a model of this app, in its own module
from .syndication import ChangesFeed, UpcomingFeed
from .widgets import RecurrenceWidget


class CalendarFeedMixin:
    """A page with an iCalendar feed at ``<page URL>feed.ics``.

    Calendar pages and feeds take no form posts: any method but GET, HEAD
    and OPTIONS is a 405, not the page.
    """

    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    def feed_url(self, request=None):
        return f"{self.get_url(request)}{FEED_FILENAME}"

    def full_feed_url(self, request=None):
        return f"{self.get_full_url(request)}{FEED_FILENAME}"


class DatesPage(NamedTuple):
    """One page of the calendar list or archive (``EventIndexPage._dates_page``)."""

    number: int
    occurrences: list
    has_more: bool
    link: Callable

    @property
    def is_gone(self):
        """A page the dates have left since it was linked: each day moves
        the pages on."""
        return self.number > 1 and not self.occurrences


class EventIndexPage(CalendarCacheMixin, CalendarFeedMixin, RoutablePageMixin, BasePage):
    """The calendar: the upcoming list, a month view and the archive, all
    from the occurrence engine, with filters as plain GET parameters."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    # Dates per page of the list, and how far ahead it reaches.
    LIST_SIZE = 20
    LIST_DAYS_AHEAD = 366
    # How far back one run of archive pages reaches.
    ARCHIVE_DAYS_BACK = 366
    # The step back from the first list page (forward in the archive).
    LIST_DAYS = 30

    # The query parameters each route reads (BasePage.get_cache_query_parameters):
    # the filters, and the list's, month's and archive's own.
    FILTERS = tuple(CalendarFilterForm.base_fields)
    ROUTE_QUERY_PARAMETERS = {
        "upcoming": (*FILTERS, "ab", "seite"),
        "month": (*FILTERS, "monat"),
        "archive": (*FILTERS, "bis", "seite"),
        "feed": FILTERS,
        "rss": (),
        "changes_rss": (),
    }

    class Meta:
        verbose_name = _("Veranstaltungskalender")
        verbose_name_plural = _("Veranstaltungskalender")

    def get_cache_query_parameters(self, request):
        # Set by RoutablePageMixin.route for the route this page serves.
        match = getattr(request, "routable_resolver_match", None)
        return self.ROUTE_QUERY_PARAMETERS.get(match.url_name, ()) if match else ()

    def _filters(self, request):
        form = CalendarFilterForm(request.GET, locale=self.locale)
        return form, form.filters()

    def translate_query(self, query, locale):
        """For the language switcher (site_core.language_switch): the
        filters of ``query`` for this calendar's translation in ``locale``."""
        return translate_filters(query, self.locale, locale)

    def _feed_name(self, form):
        return " – ".join([self.title, *(str(label) for label in form.filter_labels())])

    def _subscription(self, request, form):
        """Subscribe to what the visitor is looking at: the current filters."""
        query = form.query_string()
        url = self.full_feed_url(request) + (f"?{query}" if query else "")
        return Subscription(url=url, name=self._feed_name(form))

    def _dates_page(self, request, form, fetch, *, param):
        """The page ``?seite=`` of LIST_SIZE dates, for the list and the
        archive: ``fetch(offset, limit)`` reads the dates; ``page.link(day,
        number)`` links to a page of the dates from ``?<param>=day``, keeping
        the filters. A page past the last is ``is_gone``."""
        number = parse_page_number(request.GET.get("seite"))
        if number is None:
            raise Http404("Ungültige Seite")
        occurrences = fetch(offset=(number - 1) * self.LIST_SIZE, limit=self.LIST_SIZE + 1)

        def link(day, number=1):
            query = {param: day.isoformat(), **({"seite": number} if number > 1 else {})}
            filters = form.query_string()
            return "?" + urlencode(query) + (f"&{filters}" if filters else "")

        return DatesPage(
            number=number,
            occurrences=occurrences[: self.LIST_SIZE],
            has_more=len(occurrences) > self.LIST_SIZE,
            link=link,
        )

    def _render_view(self, request, form, view, template=None, **context):
        """A calendar view with what all of them show: the filters, the
        subscription to what they filter, and which view is current."""
        response = self.render(
            request,
            template=template,
            context_overrides={
                "view": view,
                "subscription": self._subscription(request, form),
                "form": form,
                **context,
            },
        )
        if form.errors:
            # An unknown filter is ignored and reported; one cache entry for
            # each made-up value would let anyone fill the page cache.
            add_never_cache_headers(response)
        return response

    def _gone(self, request, form, view):
        """A page of dates that the dates have left (a bookmark, an old link):
        a 404 that says so and leads to the first page, filters kept."""
        response = self._render_view(request, form, view, "events/event_index_gone.html")
        response.status_code = 404
        return response

    @path("")
    def upcoming(self, request):
        """The next dates, LIST_SIZE at a time (``?seite=``), from today or
        from the day ``?ab=``, up to a year ahead."""
        form, filters = self._filters(request)
        today = timezone.localdate()
        first = today
        if "ab" in request.GET:
            first = parse_day(request.GET["ab"])
            if first is None:
                raise Http404("Ungültiges Datum")
        # A year ahead, but not beyond the last day the calendar shows.
        last = min(first + dt.timedelta(days=self.LIST_DAYS_AHEAD), dt.date(LAST_YEAR, 12, 31))
        page = self._dates_page(
            request,
            form,
            functools.partial(
                occurrences_from, first, locale=self.locale, days=(last - first).days, **filters
            ),
            param="ab",
        )
        if page.is_gone:
            return self._gone(request, form, "list")
        if page.has_more:
            last = page.occurrences[-1].start_date
        earlier = None
        if page.number > 1:
            earlier = page.link(first, page.number - 1)
        elif first > today:
            earlier = page.link(max(today, first - dt.timedelta(days=self.LIST_DAYS)))
        return self._render_view(
            request,
            form,
            "list",
            days=group_by_day(page.occurrences),
            first=page.occurrences[0].start_date if page.number > 1 else first,
            last=last,
            earlier_url=earlier,
            later_url=page.link(first, page.number + 1) if page.has_more else None,
        )

    @path("monat/")
    def month(self, request):
        form, filters = self._filters(request)
        today = timezone.localdate()
        first = today.replace(day=1)
        if "monat" in request.GET:
            first = parse_month(request.GET["monat"])
            if first is None:
                raise Http404("Ungültiger Monat")
        weeks = calendar.Calendar().monthdatescalendar(first.year, first.month)
        occurrences = occurrences_between(weeks[0][0], weeks[-1][-1], locale=self.locale, **filters)
        by_day = {day["date"]: day["occurrences"] for day in group_by_day(occurrences)}
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return self._render_view(
            request,
            form,
            "month",
            "events/event_index_month.html",
            month=first,
            weeks=[
                [
                    {
                        "date": day,
                        "in_month": day.month == first.month,
                        "is_today": day == today,
                        "occurrences": by_day.get(day, []),
                    }
                    for day in week
                ]
                for week in weeks
            ],
            previous_month=(first - dt.timedelta(days=1)).replace(day=1),
            next_month=last + dt.timedelta(days=1),
        )

    @path(f"{FEED_FILENAME}/", name="feed")
    def feed(self, request):
        """The calendar as an iCalendar feed for subscriptions, with the same
        filters as the calendar pages; an unknown filter is a 404."""
        form = CalendarFilterForm(request.GET, locale=self.locale)
        if not form.is_valid():
            raise Http404("Unbekannter Filter")
        filters = form.filters()
        events = feed_events(live_events(locale=self.locale, **filters))
        cal = build_calendar(
            events,
            name=self._feed_name(form),
            description=self.introduction or gettext(FEED_DESCRIPTION),
            url=self.get_full_url(request),
            request=request,
            locale=self.locale,
        )
        return calendar_response(
            request, cal, filename=f"{self.slug}.ics", last_modified=feed_last_modified()
        )

    @path("rss/", name="rss")
    def rss(self, request):
        return UpcomingFeed(self)(request)

    @path("rss/aenderungen/", name="changes_rss")
    def changes_rss(self, request):
        return ChangesFeed(self)(request)

    @path("archiv/")
    def archive(self, request):
        """Past dates, newest first, LIST_SIZE at a time (``?seite=``), from
        yesterday or from the day ``?bis=`` back, a year at most; then on
        from the day before that year."""
        form, filters = self._filters(request)
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        last = yesterday
        if "bis" in request.GET:
            last = parse_day(request.GET["bis"])
            if last is None or last > yesterday:
                raise Http404("Ungültiges Datum")
        # A year back, but not before the first day the calendar shows.
        first = max(last - dt.timedelta(days=self.ARCHIVE_DAYS_BACK), dt.date(FIRST_YEAR, 1, 1))
        page = self._dates_page(
            request,
            form,
            functools.partial(
                occurrences_until, last, locale=self.locale, days=(last - first).days, **filters
            ),
            param="bis",
        )
        if page.is_gone:
            return self._gone(request, form, "archive")
        earlier = None
        if page.has_more:
            first = page.occurrences[-1].start_date
            earlier = page.link(last, page.number + 1)
        elif first > dt.date(FIRST_YEAR, 1, 1):
            earlier = page.link(first - dt.timedelta(days=1))
        later = None
        if page.number > 1:
            later = page.link(last, page.number - 1)
        elif last < yesterday:
            later = page.link(min(yesterday, last + dt.timedelta(days=self.LIST_DAYS)))
        return self._render_view(
            request,
            form,
            "archive",
            "events/event_index_archive.html",
            # Days newest first, each day's dates in the order of the day.
            days=group_by_day(page.occurrences[::-1])[::-1],
            first=first,
            last=page.occurrences[0].start_date if page.number > 1 else last,
            earlier_url=earlier,
            later_url=later,
        )


def group_by_day(occurrences):
    """Occurrences (sorted) as a list of days, each with its occurrences."""
    return [
        {"date": date, "occurrences": list(items)}
        for date, items in itertools.groupby(occurrences, key=lambda o: o.start_date)
    ]


class EventPage(EventCacheMixin, CalendarFeedMixin, RoutablePageMixin, BodyMixin, BasePage):
    """An event. Dates and times are Europe/Berlin wall-clock times, stored
    as date and time (not as UTC instants), so "every Tuesday 18:00" stays
    18:00 across daylight-saving changes."""

    start_date = models.DateField(_("Datum"), help_text=_("Erster (oder einziger) Tag."))
    start_time = models.TimeField(
        _("Beginn"), null=True, blank=True, help_text=_("Leer lassen für ganztägige Termine.")
    )
    end_date = models.DateField(
        _("Letzter Tag"),
        null=True,
        blank=True,
        help_text=_("Nur für mehrtägige Veranstaltungen, z. B. ein Wochenendseminar."),
    )
    end_time = models.TimeField(_("Ende"), null=True, blank=True)
    location = models.ForeignKey(
        "site_core.Location",
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        "home.AgencyPage",
        verbose_name=_("Integrationsagentur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name=_("Projekt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    recurrence = RecurrenceField(
        # Keyword only: django-recurrence's first positional argument is
        # include_dtstart, not the verbose name.
        verbose_name=_("Wiederholung"),
        blank=True,
        help_text=_(
            "Leer lassen für einen einzelnen Termin. Das Datum oben ist der erste Termin. "
            "Einen Tag ausnehmen: „Datum hinzufügen“, das Datum eintragen und „Dieses Datum "
            "ausschließen“ ankreuzen. Absagen mit Begründung tragen Sie unten unter "
            "„Einzelner Termin“ ein."
        ),
    )
    skip_public_holidays = models.BooleanField(
        _("An Feiertagen in NRW ausfallen lassen"), default=False
    )
    skip_jewish_holidays = models.BooleanField(
        _("An Schabbat und jüdischen Feiertagen ausfallen lassen"),
        default=False,
        help_text=_(
            "Jüdische Feiertage beginnen am Vorabend mit Sonnenuntergang: ein Abendtermin "
            "vor einem Feiertag fällt dann ebenfalls aus."
        ),
    )
    target_audience = models.CharField(
        _("Zielgruppe"), max_length=200, blank=True, help_text=_("Z. B. „Seniorinnen und Senioren“")
    )
    event_language = models.CharField(
        _("Sprache der Veranstaltung"),
        max_length=5,
        choices=EventLanguage.choices,
        default=EventLanguage.BOTH,
    )
    registration_required = models.BooleanField(_("Anmeldung erforderlich"), default=False)
    registration_info = models.TextField(
        _("Anmeldung"), blank=True, help_text=_("Wie und bis wann man sich anmeldet.")
    )
    cost = models.CharField(
        _("Kosten"), max_length=100, blank=True, help_text=_("Leer lassen, wenn kostenlos.")
    )
    contact_person = models.ForeignKey(
        "site_core.ContactPerson",
        verbose_name=_("Ansprechperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            ],
            heading=_("Wann"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recurrence", widget=RecurrenceWidget),
                FieldPanel("skip_public_holidays"),
                FieldPanel("skip_jewish_holidays"),
                InlinePanel(
                    "date_changes", label=_("Einzelner Termin: absagen, verschieben, Hinweis")
                ),
            ],
            heading=_("Wiederholung und Ausnahmen"),
        ),
        FieldPanel("location"),
        MultiFieldPanel(
            [
                FieldPanel("target_audience"),
                FieldPanel("event_language"),
                FieldPanel("registration_required"),
                FieldPanel("registration_info"),
                FieldPanel("cost"),
                FieldPanel("contact_person"),
            ],
            heading=_("Für wen"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("agency"),
                InlinePanel("focus_area_links", label=_("Schwerpunkt")),
                FieldPanel("project"),
            ],
            heading=_("Zuordnung"),
        ),
        *BodyMixin.body_panels,
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    base_form_class = EventPageForm

    # When and where an event takes place is the German page's: translations
    # get it on every German publish (events.sync), translators cannot
    # override it in the translation editor, and no one changes it on a
    # translation (site_core.source_fields).
    source_owned_fields = [*SCHEDULE_FIELDS, *RELATED_FIELDS]
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        # expire_at is not translated at all (wagtail-localize leaves it out);
        # location and contact person are translated snippets.
        for name in [*SCHEDULE_FIELDS, "agency", "project"]
        if name != "expire_at"
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def last_date(self):
        return self.end_date or self.start_date

    def clean(self):
        super().clean()
        errors = {}
        # start_date is None when the editor typed no valid date.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Der letzte Tag darf nicht vor dem ersten Tag liegen.")
        if self.end_time and self.start_time is None:
            errors["start_time"] = _("Bitte geben Sie einen Beginn an, wenn es ein Ende gibt.")
        if (
            self.start_time
            and self.end_time
            and self.last_date == self.start_date
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("Das Ende muss nach dem Beginn liegen.")
        if errors:
            raise ValidationError(errors)
        validate_schedule(self)

    def focus_areas(self):
        links = self.focus_area_links.select_related("focus_area")
        return localize([link.focus_area for link in links], self.locale)

    @path(f"{FEED_FILENAME}/", name="feed")
    def feed(self, request):
        """The whole series as iCalendar: "add to my calendar"."""
        events = feed_events(live_events(locale=self.locale).filter(pk=self.pk))
        cal = build_calendar(
            events,
            name=self.title,
            description=self.introduction,
            url=self.get_full_url(request),
            request=request,
            locale=self.locale,
        )
        return calendar_response(
            request, cal, filename=f"{self.slug}.ics", last_modified=feed_last_modified()
        )

    # Dates on the event page; the whole coming year on its dates page
    # ("termine/"), DATES_PER_PAGE at a time.
    NEXT_DATES = 12
    DATES_PER_PAGE = 50

    @path("termine/", name="dates")
    def dates(self, request):
        """All dates of the coming year (``?seite=`` for more than
        DATES_PER_PAGE): where "Nächste Termine" on the event page leads."""
        number = parse_page_number(request.GET.get("seite"))
        paginator = Paginator(occurrences_of(self, after=timezone.localdate()), self.DATES_PER_PAGE)
        if number is None or number > paginator.num_pages:
            raise Http404("Ungültige Seite")
        return self.render(
            request,
            template="events/event_page_dates.html",
            context_overrides={"dates": paginator.page(number)},
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        coming_year = occurrences_of(self, after=timezone.localdate())
        context["next_dates"] = coming_year[: self.NEXT_DATES]
        if len(coming_year) > self.NEXT_DATES:
            context["all_dates"] = {"count": len(coming_year), "last": coming_year[-1].start_date}
        context["structured_data"] = event_structured_data(self, context["next_dates"], request)
        context["subscription"] = Subscription(url=self.full_feed_url(request), name=self.title)
        return context


class EventFocusArea(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="focus_area_links")
    focus_area = models.ForeignKey(
        "home.FocusAreaPage",
        verbose_name=_("Schwerpunkt"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("focus_area")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "focus_area")]


class EventDateChange(TranslatableMixin, Orderable):
    """A change to one date of an event: cancelled, moved, or with a note.

    Translatable, so that wagtail-localize offers the reason to translators;
    the dates themselves are copied to translations on publish (events.sync).
    """

    class Action(models.TextChoices):
        CANCEL = "cancel", _("Absagen")
        MOVE = "move", _("Verschieben")
        NOTE = "note", _("Hinweis")

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="date_changes")
    date = models.DateField(_("Termin am"), help_text=_("Das ursprüngliche Datum des Termins."))
    action = models.CharField(_("Änderung"), max_length=10, choices=Action.choices)
    new_date = models.DateField(_("Neues Datum"), null=True, blank=True)
    new_start_time = models.TimeField(_("Neuer Beginn"), null=True, blank=True)
    new_end_time = models.TimeField(_("Neues Ende"), null=True, blank=True)
    new_location = models.ForeignKey(
        "site_core.Location",
        verbose_name=_("Neuer Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(
        _("Grund oder Hinweis"),
        max_length=250,
        blank=True,
        help_text=_("Wird Besucherinnen und Besuchern angezeigt, z. B. „wegen Krankheit“."),
    )

    # For the RSS feed of changes: when visitors were told.
    created_at = models.DateTimeField(_("eingetragen am"), default=timezone.now, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("action")]),
        FieldRowPanel(
            [FieldPanel("new_date"), FieldPanel("new_start_time"), FieldPanel("new_end_time")]
        ),
        FieldPanel("new_location"),
        FieldPanel("reason"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Änderung eines Termins")
        verbose_name_plural = _("Änderungen einzelner Termine")

    def clean(self):
        super().clean()
        errors = {
            name: out_of_calendar_years()
            for name in ("date", "new_date")
            if getattr(self, name) and not in_calendar_years(getattr(self, name))
        }
        if errors:
            raise ValidationError(errors)
        if self.action == self.Action.MOVE and not (self.new_date or self.new_start_time):
            raise ValidationError(
                {"new_date": _("Bitte geben Sie ein neues Datum oder eine neue Uhrzeit an.")}
            )


class StoredOccurrence(models.Model):
    """One date of a live event as the occurrence engine computed it.

    The calendar list pages through dates in SQL (``LIMIT``/``OFFSET``)
    instead of expanding every series on each request, which took seconds
    with a thousand events. Rows are rebuilt when an event is published
    (``events.store``) and every night, which also moves the horizon of
    open-ended series on; the engine stays the source of truth and answers
    whatever the rows do not cover.
    """

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="+")
    # The event's title when it was published: the list's second sort key.
    title = models.CharField(max_length=255)
    original_date = models.DateField()
    start = models.DateTimeField()
    end = models.DateTimeField(null=True)
    # Berlin days, so that a window of days is a plain comparison.
    start_date = models.DateField()
    end_date = models.DateField()
    all_day = models.BooleanField()
    status = models.CharField(max_length=20)
    location = models.ForeignKey(
        "site_core.Location", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A holiday's name is stored untranslated and translated when shown.
    reason = models.CharField(max_length=250, blank=True)
    note = models.CharField(max_length=250, blank=True)

    # The engine's order: time, then title.
    ORDERING = ["start", "title", "event_id"]

    class Meta:
        indexes = [
            models.Index(fields=["start", "title", "event"], name="events_occurrence_order"),
            # Multi-day dates only: those that began before a window and run into it.
            models.Index(
                fields=["end_date"],
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="events_occurrence_multi_day",
            ),
        ]

    def __str__(self):
        return f"{self.event_id} {self.start:%Y-%m-%d %H:%M}"

    @classmethod
    def from_occurrence(cls, occurrence):
        """The row of an engine ``Occurrence`` (with untranslated reasons)."""
        return cls(
            event_id=occurrence.event.pk,
            title=occurrence.event.title,
            original_date=occurrence.original_date,
            start=occurrence.start,
            end=occurrence.end,
            start_date=occurrence.start_date,
            end_date=occurrence.end_date,
            all_day=occurrence.all_day,
            status=occurrence.status,
            location=occurrence.location,
            reason=occurrence.reason,
            note=occurrence.note,
        )

    def as_occurrence(self, event):
        """The ``Occurrence`` this row stores, for ``event`` (its page)."""
        return Occurrence(
            event=event,
            original_date=self.original_date,
            start=self.start.astimezone(TZ),
            end=self.end and self.end.astimezone(TZ),
            all_day=self.all_day,
            status=Status(self.status),
            location=self.location,
            # A holiday's name in the visitor's language.
            reason=gettext(self.reason) if self.status == Status.SKIPPED_HOLIDAY else self.reason,
            note=self.note,
        )


class StoredOccurrenceHorizon(models.Model):
    """Up to which day the stored occurrences of every live event are
    complete: one row, written by ``manage.py store_occurrences``. Without
    it (a new installation, before the first run) listings use the engine."""

    until = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"bis {self.until:%Y-%m-%d}"
