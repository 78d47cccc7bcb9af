"""Readable Latin slugs for Russian pages.

wagtail-localize runs a translated slug through Django's ``slugify`` without
Unicode, which drops Cyrillic: "мероприятия" became an empty slug. Translators
may type the slug in Cyrillic; it is transliterated first (the common
Russian-to-Latin scheme also used for passports' old style: х → kh,
ц → ts, я → ya), so the address reads "meropriyatiya".
"""

from django.utils.text import slugify

RUSSIAN_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


def transliterate(text):
    return "".join(RUSSIAN_TO_LATIN.get(char, char) for char in text.lower())


def latin_slug(text):
    """``text`` as a Latin slug: "Немецкое кафе" → "nemetskoe-kafe"."""
    return slugify(transliterate(text))


def transliterate_slug_translation(sender, instance, **kwargs):
    """pre_save of wagtail-localize's StringTranslation: a translated slug
    is stored transliterated, and never as something that slugifies to
    nothing."""
    context = instance.context
    if context is None or context.path != "slug":
        return
    slug = latin_slug(instance.data)
    instance.data = slug or latin_slug(instance.translation_of.data) or instance.data
