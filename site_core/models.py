from django.db import models
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .blocks import BaseStreamBlock
from .page_forms import SitePageForm
from .permissions import SitePagePermissionTester
from .source_fields import SourceOwnedFieldsMixin, TranslatedSnippetForm
from .widgets import settings_panels


class BasePage(SourceOwnedFieldsMixin, Page):
    """Abstract base of every page on the site: an introduction for listings
    and search results, and the shared search fields. A page class lists in
    ``source_owned_fields`` what its translations take unchanged from the
    German page (site_core.source_fields)."""

    introduction = models.TextField(
        _("Einleitung"),
        blank=True,
        help_text=_(
            "Ein bis zwei Sätze, die die Seite zusammenfassen. Erscheinen oben auf der Seite "
            "und in Übersichten."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = settings_panels(Page.settings_panels)
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    base_form_class = SitePageForm

    # The query parameters the page reads (``request.GET``). The page cache
    # keys its responses by these alone, and renders it without any others
    # (site_core.cache_keys): a parameter read but not declared here is lost
    # for anonymous visitors.
    cache_query_parameters = ()

    def get_cache_query_parameters(self, request):
        """The query parameters the page reads on ``request``'s route (which
        may depend on the path, never on the query string)."""
        return self.cache_query_parameters

    # What a change of the page makes stale in the page cache besides the
    # page itself, its translations and its family (site_core.cache.stale):
    # page types that appear elsewhere extend these.

    def get_listing_page_ids(self):
        """IDs of the pages that list this page besides its ancestors (an
        event's agency, focus-area and project pages); they are stale, with
        their translations and ancestors, before and after a change."""
        return set()

    @classmethod
    def get_showing_page_ids(cls):
        """IDs of the pages that show pages of this type, in every language
        of their own (the calendars show events and filter by agencies)."""
        return set()

    def get_cached_urls(self):
        """Every URL the page serves without a query string, for purging a
        frontend cache (which cannot be told "any query string"): its own
        and its routes without parameters; [] if it has no URL."""
        url = self.get_full_url()
        if url is None:
            return []
        urls = [url]
        if isinstance(self, RoutablePageMixin):
            for pattern in self.get_subpage_urls():
                try:
                    route = self.reverse_subpage(pattern.name)
                except NoReverseMatch:  # a route with parameters
                    continue
                if route:
                    urls.append(url + route)
        return urls

    def get_sitemap_urls(self, request=None):
        # site_core.sitemaps adds the hreflang alternates by this key.
        return [
            dict(url, translation_key=self.translation_key)
            for url in super().get_sitemap_urls(request)
        ]

    class Meta:
        abstract = True

    @property
    def listing_summary(self):
        return self.introduction or self.search_description

    def permissions_for_user(self, user):
        # Wagtail's extension point: Page.permissions_for_user defers to the
        # specific class when it overrides this method.
        return SitePagePermissionTester(user, self)


class BodyMixin(models.Model):
    """A page body made of the shared block set, with its own panel."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("Inhalt"))

    body_panels = [FieldPanel("body")]

    class Meta:
        abstract = True


class StandardPage(BodyMixin, BasePage):  # noqa: DJ008 - Page defines __str__
    """Plain content: Über uns, Impressum, Datenschutz, Barrierefreiheit."""

    content_panels = BasePage.content_panels + BodyMixin.body_panels
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.AgencyPage", "site_core.StandardPage"]
    subpage_types = ["site_core.StandardPage"]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")


class Location(SourceOwnedFieldsMixin, TranslatableMixin, models.Model):
    """A place where the agencies work or events happen."""

    name = models.CharField(_("Name"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Optional, z. B. 51.469700. Für den Link zur Karte."),
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility_notes = models.TextField(
        _("Hinweise zur Barrierefreiheit"),
        blank=True,
        help_text=_("Z. B. „Eingang stufenlos, Aufzug vorhanden, barrierefreies WC“."),
    )

    # Street names and postcodes stay German in the Russian version: they must
    # match the sign on the street and the map.
    override_translatable_fields = [
        SynchronizedField("street", overridable=False),
        SynchronizedField("postcode", overridable=False),
    ]
    source_owned_fields = ["street", "postcode"]
    base_form_class = TranslatedSnippetForm

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("city")],
            heading=_("Adresse"),
        ),
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Karte")),
        FieldPanel("accessibility_notes"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def address_lines(self):
        lines = [self.street, f"{self.postcode} {self.city}".strip()]
        return [line for line in lines if line]

    @property
    def one_line(self):
        return ", ".join([self.name, *self.address_lines])


class ContactPerson(SourceOwnedFieldsMixin, TranslatableMixin, models.Model):
    name = models.CharField(_("Name"), max_length=200)
    role = models.CharField(_("Funktion"), max_length=200, blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # A name is written the same way in both languages on the door sign;
    # translators translate only the role. How to reach the person is the
    # German version's: a translation cannot send visitors elsewhere.
    override_translatable_fields = [
        SynchronizedField("name"),
        SynchronizedField("phone", overridable=False),
        SynchronizedField("email", overridable=False),
    ]
    source_owned_fields = ["phone", "email"]
    base_form_class = TranslatedSnippetForm

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("photo"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name


class FooterText(TranslatableMixin, models.Model):
    """The funding acknowledgement shown in every page's footer.

    A snippet rather than a plain setting so it can be translated like pages.
    """

    funding_acknowledgement = RichTextField(
        _("Förderhinweis"),
        features=["bold", "italic", "link"],
        help_text=_("Z. B. „Gefördert vom Ministerium für Arbeit, Integration und Soziales …“"),
    )

    panels = [FieldPanel("funding_acknowledgement")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Fußzeilentext")
        verbose_name_plural = _("Fußzeilentexte")

    def __str__(self):
        return str(_("Fußzeilentext ({locale})")).format(locale=self.locale)


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    organisation_name = models.CharField(
        _("Name der Organisation"),
        max_length=200,
        default="Jüdische Gemeinde Duisburg-Mülheim/Ruhr-Oberhausen K.d.ö.R.",
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    footer_text = models.ForeignKey(
        FooterText,
        verbose_name=_("Fußzeilentext"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Der Förderhinweis; die russische Übersetzung wird automatisch verwendet."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("street"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Träger"),
        ),
        FieldPanel("footer_text"),
        InlinePanel("footer_links", label=_("Links in der Fußzeile")),
    ]

    class Meta:
        verbose_name = _("Website-Einstellungen")


class FooterLink(Orderable):
    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="footer_links")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Die deutsche Seite; auf Russisch wird automatisch die Übersetzung verlinkt."),
    )

    panels = [FieldPanel("page")]


class FailedCacheInvalidation(models.Model):
    """A change the page cache could not be told of (Redis unreachable):
    kept until ``site_core.cache`` has cleared the cache after all."""

    failed_at = models.DateTimeField(_("Fehlgeschlagen am"), auto_now_add=True)
    error = models.TextField(_("Fehler"))

    class Meta:
        verbose_name = _("Nicht nachgeholte Cache-Leerung")
        verbose_name_plural = _("Nicht nachgeholte Cache-Leerungen")

    def __str__(self):
        return f"{self.failed_at:%Y-%m-%d %H:%M}: {self.error}"
