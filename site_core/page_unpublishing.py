"""Unpublishing a German page unpublishes its translations.

Wagtail unpublishes a page's aliases with it (``UnpublishPageAction``), but
not its translations: those cascade only through the
``construct_translated_pages_to_cascade_actions`` hook of
``wagtail.contrib.simple_translation``, which we do not use, and only in the
admin's unpublish view. A Russian event left live after its German source
went offline stays in the Russian calendar and feed, under the German
event's UID and without the date sync that follows the German event.

So every unpublish of a source-language page, however it happens (the
admin's unpublish view, with or without "include descendants", bulk
unpublish, scheduled expiry by ``manage.py publish_scheduled``, code),
unpublishes its live translations from Wagtail's ``page_unpublished``
signal: a consequence of the German action, not checked against rights in
the other language (no user is passed to the action; the log entry still
names the admin user, through Wagtail's ``LogContext``). Unpublishing a
translation leaves the German page alone.

Publishing the German page again does not republish its translations: their
text may need a translator's look first, and an automatic republish would
also revive a translation that had been taken offline for its own reasons.
The translators or the moderators publish it again; the unpublish view's
confirmation and messages say so.
"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Locale, Page

from .page_deletion import version_in

logger = logging.getLogger(__name__)

LOG_ACTION = "site_core.unpublish_with_source"
LOG_LABEL = gettext_lazy("Mit der deutschen Fassung offline nehmen")
LOG_MESSAGE = gettext_lazy("Mit der deutschen Fassung offline genommen")


def live_translations(pages):
    """The live pages in other languages that share a translation key with
    one of ``pages``, source-language pages (aliases included: Wagtail
    unpublishes those itself, but they go offline all the same)."""
    default = Locale.get_default()
    keys = [page.translation_key for page in pages if page.locale_id == default.pk]
    return (
        Page.objects.live()
        .filter(translation_key__in=keys)
        .exclude(locale=default)
        .select_related("locale")
        .order_by("path")
    )


def unpublish_translations(sender, instance, **kwargs):
    """page_unpublished: unpublish the translations of a source-language page,
    expired with it if it expired. A failure is logged and leaves the German
    page offline; the admin's unpublish view then names the translation
    still live (``describe_after``)."""
    for translation in live_translations([instance]).specific():
        try:
            with transaction.atomic():
                UnpublishPageAction(
                    translation, set_expired=instance.expired, log_action=LOG_ACTION
                ).execute(skip_permission_checks=True)
        except Exception:  # noqa: BLE001 - any failure is logged and shown in the admin
            logger.exception(
                "The %s translation %s (page %d) of unpublished page %d is still live; "
                "unpublish it in the admin.",
                translation.locale.language_code,
                translation.url_path,
                translation.pk,
                instance.pk,
            )
        else:
            logger.info(
                "Unpublished %s translation %s (page %d) with its source page %d",
                translation.locale.language_code,
                translation.url_path,
                translation.pk,
                instance.pk,
            )


def _title(page):
    return {"version": version_in(page.locale), "title": page.get_admin_display_title()}


REPUBLISHING = gettext_lazy(
    "Wird diese Seite wieder veröffentlicht, bleiben ihre Übersetzungen offline, bis das "
    "Übersetzungsteam oder die Moderation sie wieder veröffentlicht."
)


def describe_before(page):
    """The German sentences of the unpublish confirmation: the translations
    of the page that go offline with it, those of its live descendants if
    they are unpublished too, and what happens on republishing."""
    translations = list(live_translations([page]))
    sentences = [
        _("%(version)s „%(title)s“ wird ebenfalls offline genommen.") % _title(translation)
        for translation in translations
    ]
    below = live_translations(page.get_descendants().live()).count()
    if below:
        sentences.append(
            ngettext(
                "Mit den Unterseiten wird auch %(count)d Übersetzung offline genommen.",
                "Mit den Unterseiten werden auch %(count)d Übersetzungen offline genommen.",
                below,
            )
            % {"count": below}
        )
    if translations or below:
        sentences.append(str(REPUBLISHING))
    return sentences


def to_unpublish(page, include_descendants):
    """The IDs of the translations the unpublish view's POST takes offline."""
    pages = [page]
    if include_descendants:
        pages += list(page.get_descendants().live())
    return list(live_translations(pages).values_list("pk", flat=True))


def describe_after(translation_ids):
    """(level, message, unpublish URL or None) for each translation that went
    offline with the page, or did not."""
    results = []
    for translation in Page.objects.filter(pk__in=translation_ids).select_related("locale"):
        if not translation.live:
            text = _("%(version)s „%(title)s“ wurde ebenfalls offline genommen.")
            results.append(("success", text % _title(translation), None))
        else:
            text = _(
                "%(version)s „%(title)s“ konnte nicht offline genommen werden. Bitte nehmen "
                "Sie sie selbst offline."
            )
            url = reverse("wagtailadmin_pages:unpublish", args=[translation.pk])
            results.append(("error", text % _title(translation), url))
    if any(level == "success" for level, _text, _url in results):
        results.append(("info", str(REPUBLISHING), None))
    return results
