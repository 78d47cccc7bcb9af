"""Translating content through wagtail-localize's own records.

Used by the demo content loader and the tests, so both create exactly what
a translator creates in the translation editor: a TranslationSource, a
StringTranslation per segment and a Translation whose target is saved.
"""

from django.db import transaction

from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from .translation_review import update_source_keeping_translations


class MissingStringsError(Exception):
    def __init__(self, strings):
        self.strings = strings
        super().__init__("\n".join(strings))


def translate_object(obj, locale, translate_string, *, publish=True):
    """Translate ``obj`` into ``locale`` with ``translate_string(text)``.

    ``translate_string`` returns the translation of one source string, or
    None if it has none; then nothing is saved and MissingStringsError names
    every string that is missing.

    Pages are published here, at once, rather than by wagtail-localize's
    ``save_target(publish=True)``, which publishes in ``transaction.on_commit``
    from the page object it loaded: inside one transaction (a test, or a
    whole import) a parent published after its children were added would
    write its stale child count (treebeard's ``numchild``) back and hide them.
    """
    source, _ = TranslationSource.update_or_create_from_instance(obj)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    translated, missing = [], []
    for segment in segments:
        text = translate_string(segment.string.data)
        if text is None:
            missing.append(segment.string.data)
        else:
            translated.append((segment, text))
    if missing:
        raise MissingStringsError(missing)
    for segment, text in translated:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    if isinstance(obj, Page):
        translation.save_target(publish=False)
        if publish:
            obj.get_translation(locale).get_latest_revision().publish()
    else:
        translation.save_target(publish=True)
    return translation


def refresh_translation_source(sender, instance, **kwargs):
    """page_published: bring a translated German page's strings up to date in
    wagtail-localize at once (what "Sync translated pages" does first), so
    translators see new and changed text waiting in the translation editor
    and on their dashboard; changed text keeps its translation, to be checked
    (site_core.translation_review). Nothing is published in other languages."""
    if instance.locale_id != Locale.get_default().pk:
        return

    def refresh():
        source = TranslationSource.objects.get_for_instance_or_none(instance)
        if source is not None:
            update_source_keeping_translations(source)

    transaction.on_commit(refresh, robust=True)


def snippet_saved(sender, instance, raw=False, **kwargs):
    """post_save of a translatable snippet (place, contact person, footer
    text): a German one gets its Russian counterpart as a translation task at
    once, with the German text until translated, so that Russian pages
    pointing at it keep working; its strings are brought up to date for the
    translation editor and the dashboard."""
    if raw or instance.locale_id != Locale.get_default().pk:
        return

    def create_tasks():
        source = TranslationSource.objects.get_for_instance_or_none(instance)
        if source is None:
            source, _created = TranslationSource.get_or_create_from_instance(instance)
        else:
            update_source_keeping_translations(source)
        for locale in Locale.objects.exclude(pk=instance.locale_id):
            if instance.get_translation_or_none(locale) is None:
                translation, _created = Translation.objects.get_or_create(
                    source=source, target_locale=locale
                )
                translation.save_target()

    transaction.on_commit(create_tasks, robust=True)
