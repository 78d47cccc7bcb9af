"""The privacy policy ("Datenschutz") that forms link next to their consent:
the German standard page with the slug ``datenschutz`` (or a page an editor
chose instead), in the visitor's language while it has a live translation.

Found in one place, because the page cache must know it too: every page
carrying the alert sign-up form links it, so a change to it is a change
shown on every page (``is_privacy_policy``, site_core.cache.stale)."""

from django.conf import settings
from django.db.models import Q, Subquery

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from .models import StandardPage

# The German slug: editors may rename the page's title, not its address.
PRIVACY_SLUG = "datenschutz"


def _default_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def privacy_policy(language, chosen=None):
    """The live privacy policy in ``language``, else ``chosen`` (a page an
    editor picked) or, without one, the German page found by its slug;
    None if that is not live either.

    One query for the page and its translation: Wagtail's
    ``Locale.get_default()`` and ``get_translation_or_none()`` cost one each."""
    if chosen is not None:
        key, fallback = chosen.translation_key, Q(pk=chosen.pk)
    else:
        german = StandardPage.objects.filter(
            locale__language_code=_default_language(), slug=PRIVACY_SLUG
        ).order_by("path")
        key = Subquery(german.values("translation_key")[:1])
        fallback = Q(locale__language_code=_default_language())
    candidates = (
        Page.objects.live()
        .filter(translation_key=key)
        .filter(Q(locale__language_code=language) | fallback)
        .select_related("locale")
    )
    found = sorted(candidates, key=lambda page: page.locale.language_code != language)
    return found[0] if found else None


def is_privacy_policy(pages):
    """Whether any of ``pages``, in any of their languages, is the German
    page found by its slug (as the pages are now: a page giving up the slug
    is site_core.cache.signals' ``slug_changed``)."""
    return Page.objects.filter(
        translation_key__in={page.translation_key for page in pages},
        locale__language_code=_default_language(),
        slug=PRIVACY_SLUG,
    ).exists()
