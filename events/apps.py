from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.signals import page_published, page_unpublished

        from . import store
        from .sync import on_page_published

        page_published.connect(on_page_published, dispatch_uid="events_sync_translations")
        for signal in (page_published, page_unpublished):
            signal.connect(store.on_page_changed, dispatch_uid="events_store_occurrences")
        post_save.connect(
            store.on_alias_created,
            sender="events.EventPage",
            dispatch_uid="events_store_alias_occurrences",
        )
