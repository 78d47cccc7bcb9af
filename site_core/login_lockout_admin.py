"""Einstellungen → Anmeldesperren: django-axes' records of failed logins, for
superusers, who lift a lockout by deleting its record.

Axes shows them in the Django admin, which this site does not serve
(AXES_ENABLE_ADMIN = False). Operators can also run
``manage.py axes_reset_username NAME``.
"""

from axes.models import AccessAttempt

from django.utils.translation import gettext_lazy as _

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy


class SuperusersMayViewAndDelete(ModelPermissionPolicy):
    """Records are made by failed logins only: nobody adds or edits them."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in ("view", "delete")

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(is_superuser=True)


class LoginLockoutViewSet(ModelViewSet):
    model = AccessAttempt
    permission_policy = SuperusersMayViewAndDelete(AccessAttempt)
    menu_label = _("Anmeldesperren")
    icon = "lock"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["username", "ip_address"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    # Only for the viewset's edit view, which the permission policy closes.
    form_fields = ["username"]
