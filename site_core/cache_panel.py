"""The admin's word on the page cache: a dashboard panel for moderators
when a change could not reach the cache (Redis unreachable), with a button
to try again; the retry itself also runs by itself (site_core.cache)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.ui.components import Component

from .cache import retry_failed_invalidations
from .models import FailedCacheInvalidation
from .roles import MODERATORS


def sees_cache_problems(user):
    return user.is_superuser or user.groups.filter(name=MODERATORS).exists()


class FailedCacheInvalidationPanel(Component):
    name = "failed_cache_invalidation"
    template_name = "site_core/admin/failed_cache_invalidation_panel.html"
    order = 10  # above the other panels: visitors may see outdated pages

    def __init__(self, failures):
        self.failures = failures

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["failures"] = self.failures
        context["csrf_token"] = get_token(parent_context["request"])
        return context


def dashboard_panel(user):
    if not sees_cache_problems(user):
        return None
    failures = list(FailedCacheInvalidation.objects.order_by("failed_at"))
    return FailedCacheInvalidationPanel(failures) if failures else None


@require_POST
def retry(request):
    if not sees_cache_problems(request.user):
        raise PermissionDenied
    if retry_failed_invalidations():
        messages.success(
            request, _("Der Seiten-Cache wurde geleert: Besucher sehen den neuen Stand.")
        )
    elif FailedCacheInvalidation.objects.exists():
        messages.error(
            request,
            _(
                "Der Cache-Server (Redis) antwortet noch nicht. Die Seiten werden so lange "
                "ungepuffert ausgeliefert; versuchen Sie es später erneut."
            ),
        )
    return redirect("wagtailadmin_home")
