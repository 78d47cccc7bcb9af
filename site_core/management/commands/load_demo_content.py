"""Load the German demo content and its Russian translation.

Idempotent: pages and snippets are found by slug/name and updated, so
running the command twice gives the same tree. The Russian versions are made
through wagtail-localize (TranslationSource, StringTranslation,
Translation.save_target), so translators can go on from the same records.
"""

import datetime as dt
import json
from pathlib import Path

from recurrence import deserialize

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from events.models import EventDateChange, EventFocusArea, EventIndexPage, EventPage
from events.schedule import scheduled_dates
from events.store import store_all
from home.models import (
    AgencyContactPerson,
    AgencyPage,
    ContactFormPage,
    FocusAreaPage,
    FormField,
    HomePage,
)
from projects.models import ProjectAgency, ProjectFocusArea, ProjectIndexPage, ProjectPage
from site_core.demo import content
from site_core.models import (
    ContactPerson,
    FooterLink,
    FooterText,
    Location,
    SiteSettings,
    StandardPage,
)
from site_core.roles import EDITORS, MODERATORS, TRANSLATORS, setup_roles
from site_core.translation import MissingStringsError, translate_object

RUSSIAN = json.loads((Path(content.__file__).parent / "ru.json").read_text(encoding="utf-8"))

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"  # noqa: S105 - development only, stated in the README


