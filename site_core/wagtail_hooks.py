from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ContactPerson, FooterText, Location


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = _("Orte")
    list_display = ["name", "street", "city"]
    search_fields = ["name", "street", "city"]


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    menu_label = _("Ansprechpersonen")
    list_display = ["name", "role", "email"]
    search_fields = ["name", "role"]


class FooterTextViewSet(SnippetViewSet):
    model = FooterText
    icon = "doc-full"
    menu_label = _("Fußzeilentext")


class SiteContentGroup(SnippetViewSetGroup):
    items = (LocationViewSet, ContactPersonViewSet, FooterTextViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Stammdaten")
    menu_name = "stammdaten"


register_snippet(SiteContentGroup)
