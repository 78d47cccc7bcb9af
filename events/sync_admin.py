"""Dates that did not reach the translations, in the admin: a dashboard panel
for moderators listing them with the reason, and its "Erneut versuchen"
button (``events.sync``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.ui.components import Component

from .models import PendingDateSync
from .sync import live_translations, sync_dates


def may_sync(user, source):
    """Who could have published the event and its translations themselves:
    moderators and superusers (editors and translators publish only one
    language, if any)."""
    return source.permissions_for_user(user).can_publish() and all(
        page.permissions_for_user(user).can_publish() for page in live_translations(source)
    )


def pending_syncs_for(user):
    pending = PendingDateSync.objects.to_show().select_related("source", "source__locale")
    return [sync for sync in pending if may_sync(user, sync.source.specific)]


class PendingDateSyncPanel(Component):
    name = "pending_date_syncs"
    template_name = "events/admin/pending_date_sync_panel.html"
    # Before the translation work (90): dates visitors rely on come first.
    order = 80

    def __init__(self, pending):
        self.pending = pending

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pending"] = [(sync, list(live_translations(sync.source))) for sync in self.pending]
        context["csrf_token"] = get_token(parent_context["request"])
        return context


def dashboard_panel(request, panels):
    """construct_homepage_panels: only when there is something to do."""
    pending = pending_syncs_for(request.user)
    if pending:
        panels.append(PendingDateSyncPanel(pending))


@require_POST
def retry(request, pk):
    sync = get_object_or_404(PendingDateSync.objects.select_related("source"), pk=pk)
    source = sync.source.specific
    if not may_sync(request.user, source):
        raise PermissionDenied
    if sync_dates(source.pk):
        messages.success(
            request,
            _("Die Termine von „%(title)s“ sind jetzt in allen Übersetzungen.")
            % {"title": source.title},
        )
    else:
        sync.refresh_from_db()
        messages.error(
            request,
            _("Die Termine von „%(title)s“ konnten wieder nicht übertragen werden: %(error)s")
            % {"title": source.title, "error": sync.error},
        )
    return redirect("wagtailadmin_home")