class Command(BaseCommand):
    help = "Lädt die Demo-Inhalte auf Deutsch und Russisch (mehrfach ausführbar)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-admin",
            action="store_true",
            help=f"Legt den Benutzer {ADMIN_USERNAME!r} mit Passwort {ADMIN_PASSWORD!r} an "
            "(nur mit DEBUG=True).",
        )

    @transaction.atomic  # all or nothing: a missing translation leaves no half tree
    def handle(self, *args, create_admin=False, **options):
        self.de = Locale.objects.get(language_code="de")
        self.ru, _ = Locale.objects.get_or_create(language_code="ru")
        self.today = timezone.localdate()

        locations = {key: self.snippet(Location, data) for key, data in content.LOCATIONS.items()}
        people = {
            key: self.snippet(ContactPerson, data) for key, data in content.CONTACT_PEOPLE.items()
        }
        footer_text = self.footer_text()

        home = self.home_page()
        agencies = {}
        for data in content.AGENCIES:
            agency = self.upsert(
                home,
                AgencyPage,
                data,
                fields=["city", "introduction", "opening_hours", "funding_note", "body"],
                founded=dt.date.fromisoformat(data["founded"]),
                location=locations[data["key"]],
                show_in_menus=True,
                contact_links=[AgencyContactPerson(contact_person=people[data["key"]])],
            )
            agencies[data["key"]] = agency
        focus_areas = {
            data["key"]: self.upsert(home, FocusAreaPage, data, fields=["introduction", "body"])
            for data in content.FOCUS_AREAS
        }
        project_index = self.upsert(
            home,
            ProjectIndexPage,
            content.PROJECT_INDEX,
            fields=["introduction"],
            show_in_menus=True,
        )
        projects = {}
        for data in content.PROJECTS:
            projects[data["key"]] = self.upsert(
                project_index,
                ProjectPage,
                data,
                fields=["introduction", "status", "body"],
                start_date=dt.date.fromisoformat(data["start_date"]),
                end_date=dt.date.fromisoformat(data["end_date"]) if "end_date" in data else None,
                agency_links=[ProjectAgency(agency=agencies[k]) for k in data["agencies"]],
                focus_area_links=[
                    ProjectFocusArea(focus_area=focus_areas[k]) for k in data["focus_areas"]
                ],
            )
        event_index = self.upsert(
            home,
            EventIndexPage,
            content.EVENT_INDEX,
            fields=["introduction"],
            show_in_menus=True,
        )
        for data in content.EVENTS:
            start_date = _first_date(self.today + dt.timedelta(days=data["in_days"]), data)
            self.upsert(
                event_index,
                EventPage,
                data,
                fields=["introduction"],
                start_date=start_date,
                end_date=start_date + dt.timedelta(days=data["days"] - 1)
                if data.get("days")
                else None,
                start_time=_time(data["start_time"]),
                end_time=_time(data["end_time"]),
                location=locations[data["location"]],
                agency=agencies[data["agency"]],
                project=projects[data["project"]] if data["project"] else None,
                focus_area_links=[
                    EventFocusArea(focus_area=focus_areas[k]) for k in data["focus_areas"]
                ],
                recurrence=deserialize(data.get("recurrence", "")),
                skip_public_holidays=data.get("skip_public_holidays", False),
                skip_jewish_holidays=data.get("skip_jewish_holidays", False),
                date_changes=[
                    self.date_change(start_date, data, c) for c in data.get("changes", [])
                ],
            )
        footer_pages = []
        standard_pages = {}
        for data in content.STANDARD_PAGES:
            page = self.upsert(
                home,
                StandardPage,
                data,
                fields=["introduction", "body"],
                show_in_menus=data.get("show_in_menus", False),
            )
            standard_pages[data["slug"]] = page
            if data.get("footer"):
                footer_pages.append(page)
        for data in content.CONTACT_FORMS:
            agency = agencies[data["agency"]]
            existing = ContactFormPage.objects.child_of(agency).filter(slug=data["slug"]).first()
            self.upsert(
                agency,
                ContactFormPage,
                data,
                fields=["introduction", "thank_you_text", "to_address"],
                privacy_page=standard_pages["datenschutz"],
                form_fields=self.form_fields(existing, data["fields"]),
            )

        self.site_settings(footer_text, footer_pages)
        # New German pages appear in the Russian tree at once, as aliases
        # with the German text, until translators translate them.
        LocaleSynchronization.objects.update_or_create(
            locale=self.ru, defaults={"sync_from": self.de}
        )
        synchronize_tree(self.de, self.ru)
        setup_roles()
        # The calendar lists read stored dates (events.store); a cron job
        # keeps them current in production.
        store_all()
        if create_admin:
            self.admin_user()
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte geladen (Deutsch und Russisch)."))

    def form_fields(self, page, fields):
        """A contact form's fields, reusing those it has (by name) so that a
        second run keeps their translations."""
        existing = {field.clean_name: field for field in page.form_fields.all()} if page else {}
        form_fields = []
        for sort_order, data in enumerate(fields):
            field = existing.get(get_field_clean_name(data["label"])) or FormField()
            for name, value in {"help_text": "", **data}.items():
                setattr(field, name, value)
            field.sort_order = sort_order
            form_fields.append(field)
        return form_fields

    def date_change(self, start_date, data, change):
        """A change to the ``nth`` date after the first (dates shift with the load day)."""
        event = EventPage(start_date=start_date, recurrence=deserialize(data["recurrence"]))
        date = scheduled_dates(event, start_date, start_date + dt.timedelta(days=400))[
            change["nth"]
        ]
        new_date = (
            date + dt.timedelta(days=change["days_later"]) if "days_later" in change else None
        )
        return EventDateChange(
            date=date, action=change["action"], new_date=new_date, reason=change["reason"]
        )

    # Snippets

    def snippet(self, model, data):
        obj = model.objects.filter(locale=self.de, name=data["name"]).first()
        obj = obj or model(locale=self.de)
        for field, value in data.items():
            setattr(obj, field, value)
        obj.save()
        self.translate(obj)
        return obj

    def footer_text(self):
        obj = FooterText.objects.filter(locale=self.de).first() or FooterText(locale=self.de)
        obj.funding_acknowledgement = content.FUNDING_ACKNOWLEDGEMENT
        obj.save()
        self.translate(obj)
        return obj

    # Pages

    def home_page(self):
        site = Site.objects.get(is_default_site=True)
        home = HomePage.objects.filter(locale=self.de).first()
        if home is None:
            # Replace Wagtail's placeholder "Welcome" page from its initial migration.
            root = Page.get_first_root_node()
            home = HomePage(slug=content.HOME["slug"], title=content.HOME["title"], locale=self.de)
            placeholder = site.root_page
            root.add_child(instance=home)
            site.root_page = home
            site.save()
            if placeholder.specific_class is Page:
                placeholder.delete()
        # The address the development server runs on (`make run`), so that
        # absolute URLs (hreflang, feeds) work locally.
        site.hostname, site.port, site.site_name = "127.0.0.1", 8000, "Integrationsagenturen"
        site.save()
        home = self.upsert(None, HomePage, content.HOME, fields=["introduction", "body"], page=home)
        return home

    def upsert(self, parent, model, data, *, fields, page=None, **values):
        if page is None:
            page = model.objects.child_of(parent).filter(slug=data["slug"]).first()
        created = page is None
        if created:
            page = model(slug=data["slug"], title=data["title"], locale=self.de)
        page.title = data["title"]
        for field in fields:
            setattr(page, field, data.get(field, getattr(page, field)))
        for field, value in values.items():
            setattr(page, field, value)
        if created:
            parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        if not data.get("untranslated"):
            self.translate(page)
        return page

    # Translation, as a translator would do it in wagtail-localize

    def translate(self, obj):
        try:
            translate_object(obj, self.ru, RUSSIAN.get)
        except MissingStringsError as error:
            raise CommandError(
                "Keine russische Übersetzung in site_core/demo/ru.json für:\n"
                + "\n".join(f"  {text!r}" for text in error.strings)
            ) from error

    # Settings and users

    def site_settings(self, footer_text, footer_pages):
        site = Site.objects.get(is_default_site=True)
        site_settings = SiteSettings.for_site(site)
        for field, value in content.SETTINGS.items():
            setattr(site_settings, field, value)
        site_settings.footer_text = footer_text
        site_settings.footer_links = [FooterLink(page=page) for page in footer_pages]
        site_settings.save()

    def admin_user(self):
        if not settings.DEBUG:
            raise CommandError("--create-admin ist nur mit DEBUG=True erlaubt.")
        user_model = get_user_model()
        if not user_model.objects.filter(username=ADMIN_USERNAME).exists():
            user_model.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", ADMIN_PASSWORD)
            self.stdout.write(f"Admin-Benutzer {ADMIN_USERNAME!r} angelegt.")
        # One user per role, to try the admin as each of them (README).
        for username, group in ROLE_USERS.items():
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            if created:
                user.set_password(username)
                user.save()
                self.stdout.write(f"Benutzer {username!r} ({group}) angelegt.")
            user.groups.add(Group.objects.get(name=group))


ROLE_USERS = {"redaktion": EDITORS, "moderation": MODERATORS, "uebersetzung": TRANSLATORS}


def _first_date(earliest, data):
    """The first date on or after ``earliest`` that fits the event's rule
    or, for a single event, its weekday."""
    if data.get("recurrence"):
        [rule] = deserialize(data["recurrence"]).rrules
        dtstart = dt.datetime.combine(earliest, dt.time.min)
        return rule.to_dateutil_rrule(dtstart=dtstart).after(dtstart, inc=True).date()
    return earliest + dt.timedelta(days=(data["weekday"] - earliest.weekday()) % 7)


def _time(value):
    return dt.time.fromisoformat(value) if value else None
