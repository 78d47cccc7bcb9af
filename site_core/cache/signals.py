"""The page cache's connections: its on_serve_page hook, and every signal
that makes cached pages stale (``connect()``, called once in
``SiteCoreConfig.ready``)."""

from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from ..models import ContactPerson, FooterLink, FooterText, Location, SiteSettings
from ..privacy_policy import PRIVACY_SLUG
from .invalidation import invalidate_on_commit, page_urls
from .serving import remember_page
from .stale import previous_version, referrers, stale_pages


def page_changed(sender, instance, signal, revision=None, **kwargs):
    """page_published (translations and aliases included), page_unpublished,
    pre_ and post_page_move (the old and the new place), pre_delete.

    Except for a publish, the page may have stopped being public (gone, or
    moved below a restricted page): no previous version is served on."""
    page = instance.specific
    previous = previous_version(page, revision) if revision is not None else None
    invalidate_on_commit(
        stale_pages([page], [previous] if previous else []),
        withdraw_previous=signal is not page_published,
    )


def slug_changed(sender, instance, instance_before, **kwargs):
    """page_slug_changed (after commit): the frontend cache still has the
    page under its old address. (The page cache keys its entries by page.)

    The privacy policy is found by its slug: a page giving it up (or taking
    it) changes the link on every page, also where no earlier publish tells
    ``stale_pages`` what the page was before."""
    if PRIVACY_SLUG in (instance.slug, instance_before.slug):
        invalidate_on_commit(None)
    if get_backends():
        PurgeBatch(page_urls([instance_before])).purge()


def snippet_changed(sender, instance, raw=False, **kwargs):
    """A place or contact person, in any language: the pages showing it."""
    if raw:
        return
    snippets = list(sender.objects.filter(translation_key=instance.translation_key))
    page_ids = referrers(snippets)
    pages = list(Page.objects.filter(pk__in=page_ids).specific())
    invalidate_on_commit(stale_pages(pages, content_only=True))


def everything_changed(sender, raw=False, **kwargs):
    """Footer text, site settings, sites: every page."""
    if raw:
        return
    invalidate_on_commit(None)


def restriction_changed(sender, raw=False, **kwargs):
    """A view restriction made, changed or lifted (on a page, so on its
    descendants, and mirrored onto its twins: site_core.restrictions):
    every page, and no previous version may be served, as it may show a
    page that is no longer public."""
    if raw:
        return
    invalidate_on_commit(None, withdraw_previous=True)


def connect():
    hooks.register("on_serve_page", remember_page, order=1)
    for signal in (page_published, page_unpublished, pre_page_move, post_page_move):
        signal.connect(page_changed, dispatch_uid="page_cache")
    pre_delete.connect(page_changed, sender=Page, dispatch_uid="page_cache")
    page_slug_changed.connect(slug_changed, dispatch_uid="page_cache")
    for model in (Location, ContactPerson):
        post_save.connect(snippet_changed, sender=model, dispatch_uid="page_cache")
        pre_delete.connect(snippet_changed, sender=model, dispatch_uid="page_cache")
    for model in (FooterText, SiteSettings, FooterLink, Site):
        post_save.connect(everything_changed, sender=model, dispatch_uid="page_cache")
        post_delete.connect(everything_changed, sender=model, dispatch_uid="page_cache")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="page_cache")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="page_cache")
