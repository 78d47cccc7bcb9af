import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from wagtail.models import Locale

from .models import ContactPerson, Location, StandardPage


def default_locale():
    return Locale.get_default()


class LocationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Ort {n}")
    street = "Musterstraße 1"
    postcode = "46045"
    city = "Oberhausen"
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Location


class ContactPersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Beratung"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = ContactPerson


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Seite {n}")
    introduction = "Eine Inhaltsseite."

    class Meta:
        model = StandardPage
