"""The portal's page types: the home page, the agencies and the focus
areas."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from events.filters import CalendarFilter
from events.page_cache import InCalendarsCacheMixin
from events.teasers import teaser_occurrences
from projects.models import ProjectPage
from site_core.i18n import localize
from site_core.models import BasePage, BodyMixin

from .contact import ContactFormPage


class HomePage(BodyMixin, BasePage):
    """The portal of the community's integration agencies: one per language."""

    content_panels = BasePage.content_panels + BodyMixin.body_panels
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.AgencyPage",
        "home.FocusAreaPage",
        "events.EventIndexPage",
        "projects.ProjectIndexPage",
        "site_core.StandardPage",
        "home.ContactFormPage",
    ]
    # One home page per language: the Russian home is the translation of
    # the German one, and max_count counts pages of every locale.
    max_count = len(settings.WAGTAIL_CONTENT_LANGUAGES)

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each type's pages in one query: the children as plain pages and
        # then ``.specific()`` cost a query per child type (five on the
        # home page). Wagtail's ``.public()`` reads the view restrictions
        # on every use: read once here.
        private = Page.objects.all().private_q()
        # What the cards show (components/card_list.html): compiling the
        # SELECT of every column of the page types cost more than the rows.
        cards = ("title", "url_path", "introduction", "search_description", "locale_id")
        context["agencies"] = AgencyPage.objects.child_of(self).live().exclude(private).only(*cards)
        context["focus_areas"] = (
            FocusAreaPage.objects.child_of(self).live().exclude(private).only(*cards)
        )
        # From the stored rows, as the calendar's list shows them.
        context["upcoming"] = teaser_occurrences(locale=self.locale, limit=4)
        context["news"] = (
            ProjectPage.objects.live()
            .exclude(private)
            .filter(locale=self.locale)
            .order_by("-last_published_at")
            .only(*cards)[:3]
        )
        return context


class AgencyPage(InCalendarsCacheMixin, BodyMixin, BasePage):
    """One of the two integration agencies (Oberhausen, Mülheim an der Ruhr)."""

    city = models.CharField(_("Stadt"), max_length=100)
    founded = models.DateField(
        _("Gegründet"), null=True, blank=True, help_text=_("Z. B. 01.01.2013")
    )
    location = models.ForeignKey(
        "site_core.Location",
        verbose_name=_("Adresse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wählen Sie den Ort der Agentur aus der Liste der Orte."),
    )
    opening_hours = models.TextField(
        _("Öffnungszeiten"),
        blank=True,
        help_text=_("Eine Zeile pro Tag, z. B. „Dienstag 10–13 Uhr“."),
    )
    funding_note = models.TextField(
        _("Förderhinweis"),
        blank=True,
        help_text=_("Z. B. „Gefördert vom Ministerium für Arbeit, Integration und Soziales NRW“."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("city"), FieldPanel("founded"), FieldPanel("location")],
            heading=_("Agentur"),
        ),
        FieldPanel("opening_hours"),
        InlinePanel("contact_links", label=_("Ansprechpersonen")),
        FieldPanel("funding_note"),
        *BodyMixin.body_panels,
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("city"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["site_core.StandardPage", "home.ContactFormPage"]
    calendar_filter = CalendarFilter(parameter="agentur", field="agency")

    class Meta:
        verbose_name = _("Integrationsagentur")
        verbose_name_plural = _("Integrationsagenturen")

    @property
    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    def contact_people(self):
        """Contact people in this page's language (the links point at the
        German snippets, which the Russian copy shares)."""
        links = self.contact_links.select_related("contact_person")
        return localize([link.contact_person for link in links], self.locale)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = ProjectPage.objects.for_agency(self)
        # The agency's own contact form, in this page's language.
        context["contact_form"] = ContactFormPage.objects.child_of(self).live().public().first()
        return context


class AgencyContactPerson(Orderable):
    page = ParentalKey(AgencyPage, on_delete=models.CASCADE, related_name="contact_links")
    contact_person = models.ForeignKey(
        "site_core.ContactPerson",
        verbose_name=_("Ansprechperson"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("contact_person")]


class FocusAreaPage(InCalendarsCacheMixin, BodyMixin, BasePage):
    """One of the three focus areas of the agencies' work."""

    content_panels = BasePage.content_panels + BodyMixin.body_panels
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    calendar_filter = CalendarFilter(parameter="schwerpunkt", field="focus_area")
    subpage_types = []

    class Meta:
        verbose_name = _("Schwerpunkt")
        verbose_name_plural = _("Schwerpunkte")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = ProjectPage.objects.for_focus_area(self)
        return context
