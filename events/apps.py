from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self):
        from wagtail.signals import page_published

        from .sync import on_page_published

        page_published.connect(on_page_published, dispatch_uid="events_sync_translations")
