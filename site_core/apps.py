from django.apps import AppConfig


class SiteCoreConfig(AppConfig):
    name = "site_core"
    verbose_name = "Website"

    def ready(self):
        from django.db.models.signals import post_save, pre_save

        from wagtail.signals import page_published
        from wagtail_localize.models import StringTranslation

        from .models import ContactPerson, FooterText, Location
        from .slugs import transliterate_slug_translation
        from .translation import refresh_translation_source, snippet_saved

        pre_save.connect(
            transliterate_slug_translation,
            sender=StringTranslation,
            dispatch_uid="site_core_transliterate_slugs",
        )
        page_published.connect(
            refresh_translation_source, dispatch_uid="site_core_refresh_translation_source"
        )
        for model in (Location, ContactPerson, FooterText):
            post_save.connect(snippet_saved, sender=model, dispatch_uid=f"snippet_saved_{model}")

        from .admin_display import use_numeric_translation_dates

        use_numeric_translation_dates()

        # The page cache: its on_serve_page hook and every signal that
        # makes cached pages stale, in one place.
        from . import cache

        cache.connect()

        from .widgets import use_admin_date_input

        use_admin_date_input()

        # A German page's translations go offline with it, however it goes
        # offline (site_core.page_unpublishing).
        from wagtail.signals import page_unpublished

        from .page_unpublishing import unpublish_translations

        page_unpublished.connect(
            unpublish_translations, dispatch_uid="site_core_unpublish_translations"
        )

        # A restriction on a German page holds for its translations.
        from . import restrictions

        restrictions.connect()

        from .page_forms import use_stream_form_field

        use_stream_form_field()
