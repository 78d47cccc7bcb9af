import factory
import wagtail_factories

from .models import AgencyPage, FocusAreaPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Integrationsagenturen"
    slug = "startseite"

    class Meta:
        model = HomePage


class AgencyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Integrationsagentur {n}")
    city = "Oberhausen"

    class Meta:
        model = AgencyPage


class FocusAreaPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Schwerpunkt {n}")

    class Meta:
        model = FocusAreaPage
