from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from events.filters import CalendarFilter
from site_core.i18n import localize
from site_core.models import BasePage, BodyMixin


class ProjectIndexPage(BasePage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Projektübersicht")
        verbose_name_plural = _("Projektübersichten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = ProjectPage.prefetch_localized_links(
            ProjectPage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("agency_links__agency", "focus_area_links__focus_area")
            .order_by("-start_date", "title"),
            self.locale,
        )
        context["running"] = [p for p in projects if p.status == ProjectPage.Status.RUNNING]
        context["finished"] = [p for p in projects if p.status == ProjectPage.Status.FINISHED]
        return context


class ProjectQuerySet(PageQuerySet):
    """Projects in the language of the page that lists them.

    The links of a Russian project point at the German agency and focus-area
    pages (wagtail-localize synchronises them), so we match on
    ``translation_key``, which both languages share.
    """

    def for_agency(self, agency):
        return self._listing(agency.locale).filter(
            agency_links__agency__translation_key=agency.translation_key
        )

    def for_focus_area(self, focus_area):
        return self._listing(focus_area.locale).filter(
            focus_area_links__focus_area__translation_key=focus_area.translation_key
        )

    def _listing(self, locale):
        return self.live().public().filter(locale=locale).distinct().order_by("status", "title")


class ProjectPage(BodyMixin, BasePage):
    class Status(models.TextChoices):
        RUNNING = "running", _("Laufend")
        FINISHED = "finished", _("Abgeschlossen")

    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(
        _("Ende"), null=True, blank=True, help_text=_("Leer lassen, wenn das Projekt andauert.")
    )

    objects = PageManager.from_queryset(ProjectQuerySet)()

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Projektdaten"),
        ),
        InlinePanel(
            "agency_links",
            label=_("Integrationsagentur"),
            min_num=1,
            max_num=2,
            help_text=_("Zu welcher Agentur gehört das Projekt? Eine oder beide."),
        ),
        InlinePanel("focus_area_links", label=_("Schwerpunkt"), min_num=1),
        *BodyMixin.body_panels,
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []
    calendar_filter = CalendarFilter(parameter="projekt", field="project")

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("Das Ende darf nicht vor dem Beginn des Projekts liegen.")}
            )

    def agencies(self):
        return self._localized_links()["agencies"]

    def focus_areas(self):
        return self._localized_links()["focus_areas"]

    def _localized_links(self):
        if not hasattr(self, "_links_cache"):
            self.prefetch_localized_links([self], self.locale)
        return self._links_cache

    @staticmethod
    def prefetch_localized_links(projects, locale):
        """Agencies and focus areas of many projects in ``locale``: two
        queries for the whole listing instead of two per project."""
        projects = list(projects)
        agency_lists = [[link.agency for link in p.agency_links.all()] for p in projects]
        area_lists = [[link.focus_area for link in p.focus_area_links.all()] for p in projects]
        agencies = iter(localize([a for agencies in agency_lists for a in agencies], locale))
        areas = iter(localize([a for areas in area_lists for a in areas], locale))
        for project, project_agencies, project_areas in zip(
            projects, agency_lists, area_lists, strict=True
        ):
            project._links_cache = {
                "agencies": [next(agencies) for _ in project_agencies],
                "focus_areas": [next(areas) for _ in project_areas],
            }
        return projects

    def get_context(self, request, *args, **kwargs):
        from events.occurrences import upcoming_occurrences
        from events.subscriptions import calendar_subscription

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = upcoming_occurrences(locale=self.locale, project=self, limit=5)
        context["subscription"] = calendar_subscription(
            request, self.locale, self.title, projekt=self.slug
        )
        return context


class ProjectAgency(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="agency_links")
    agency = models.ForeignKey(
        "home.AgencyPage", verbose_name=_("Agentur"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("agency")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "agency")]


class ProjectFocusArea(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="focus_area_links")
    focus_area = models.ForeignKey(
        "home.FocusAreaPage",
        verbose_name=_("Schwerpunkt"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("focus_area")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "focus_area")]
