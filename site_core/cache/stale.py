"""What a change makes stale: the pages whose responses show a page that
changed. Each page type declares the pages beyond its family that show it
(``BasePage.get_listing_page_ids`` and ``get_showing_page_ids``), so that
this stays generic, as torchbox.com's ``tbx/core/utils/cache.py`` keeps
purging generic."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Page, PageLogEntry, ReferenceIndex

from ..models import BasePage, FooterLink
from ..privacy_policy import is_privacy_policy


def _in_header(page):
    """Home pages and main menu pages appear on every page."""
    return page.depth <= 2 or (page.depth == 3 and page.show_in_menus)


def _family(pages, *, descendants):
    """IDs of the pages' ancestors (below the root), and their descendants."""
    query = Q(pk__in=[])
    for page in pages:
        ends = range(2 * Page.steplen, len(page.path), Page.steplen)
        query |= Q(path__in=[page.path[:end] for end in ends])
        if descendants:
            query |= Q(path__startswith=page.path)
    return set(Page.objects.filter(query).values_list("pk", flat=True))


def _listed_on(page):
    """IDs of the pages that list ``page`` besides its ancestors (an
    event's agency, focus-area and project pages...)."""
    if not isinstance(page, BasePage):
        return set()
    return page.get_listing_page_ids() - {None}


def _shown_on(pages):
    """IDs of the pages that show pages of these types in every language of
    their own (the calendars); one query per type."""
    page_types = {type(page) for page in pages if isinstance(page, BasePage)}
    return set().union(*(page_type.get_showing_page_ids() for page_type in page_types))


def _translations(page_ids):
    """The pages with these IDs in every language, aliases included."""
    keys = Page.objects.filter(pk__in=page_ids).values("translation_key")
    return list(Page.objects.filter(translation_key__in=keys).only("pk", "path", "depth"))


def referrers(pages):
    """IDs of the pages that link to ``pages`` or show their titles."""
    references = ReferenceIndex.get_references_to_in_bulk(pages).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    return {int(pk) for pk in references.values_list("object_id", flat=True)}


def stale_pages(pages, previous=(), *, content_only=False):
    """The IDs of the pages whose responses show any of ``pages`` (specific
    pages as they are now) or ``previous`` (as they were before the change,
    where known); None if that is every page.

    That is each page in every language, with its descendants (URLs and
    breadcrumbs) and ancestors (the listings and home pages showing it); the
    pages it is listed on (an event's agency, focus-area and project pages,
    a project's agency and focus-area pages), before and after the change;
    the pages that link to it or show its title, with their listings; and
    the pages that show it in every language (the calendars, which list
    events and filter by agency, focus area and project). The home, menu and
    footer pages and the privacy policy (site_core.privacy_policy) show on
    every page.

    ``content_only``: the pages' titles, addresses and places in the tree
    stay as they are (a place or person they show changed), so neither the
    menu, the footer, their descendants nor the pages linking to them change.
    """
    if not pages:
        return set()
    keys = {page.translation_key for page in pages}
    group = list(
        Page.objects.filter(translation_key__in=keys).only("pk", "path", "depth", "show_in_menus")
    )
    if not content_only and (
        any(_in_header(page) for page in [*pages, *group, *previous])
        or FooterLink.objects.filter(page__translation_key__in=keys).exists()
        # Linked by the alert sign-up form, on nearly every page.
        or is_privacy_policy(pages)
    ):
        return None

    ids = {page.pk for page in group} | _family(group, descendants=not content_only)
    related = set().union(*(_listed_on(page) for page in [*pages, *previous]))
    if not content_only:
        related |= referrers(group)
    related = _translations(related)
    ids |= {page.pk for page in related} | _family(related, descendants=False)
    ids |= _shown_on(pages)
    return ids


def previous_version(page, revision):
    """The page as it was last published before ``revision``, or None."""
    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .exclude(revision=None)
        .exclude(revision=revision)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry else None
