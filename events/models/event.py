"""The event page: one event or series, with its dates in the calendar's
wall-clock time, and the focus areas it belongs to."""

import re

from recurrence.fields import RecurrenceField

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Orderable, PageManager
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from site_core.i18n import localize
from site_core.models import BasePage, BodyMixin

from ..admin_forms import EventPageForm
from ..choices import EventLanguage
from ..date_ical import FILENAME as DATE_FILENAME
from ..ical import FEED_FILENAME
from ..page_cache import EventCacheMixin
from ..schedule import occurrences_of
from ..schedule_change_panel import ScheduleChangePanel
from ..segments import ScheduleDays
from ..single_dates import DATE_PATTERN
from ..structured_data import event_structured_data
from ..subscribe_links import Subscription
from ..validation import validate_schedule
from ..views import date_page as date_views
from ..views import event as event_views
from ..views.feeds import serve_feed
from ..widgets import RecurrenceWidget
from .calendar import CalendarFeedMixin
from .querysets import EventPageQuerySet

# What translations take from the German event on its every publish
# (events.sync): copied as they are,
SCHEDULE_FIELDS = [
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "recurrence",
    "schedule_from",
    "skip_public_holidays",
    "skip_jewish_holidays",
    "event_language",
    "registration_required",
    "expire_at",
]
# and copied as their translation where one exists (snippets and pages).
RELATED_FIELDS = ["location", "agency", "project", "contact_person"]


class EventPage(
    EventCacheMixin, ScheduleDays, CalendarFeedMixin, RoutablePageMixin, BodyMixin, BasePage
):
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
    # Set when the schedule changed from a date on: the dates before it come
    # from the former schedules (events.models.past_schedules), which keep
    # the time and place those dates had.
    schedule_from = models.DateField(
        _("Zeitplan gilt ab"),
        null=True,
        blank=True,
        help_text=_("Frühere Termine behalten ihren damaligen Zeitplan."),
    )
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
                # A form field (events.admin_forms): where a change of the
                # schedule begins; and what the latest change does.
                FieldPanel("change_from"),
                ScheduleChangePanel(heading=_("Änderung des Zeitplans")),
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

    objects = PageManager.from_queryset(EventPageQuerySet)()

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

    @cached_property
    def localized_agency(self):
        """The agency in this page's language: its live translation, else
        the German page (a translation keeps the German page's agency,
        events.sync). Wagtail's ``.localized`` gives the same, with a query
        for the active locale on every use."""
        if self.agency is None:
            return None
        return localize([self.agency], self.locale)[0]

    def focus_areas(self):
        links = self.focus_area_links.select_related("focus_area")
        return localize([link.focus_area for link in links], self.locale)

    @path(f"{FEED_FILENAME}/", name="feed")
    def feed(self, request):
        """The whole series as iCalendar: "add to my calendar"."""
        events = EventPage.objects.live_in(self.locale).filter(pk=self.pk)
        return serve_feed(self, request, events, name=self.title, description=self.introduction)

    # Dates on the event page; the whole coming year on its dates page
    # ("termine/"), DATES_PER_PAGE at a time.
    NEXT_DATES = 12
    DATES_PER_PAGE = 50

    @path("termine/", name="dates")
    def dates(self, request):
        return event_views.dates(self, request)

    # The query parameters each route reads, for the page cache
    # (BasePage.get_cache_query_parameters): without them it served
    # "termine/?seite=2" as the first page.
    ROUTE_QUERY_PARAMETERS = {"dates": ("seite",)}

    def get_cache_query_parameters(self, request):
        # Set by RoutablePageMixin.route for the route this page serves.
        match = getattr(request, "routable_resolver_match", None)
        return self.ROUTE_QUERY_PARAMETERS.get(match.url_name, ()) if match else ()

    # Each date's own page, by the date it was scheduled for (a moved date
    # keeps its address), and that date alone as iCalendar.
    @re_path(rf"^({DATE_PATTERN})/$", name="date")
    def date_page(self, request, value):
        return date_views.date_page(self, request, value)

    @re_path(rf"^({DATE_PATTERN})/{re.escape(DATE_FILENAME)}/$", name="date_ical")
    def date_page_ical(self, request, value):
        return date_views.date_ical(self, request, value)

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
