from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """E-mail alerts: visitors who follow a page's events are told by mail
    when a date is cancelled, moved or gets a note, or a new event starts.
    Above ``events`` (it reads their changes), below ``home``."""

    name = "alerts"
    verbose_name = _("Benachrichtigungen per E-Mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from . import changes

        # In the publish's transaction: the changes visitors must hear of.
        page_published.connect(changes.on_page_published, dispatch_uid="alerts_record_changes")
