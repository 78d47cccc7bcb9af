"""Building blocks shared by the tests: a small site tree in German with its
Russian translation, made the way translators make it."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Locale, Page, Site

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import AgencyPageFactory, FocusAreaPageFactory, HomePageFactory
from projects.factories import ProjectIndexPageFactory, ProjectPageFactory
from site_core.factories import StandardPageFactory
from site_core.translation import translate_object


def russian(text):
    """A stand-in translation: recognisably Russian, and a valid slug stays a slug."""
    if text.replace("-", "").isalnum() and text == text.lower():
        return f"{text}-ru"
    return f"{text} (по-русски)"


def locales():
    de = Locale.objects.get(language_code="de")
    ru, _ = Locale.objects.get_or_create(language_code="ru")
    return de, ru


def build_site():
    """German home with one page of every type below it, as the default site."""
    de, ru = locales()
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, locale=de)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "testserver", "port": 80},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    agency = AgencyPageFactory(parent=home, title="Integrationsagentur Oberhausen", slug="oh")
    focus_area = FocusAreaPageFactory(parent=home, title="Sozialraumorientierte Arbeit")
    project_index = ProjectIndexPageFactory(parent=home)
    project = ProjectPageFactory(
        parent=project_index,
        title="Nachbarschaftscafé",
        agencies=[agency],
        focus_areas=[focus_area],
    )
    event_index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(
        parent=event_index, title="Deutsch-Café", agency=agency, focus_areas=[focus_area]
    )
    standard = StandardPageFactory(parent=home, title="Impressum", slug="impressum")
    return SimpleNamespace(
        de=de,
        ru=ru,
        home=home,
        agency=agency,
        focus_area=focus_area,
        project_index=project_index,
        project=project,
        event_index=event_index,
        event=event,
        standard=standard,
    )


def translate_site(site):
    """Translate every page of ``build_site()`` into Russian and publish it."""
    for page in [
        site.home,
        site.agency,
        site.focus_area,
        site.project_index,
        site.project,
        site.event_index,
        site.event,
        site.standard,
    ]:
        translate_object(page, site.ru, russian)


def user_in(group_name, username=None):
    """A user of the real group ``group_name`` (site_core.roles), password "pw"."""
    username = username or group_name.lower().replace("ü", "ue")
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def uncached_visitor():
    """A visitor the page cache never serves (it has a session cookie, as
    after a contact form): every page is rendered, from the fragments."""
    client = Client()
    client.cookies["sessionid"] = "not-a-session"
    return client
