from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

# admin_display registers comparisons when imported.
from . import (  # noqa: F401
    admin_display,
    cache_panel,
    localize_permissions,
    page_deletion,
    page_unpublishing,
    po_files,
    translation_batch,
)
from .models import ContactPerson, FooterText, Location
from .roles import EDITORS, MODERATORS, TRANSLATORS
from .translation_work import TranslationWorkPanel, shows_translation_work
from .widgets import SnippetChooserViewSet


class LocationViewSet(SnippetViewSet):
    chooser_viewset_class = SnippetChooserViewSet
    model = Location
    icon = "site"
    menu_label = _("Orte")
    list_display = ["name", "street", "city"]
    search_fields = ["name", "street", "city"]


class ContactPersonViewSet(SnippetViewSet):
    chooser_viewset_class = SnippetChooserViewSet
    model = ContactPerson
    icon = "user"
    menu_label = _("Ansprechpersonen")
    list_display = ["name", "role", "email"]
    search_fields = ["name", "role"]


class FooterTextViewSet(SnippetViewSet):
    chooser_viewset_class = SnippetChooserViewSet
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


@hooks.register("register_admin_urls", order=-1)
def po_file_urls():
    # Before wagtail-localize's hook: the translation editor's PO download
    # (texts to check flagged fuzzy) and upload (within limits, with German
    # messages), see site_core.po_files.
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/download/",
            po_files.download_pofile,
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            po_files.upload_pofile,
        ),
    ]


@hooks.register("construct_admin_api")
def pages_in_every_language(router):
    router.register_endpoint("pages", localize_permissions.PagesAdminAPIViewSet)


# Deleting a German page deletes its Russian copies (site_core.page_deletion).
# The copies are found before the German page is deleted (its aliases lose
# their link to it then) and deleted after it, in the same transaction.
COPIES_TO_DELETE = "site_core_translated_copies"


def refuse_deletion(request, page, copies):
    messages.error(request, page_deletion.describe_refusal(copies))
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_delete_page")
def find_translated_copies(request, page):
    copies = page_deletion.translated_copies(page)
    if request.method == "POST" and copies.blocks_deletion_by(request.user):
        # The confirmation page (site_core/templates/wagtailadmin/pages/
        # confirm_delete.html) already explains this and offers no button.
        return refuse_deletion(request, page, copies)
    setattr(request, COPIES_TO_DELETE, {page.pk: copies})
    return None


@hooks.register("after_delete_page")
def delete_translated_copies(request, page):
    copies = getattr(request, COPIES_TO_DELETE)[page.pk]
    page_deletion.delete_copies(copies, request.user)
    for copy in copies.copies:
        messages.success(request, page_deletion.describe_deleted(copy))


def deletes_pages(action_type, action):
    return action_type == "delete" and issubclass(action.model, Page)


@hooks.register("before_bulk_action")
def find_translated_copies_in_bulk(request, action_type, objects, action):
    # Wagtail's bulk delete calls page.delete() without the delete view's hooks.
    if not deletes_pages(action_type, action):
        return None
    found = {page.pk: page_deletion.translated_copies(page) for page in objects}
    for page in objects:
        if found[page.pk].blocks_deletion_by(request.user):
            return refuse_deletion(request, page, found[page.pk])
    setattr(request, COPIES_TO_DELETE, found)
    return None


@hooks.register("after_bulk_action")
def delete_translated_copies_in_bulk(request, action_type, objects, action):
    if not deletes_pages(action_type, action):
        return None
    for copies in getattr(request, COPIES_TO_DELETE).values():
        page_deletion.delete_copies(copies, request.user)
        for copy in copies.copies:
            messages.success(request, page_deletion.describe_deleted(copy))
    return None


# Unpublishing a German page unpublishes its translations: on the
# page_unpublished signal (site_core.page_unpublishing, connected in
# site_core.apps), so that scheduled expiry does too. These hooks only tell
# the user in the unpublish view what went offline with the page.
TRANSLATIONS_TO_UNPUBLISH = "site_core_translations_to_unpublish"


@hooks.register("before_unpublish_page")
def find_translations_to_unpublish(request, page):
    include_descendants = bool(request.POST.get("include_descendants"))
    ids = page_unpublishing.to_unpublish(page, include_descendants)
    setattr(request, TRANSLATIONS_TO_UNPUBLISH, ids)


@hooks.register("after_unpublish_page")
def report_unpublished_translations(request, page):
    ids = getattr(request, TRANSLATIONS_TO_UNPUBLISH, [])
    for level, text, url in page_unpublishing.describe_after(ids):
        if url is None:
            getattr(messages, level)(request, text)
        else:
            buttons = [admin_messages.button(url, _("Offline nehmen"))]
            admin_messages.error(request, text, buttons=buttons)


@hooks.register("register_log_actions")
def unpublished_with_source_log_action(actions):
    actions.register_action(
        page_unpublishing.LOG_ACTION, page_unpublishing.LOG_LABEL, page_unpublishing.LOG_MESSAGE
    )


@hooks.register("register_admin_viewset")
def login_lockouts():
    # Einstellungen → Anmeldesperren, for superusers (site_core/login_lockout_admin.py).
    from .login_lockout_admin import LoginLockoutViewSet

    return LoginLockoutViewSet("login_lockouts", url_prefix="anmeldesperren")
