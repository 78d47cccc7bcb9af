"""A view restriction (password, login or groups) on a page in the source
language holds for its translations and aliases in every other language.

Wagtail keeps a restriction on one page; wagtail-localize copies it to a
translation only when the translation is saved from the translation editor
(``Translation.save_target``, ``sync_view_restrictions``), and Wagtail's
``create_alias`` copies it only where the new alias's parent is not
restricted itself. Meanwhile the Russian twin of a German page made private
stayed public, in its calendar, feeds and sitemap. Here every change of a
German page's own restriction is mirrored at once:

- created or changed (type, password, groups): each twin (same
  ``translation_key``, other locale) gets the same restriction;
- lifted: the twins' restrictions are lifted too;
- a twin created later (a translation, an alias made by the tree sync) gets
  the restriction when it is saved, and publishing either side mends a twin
  that has none;
- a twin's mirrored restriction cannot be lifted or changed on its own: it is
  put back as the source's (and the admin's privacy dialog refuses it with a
  message, ``site_core.privacy_admin``).

Deleting a German page leaves its twins' restrictions alone: a Russian page
that outlives its source must not turn public by that.

A restriction on an ancestor holds for the descendants in Wagtail
(``get_view_restrictions``, ``PageQuerySet.public``): the mirrored one on
the Russian ancestor does the same in Russian. The mirrored restrictions are
saved with ``user=None``: the pages' history names the system.
"""

import logging

from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.models import Locale, Page, PageViewRestriction, get_page_models
from wagtail.signals import page_published

logger = logging.getLogger(__name__)

MIRRORED_FIELDS = ("restriction_type", "password")


def is_source(page):
    return page.locale_id == Locale.get_default().pk


def source_of(page):
    """The page in the source language that ``page`` translates or mirrors,
    or None (``page`` is in the source language, or has no source)."""
    if is_source(page):
        return None
    return Page.objects.filter(
        translation_key=page.translation_key, locale=Locale.get_default()
    ).first()


def twins_of(page):
    """The translations and aliases of ``page`` in the other languages."""
    return Page.objects.filter(translation_key=page.translation_key).exclude(
        locale_id=page.locale_id
    )


def own_restriction(page):
    """The restriction on ``page`` itself (not one on an ancestor), or None.
    Wagtail's privacy dialog keeps one per page."""
    return PageViewRestriction.objects.filter(page=page).order_by("pk").first()


def mirrored_restriction(page):
    """The source's restriction that ``page``'s own restriction follows, or
    None if its source (if any) is not restricted itself."""
    source = source_of(page)
    return own_restriction(source) if source is not None else None


def apply(source_restriction, page, keep=None):
    """Give ``page`` exactly the source's restriction: one restriction of
    the same type, password and groups (``keep``, or the page's oldest, is
    updated rather than replaced, so that visitors who entered the password
    stay in)."""
    restrictions = list(PageViewRestriction.objects.filter(page=page).order_by("pk"))
    if keep is None:
        keep = restrictions[0] if restrictions else PageViewRestriction(page=page)
    changed = keep.pk is None
    for field in MIRRORED_FIELDS:
        if getattr(keep, field) != getattr(source_restriction, field):
            setattr(keep, field, getattr(source_restriction, field))
            changed = True
    if changed:
        keep.save()
    groups = set(source_restriction.groups.values_list("pk", flat=True))
    if set(keep.groups.values_list("pk", flat=True)) != groups:
        keep.groups.set(groups)
    for duplicate in restrictions:
        if duplicate.pk != keep.pk:
            duplicate.delete()


def mirror(source_restriction):
    for twin in twins_of(source_restriction.page):
        apply(source_restriction, twin)


# Signal receivers


def restriction_saved(sender, instance, raw=False, **kwargs):
    """post_save of a PageViewRestriction: mirror a source page's onto its
    twins; put a twin's back as its source's."""
    if raw:
        return
    page = instance.page
    if is_source(page):
        mirror(instance)
        return
    source_restriction = mirrored_restriction(page)
    if source_restriction is not None:
        # Keep the one just saved: Wagtail's create_alias sets its groups next.
        apply(source_restriction, page, keep=instance)


def restriction_groups_changed(sender, instance, action, reverse=False, **kwargs):
    """m2m_changed of PageViewRestriction.groups: the privacy dialog sets the
    groups after saving the restriction."""
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, PageViewRestriction) and is_source(instance.page):
        mirror(instance)


def restriction_deleted(sender, instance, origin=None, **kwargs):
    """post_delete of a PageViewRestriction. Deleted with its page (``origin``
    is the page or a query of pages): nothing to mirror."""
    deleted_with_page = isinstance(origin, Page) or issubclass(
        getattr(origin, "model", type(None)), Page
    )
    if deleted_with_page:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    if is_source(page):
        for restriction in PageViewRestriction.objects.filter(page__in=twins_of(page)):
            restriction.delete()
        return
    source_restriction = mirrored_restriction(page)
    if source_restriction is not None and own_restriction(page) is None:
        logger.warning(
            "The view restriction of page %s follows its source page %s: restored.",
            page.pk,
            source_restriction.page_id,
        )
        apply(source_restriction, page)


def twin_created(sender, instance, created=False, raw=False, **kwargs):
    """post_save of every page model: a new translation or alias of a
    restricted source page is restricted from the start."""
    if created and not raw and not is_source(instance):
        source_restriction = mirrored_restriction(instance)
        if source_restriction is not None:
            apply(source_restriction, instance)


def page_published_mend(sender, instance, **kwargs):
    """page_published, in any language: a twin that missed its restriction
    (made before this module, or in a way that sent no signal) gets it."""
    if is_source(instance):
        source_restriction = own_restriction(instance)
        pages = twins_of(instance)
    else:
        source_restriction = mirrored_restriction(instance)
        pages = [instance]
    if source_restriction is None:
        return
    for page in pages:
        if own_restriction(page) is None:
            apply(source_restriction, page)


def connect():
    uid = "site_core_restrictions"
    post_save.connect(restriction_saved, sender=PageViewRestriction, dispatch_uid=uid)
    post_delete.connect(restriction_deleted, sender=PageViewRestriction, dispatch_uid=uid)
    m2m_changed.connect(
        restriction_groups_changed, sender=PageViewRestriction.groups.through, dispatch_uid=uid
    )
    page_published.connect(page_published_mend, dispatch_uid=uid)
    for model in get_page_models():
        post_save.connect(twin_created, sender=model, dispatch_uid=f"{uid}_{model.__name__}")
