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
        self.connect_feed_parts()

    @staticmethod
    def connect_feed_parts():
        """What makes a stored feed part stale (events.feed_part_signals)."""
        from django.db.models.signals import post_delete, post_save, pre_delete

        from wagtail.models import Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import feed_part_signals as parts

        uid = "events_feed_parts"
        for signal in (page_published, page_unpublished):
            signal.connect(parts.on_page_changed, dispatch_uid=uid)
        post_page_move.connect(parts.on_page_moved, dispatch_uid=uid)
        post_save.connect(parts.on_event_saved, sender="events.EventPage", dispatch_uid=uid)
        for model in parts.EVENT_ROWS:
            for signal in (post_save, post_delete):
                signal.connect(parts.on_event_row_changed, sender=model, dispatch_uid=uid)
        for signal in (post_save, pre_delete):
            signal.connect(parts.on_location_changed, sender="site_core.Location", dispatch_uid=uid)
            signal.connect(
                parts.on_contact_changed, sender="site_core.ContactPerson", dispatch_uid=uid
            )
            signal.connect(parts.on_site_changed, sender=Site, dispatch_uid=uid)
