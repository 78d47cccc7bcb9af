"""Deleting a German page deletes its copies in the other languages.

As soon as an editor types a title, Wagtail's autosave creates the German
page and wagtail-localize's tree synchronisation (``LocaleSynchronization``,
``wagtail_localize.synctree.after_create_page``) an alias of it in the Russian
tree. Wagtail's delete view deletes only the German page: the alias's
``alias_of`` is set to NULL and it stays in /ru/ as a page of its own.
(Wagtail cascades only through the ``construct_translated_pages_to_cascade_actions``
hook of ``wagtail.contrib.simple_translation``, which we do not use; that hook
also skips copies that sit under another parent and counts no aliases.)

Here the copies of the page and of every page below it are deleted with it,
as a consequence of the German deletion: aliases (they show the German text)
and translations that were never published, whatever rights the user has in
the other language's tree. A translation that is or was published is
translators' work visitors may have seen (left behind, it would stay in the
Russian calendar and feed under the German event's UID, with no date sync):
it is deleted with the German page if the user may delete it too
(moderators, superusers); otherwise (editors) the German page is not deleted
at all, and the delete view says why and who can act.

wagtail-localize removes its ``Translation`` and ``TranslationSource`` records
itself once the pages are gone (its post_delete handler).
"""

import logging
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Locale, Page

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TranslatedCopy:
    """The top page of a copy of the deleted subtree in another language."""

    page: Page
    descendant_count: int

    @property
    def is_alias(self):
        return self.page.alias_of_id is not None


@dataclass(frozen=True)
class TranslatedCopies:
    copies: list  # of TranslatedCopy, deleted with the German page
    published: list  # of Page: translations that are or were published

    def blocks_deletion_by(self, user):
        """Whether a published translation keeps ``user`` from deleting the
        page: one the user may not delete (Wagtail's permission tester on
        the copy that holds it, as if the user deleted that copy)."""
        holding = [
            copy.page
            for copy in self.copies
            if any(page.path.startswith(copy.page.path) for page in self.published)
        ]
        return any(not page.permissions_for_user(user).can_delete() for page in holding)


def translated_copies(page):
    """The copies in other languages of a source-language page and of the
    pages below it, and the published translations among them."""
    if page.locale_id != Locale.get_default().pk:
        # A translation's "copies" would include its German source.
        return TranslatedCopies(copies=[], published=[])
    keys = page.get_descendants(inclusive=True).values("translation_key")
    candidates = (
        Page.objects.filter(translation_key__in=keys)
        .exclude(locale_id=page.locale_id)
        .select_related("locale")
        .order_by("path")
    )
    tops = []
    for candidate in candidates:
        if not any(candidate.path.startswith(top.path) for top in tops):
            tops.append(candidate)
    if not tops:
        return TranslatedCopies(copies=[], published=[])
    in_copies = Page.objects.filter(reduce(or_, (Q(path__startswith=top.path) for top in tops)))
    published = in_copies.filter(alias_of__isnull=True).filter(
        Q(live=True) | Q(first_published_at__isnull=False)
    )
    return TranslatedCopies(
        copies=[
            TranslatedCopy(page=top.specific_deferred, descendant_count=top.get_descendant_count())
            for top in tops
        ],
        published=list(published.select_related("locale").specific(defer=True)),
    )


def version_in(locale):
    """ "Die russische Fassung": German declines the language's adjective,
    Django knows only the noun (Russisch)."""
    named = {"ru": _("Die russische Fassung"), "de": _("Die deutsche Fassung")}
    if locale.language_code in named:
        return named[locale.language_code]
    language = get_language_info(locale.language_code)["name_translated"]
    return _("Die Fassung auf %(language)s") % {"language": language}


def describe_published(page):
    values = {"version": version_in(page.locale), "title": page.get_admin_display_title()}
    if page.live:
        return _("%(version)s „%(title)s“ ist veröffentlicht und wird ebenfalls gelöscht.") % values
    return (
        _("%(version)s „%(title)s“ war schon einmal veröffentlicht und wird ebenfalls gelöscht.")
        % values
    )


def describe_all(copies):
    """The German sentences naming what is deleted with the page: each copy
    (with the number of pages below it) and each published translation."""
    sentences = [describe(copy, copies.published) for copy in copies.copies]
    tops = {copy.page.pk for copy in copies.copies}
    sentences += [describe_published(page) for page in copies.published if page.pk not in tops]
    return sentences


def describe(copy, published=()):
    """One German sentence naming a copy that is deleted with the page."""
    values = {
        "version": version_in(copy.page.locale),
        "title": copy.page.get_admin_display_title(),
    }
    if copy.page.pk in {page.pk for page in published}:
        sentence = describe_published(copy.page)
    elif copy.is_alias:
        sentence = (
            _(
                "%(version)s „%(title)s“ ist noch nicht übersetzt (sie zeigt den deutschen "
                "Text) und wird ebenfalls gelöscht."
            )
            % values
        )
    else:
        sentence = (
            _(
                "%(version)s „%(title)s“ ist eine noch nie veröffentlichte Übersetzung und "
                "wird ebenfalls gelöscht."
            )
            % values
        )
    if copy.descendant_count:
        sentence += " " + ngettext(
            "Mit ihr wird %(count)d Unterseite gelöscht.",
            "Mit ihr werden %(count)d Unterseiten gelöscht.",
            copy.descendant_count,
        ) % {"count": copy.descendant_count}
    return sentence


def describe_deleted(copy):
    return _("%(version)s „%(title)s“ wurde ebenfalls gelöscht.") % {
        "version": version_in(copy.page.locale),
        "title": copy.page.get_admin_display_title(),
    }


def describe_refusal(copies):
    published = "; ".join(
        f"{version_in(page.locale)} „{page.get_admin_display_title()}“" for page in copies.published
    )
    return _(
        "Diese Seite kann nicht gelöscht werden: %(published)s ist veröffentlicht oder war "
        "es schon einmal. Die Moderation kann sie zusammen mit dieser Seite löschen."
    ) % {"published": published}


def delete_copies(copies, user):
    """Delete the copies (a ``TranslatedCopies`` made before the German page
    was deleted), logged as deleted by the user who deleted the page. Rights
    in the other language's tree are not checked here: the copies follow the
    page, and ``blocks_deletion_by`` has checked them for published ones."""
    for copy in copies.copies:
        page = Page.objects.filter(pk=copy.page.pk).first()
        if page is None:  # already gone, e.g. below another deleted copy
            continue
        DeletePageAction(page.specific, user=user).execute(skip_permission_checks=True)
        logger.info(
            "Deleted %s copy %s (page %d) with its source page",
            copy.page.locale.language_code,
            copy.page.url_path,
            copy.page.pk,
        )
