import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from site_core.models import BasePage, BodyMixin


class EventIndexPage(BasePage):
    """The calendar: lists the occurrences of the events below it."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Veranstaltungskalender")
        verbose_name_plural = _("Veranstaltungskalender")

    def get_context(self, request, *args, **kwargs):
        from .occurrences import upcoming_occurrences

        context = super().get_context(request, *args, **kwargs)
        context["occurrences"] = upcoming_occurrences(locale=self.locale, limit=100)
        return context


class EventPage(BodyMixin, BasePage):
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

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            ],
            heading=_("Wann"),
        ),
        FieldPanel("location"),
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
        if self.end_date and self.end_date < self.start_date:
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

    def focus_areas(self):
        return [link.focus_area.localized for link in self.focus_area_links.all()]

    def get_context(self, request, *args, **kwargs):
        from .occurrences import occurrences_of

        context = super().get_context(request, *args, **kwargs)
        context["next_dates"] = occurrences_of(self, after=dt.date.today(), limit=10)
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
