"""Changed German text keeps its Russian translation until it is checked.

wagtail-localize translates strings, not fields: when "…vor." becomes
"…vor!", ``TranslationSource.update_from_db`` makes a new String with no
translation, and ``Translation.save_target`` (always ``fallback=True``)
fills it with the German text, so the translator's next publish replaced
the live Russian text with German, without a word. wagtail-localize has no
"fuzzy" state. Here, when a source is brought up to date, the translation
of the text that stood at the same place is copied to the new text, marked
by its ``tool_name``: the translation editor shows it as "Übersetzt mit
bisheriger Übersetzung (deutscher Text geändert, bitte prüfen) am …", the
dashboard counts it as to be checked, the batch PO export flags it fuzzy.
Saving the text in the editor (which clears ``tool_name``) or uploading it
without the fuzzy flag ends the check.
"""

import difflib
from collections import defaultdict

from django.db.models import Exists, OuterRef

from wagtail_localize.models import StringSegment, StringTranslation

# Shown by wagtail-localize as "Übersetzt mit {tool_name} am {date}".
NEEDS_REVIEW = "bisheriger Übersetzung (deutscher Text geändert, bitte prüfen)"


def _strings_by_context(source):
    strings = defaultdict(list)
    for context_id, string_id in (
        StringSegment.objects.filter(source=source)
        .order_by("order")
        .values_list("context_id", "string_id")
    ):
        strings[context_id].append(string_id)
    return strings


def _replaced_strings(before, after):
    """(old string, new string, context) for each text changed in place.

    A field holds one string, a rich text field one per paragraph: the
    paragraphs are aligned, so an added paragraph does not take the
    translation of the one after it."""
    for context_id, new_ids in after.items():
        old_ids = before.get(context_id, [])
        matcher = difflib.SequenceMatcher(a=old_ids, b=new_ids, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "replace":
                for old, new in zip(old_ids[i1:i2], new_ids[j1:j2], strict=False):
                    yield old, new, context_id


def update_source_keeping_translations(source):
    """``source.update_from_db()``, carrying translations of changed text."""
    before = _strings_by_context(source)
    source.update_from_db()
    for old, new, context_id in _replaced_strings(before, _strings_by_context(source)):
        previous = StringTranslation.objects.filter(
            translation_of_id=old, context_id=context_id, has_error=False
        )
        for translation in previous:
            # A translation the new text already has (it was changed back) stays.
            StringTranslation.objects.get_or_create(
                translation_of_id=new,
                locale_id=translation.locale_id,
                context_id=context_id,
                defaults={
                    "data": translation.data,
                    "translation_type": translation.translation_type,
                    "tool_name": NEEDS_REVIEW,
                    "last_translated_by": translation.last_translated_by,
                },
            )


def strings_to_review(translation):
    """The StringTranslations of a Translation still marked for checking."""
    in_source = StringSegment.objects.filter(
        source=translation.source,
        string_id=OuterRef("translation_of_id"),
        context_id=OuterRef("context_id"),
    )
    return StringTranslation.objects.filter(
        Exists(in_source),
        locale_id=translation.target_locale_id,
        tool_name=NEEDS_REVIEW,
        has_error=False,
    )


def flag_fuzzy(translation, po):
    """Mark the texts to check as fuzzy in an exported PO file."""
    marked = set(
        strings_to_review(translation).values_list("translation_of__data", "context__path")
    )
    for entry in po:
        if (entry.msgid, entry.msgctxt) in marked and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
    return po


def confirm_reviewed(translation, po):
    """After a PO import: a text uploaded without the fuzzy flag is checked.

    (import_po leaves an unchanged translation as it is.)"""
    confirmed = {
        (entry.msgid, entry.msgctxt, entry.msgstr)
        for entry in po
        if entry.msgstr and "fuzzy" not in entry.flags
    }
    for string_translation in strings_to_review(translation).select_related(
        "translation_of", "context"
    ):
        key = (
            string_translation.translation_of.data,
            string_translation.context.path,
            string_translation.data,
        )
        if key in confirmed:
            string_translation.tool_name = ""
            string_translation.save(update_fields=["tool_name", "updated_at"])
