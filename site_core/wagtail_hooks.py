from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Locale, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

# admin_display registers comparisons when imported.
from . import admin_display, cache_panel, localize_permissions, translation_batch  # noqa: F401
from .models import ContactPerson, FooterText, Location
from .roles import EDITORS, MODERATORS, TRANSLATORS
from .translation_work import TranslationWorkPanel, shows_translation_work


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


def is_translator_only(user):
    """A translator who is neither editor, moderator nor superuser."""
    if user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return TRANSLATORS in names and not names & {EDITORS, MODERATORS}


@hooks.register("before_edit_snippet")
def translators_leave_german_snippets_alone(request, instance):
    # Wagtail's snippet permissions are per model, not per language, and
    # translators need "change" to translate. Keep them out of the source.
    if (
        isinstance(instance, TranslatableMixin)
        and instance.locale_id == Locale.get_default().pk
        and is_translator_only(request.user)
    ):
        messages.error(
            request,
            _(
                "Deutsche Einträge bearbeitet die Redaktion. Übersetzen Sie bitte die "
                "russische Fassung."
            ),
        )
        return redirect(request.META.get("HTTP_REFERER") or "wagtailadmin_home")
    return None


@hooks.register("construct_homepage_panels")
def failed_cache_invalidation_panel(request, panels):
    panel = cache_panel.dashboard_panel(request.user)
    if panel is not None:
        panels.append(panel)


@hooks.register("construct_homepage_panels")
def translation_work_panel(request, panels):
    if shows_translation_work(request.user):
        panels.append(TranslationWorkPanel())


@hooks.register("register_admin_urls")
def translation_batch_urls():
    return [
        path(
            "uebersetzung/po/<str:language_code>.zip",
            translation_batch.export_zip,
            name="translation_po_export",
        ),
        path("uebersetzung/po/", translation_batch.import_files, name="translation_po_import"),
        path("seiten-cache/erneut/", cache_panel.retry, name="page_cache_retry"),
    ]


@hooks.register("register_admin_urls", order=-1)
def localize_permission_urls():
    # The same paths as wagtail-localize's views (its namespace still
    # reverses to them); ordered before its hook, so these match first.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            localize_permissions.SubmitPageTranslationView.as_view(),
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            localize_permissions.UpdateTranslationsView.as_view(),
        ),
        path(
            "localize/translate/<int:translation_id>/disable/",
            localize_permissions.stop_translation,
        ),
    ]


@hooks.register("construct_admin_api")
def pages_in_every_language(router):
    router.register_endpoint("pages", localize_permissions.PagesAdminAPIViewSet)


@hooks.register("register_admin_viewset")
def login_lockouts():
    # Einstellungen → Anmeldesperren, for superusers (site_core/login_lockout_admin.py).
    from .login_lockout_admin import LoginLockoutViewSet

    return LoginLockoutViewSet("login_lockouts", url_prefix="anmeldesperren")
