"""wagtail-localize's translation views, fitted to this site's roles
(site_core.roles).

Upstream checks one global permission, ``wagtail_localize.submit_translation``,
for starting ("Diese Seite übersetzen") and syncing translations, and nothing
finer. Here:

- Translators do not hold it (it would let them sync and publish from the
  German side), yet they start the translation of a page that so far only
  mirrors the German one: that is allowed into a language whose mirror (alias)
  page they may edit, and they land in the translation editor.
- Editors hold it and order translations, but may not edit Russian pages:
  upstream then redirects them to the new translation's edit view, where
  Wagtail answers "Sie haben leider keinen Zugang zu diesem Bereich." next to
  the success message. They go back to the German page listing instead.
- "Sync translated pages" with "Publish immediately" publishes every
  translation as the current user: only someone who may publish all of them
  (Moderation) gets that option.
- Stopping a synced translation turns the Russian page into a free page whose
  synchronised fields (e.g. a contact form's recipient address) become
  editable: only holders of the permission (not translators) may do that.

The views replace upstream's at the same admin URLs (site_core.wagtail_hooks
registers them before wagtail-localize's, and Django uses the first match).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.api import views as admin_api_views
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.components import TranslationComponentManager
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation, submit_translations, update_translations

from .translation_review import update_source_keeping_translations

SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"


def mirror_locales(user, page):
    """Languages in which ``page`` is only mirrored (an alias) and the user
    may edit that mirror: the translations a translator may start."""
    aliases = Page.objects.filter(alias_of=page).exclude(locale_id=page.locale_id)
    return Locale.objects.filter(
        pk__in=[a.locale_id for a in aliases if a.permissions_for_user(user).can_edit()]
    )


def can_publish(user, instance):
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    meta = instance._meta
    action = "publish" if isinstance(instance, DraftStateMixin) else "change"
    return user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")


class SubmitPageTranslationView(submit_translations.SubmitPageTranslationView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perm(SUBMIT_TRANSLATION):
            self.locales = None  # every language, as upstream
            return super().dispatch(request, *args, **kwargs)
        self.object = self.get_object()
        self.locales = mirror_locales(request.user, self.object)
        if not self.locales.exists():
            raise PermissionDenied
        self.components = TranslationComponentManager.from_request(
            request, source_object_instance=self.object
        )
        # Past upstream's dispatch, which refuses users without the permission.
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if self.locales is not None:
            field = form.fields["locales"]
            field.queryset = field.queryset.filter(pk__in=self.locales)
            # One page at a time: its subpages are started from their own mirrors.
            form.fields["include_subtree"].disabled = True
            form.fields["include_subtree"].widget = forms.HiddenInput()
        return form

    def get_success_url(self):
        next_url = super().get_success_url()
        # The mirror page's button sends people back to the mirror, now the
        # translation; editors may not edit it.
        for page in self.object.get_translations():
            if next_url == reverse("wagtailadmin_pages:edit", args=[page.pk]):
                return next_url if page.permissions_for_user(self.request.user).can_edit() else None
        return next_url

    def get_default_success_url(self, translated_page=None):
        if (
            translated_page is not None
            and not translated_page.permissions_for_user(self.request.user).can_edit()
        ):
            translated_page = None
        return super().get_default_success_url(translated_page)


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    def may_publish_all(self):
        user = self.request.user
        return all(
            can_publish(user, translation.get_target_instance())
            for translation in self.object.translations.filter(enabled=True)
        )

    def get_form(self):
        form = super().get_form()
        if not self.may_publish_all():
            # A disabled field keeps its initial value (False) whatever is posted.
            field = form.fields["publish_translations"]
            field.disabled = True
            field.widget = field.hidden_widget()
        return form

    def form_valid(self, form):
        # Upstream's form_valid starts with update_from_db(), which would
        # leave changed text untranslated (and publish it in German); done
        # here first, it finds nothing left to change.
        update_source_keeping_translations(self.object)
        return super().form_valid(form)


@require_POST
def stop_translation(request, translation_id):
    if not request.user.has_perm(SUBMIT_TRANSLATION):
        messages.error(
            request,
            _(
                "Die synchronisierte Übersetzung beenden kann nur die Moderation. "
                "Bitte wenden Sie sich an sie."
            ),
        )
        translation = Translation.objects.filter(pk=translation_id).first()
        instance = translation.get_target_instance() if translation else None
        if isinstance(instance, Page):
            return redirect("wagtailadmin_pages:edit", instance.pk)
        return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
    return edit_translation.stop_translation(request, translation_id)


class PagesAdminAPIViewSet(admin_api_views.PagesAdminAPIViewSet):
    """The admin API's pages, plus the pages in other languages of every
    page the user may see. The translation editor shows a synchronised page
    field (an event's agency) by asking ``/admin/api/main/pages/<id>/`` for
    the German page; upstream answers only for pages the user has rights on,
    so translators got a 404 and "Seiteninformationen werden gesammelt…"."""

    def get_base_queryset(self):
        explorable = super().get_base_queryset()
        return Page.objects.filter(
            Q(pk__in=explorable.values("pk"))
            | Q(translation_key__in=explorable.values("translation_key"))
        )
