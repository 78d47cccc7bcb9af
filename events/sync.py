"""Dates never drift between languages.

wagtail-localize brings source changes to a translation only when someone
clicks "Sync translated pages", and its own sync would publish untranslated
German text. An event's schedule cannot wait for that: when a German event
is published, each live translation gets the same dates, rule, holiday
options, place and people at once, in a revision of its own, while its
translated text stays as it is.

The sync is the system's action, not the publishing person's: Wagtail checks
the publishing *user's* rights (``PublishPageRevisionAction.check``), and the
editor whose revision a moderator approved may not publish Russian pages; so
revisions are saved and published with ``user=None``, which Wagtail logs as
the system. It starts from the translation's live content (a page's row is
its live version), so a translator's newer draft is neither published nor
lost: the draft gets the new schedule too and stays the latest revision.

It runs after the German publish has committed. A ``PendingDateSync``
written in the publish's own transaction stays until every translation has
the dates: a failure is logged at ERROR (mailed to ADMINS), recorded with
its reason and listed on the dashboard of moderators, who retry it there
(``events.sync_admin``); the next publish of the event or of a translation
retries it as well.
"""

import contextvars
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

from site_core.i18n import localize

from .models import (
    RELATED_FIELDS,
    SCHEDULE_FIELDS,
    EventDateChange,
    EventPage,
    EventPastSchedule,
    PendingDateSync,
)

logger = logging.getLogger(__name__)

# Log actions (registered in events.wagtail_hooks), so that a translation's
# history says where its new dates came from.
LOG_DATES = "events.sync_dates"
LOG_DRAFT_DATES = "events.sync_dates_draft"

# Set while a sync publishes translations: their page_published must not
# start another sync.
_syncing = contextvars.ContextVar("events_syncing", default=False)


def translated_string(text, source_locale, target_locale):
    """The newest translation of ``text`` into ``target_locale`` that
    translators made anywhere on the site, or None."""
    if not text:
        return text
    translation = (
        StringTranslation.objects.filter(
            translation_of__locale=source_locale,
            translation_of__data=text,
            locale=target_locale,
            has_error=False,
        )
        .order_by("-updated_at")
        .first()
    )
    return translation.data if translation else None


def date_changes_for(source, locale):
    """The source's single-date changes for a translation: same dates and
    actions, reasons in the translation's language where translators have
    translated that text already, else the German reason."""
    changes = []
    for change in source.date_changes.all():
        reason = translated_string(change.reason, source.locale, locale)
        changes.append(
            EventDateChange(
                translation_key=change.translation_key,
                locale=locale,
                sort_order=change.sort_order,
                date=change.date,
                action=change.action,
                new_date=change.new_date,
                new_start_time=change.new_start_time,
                new_end_time=change.new_end_time,
                new_location=localize([change.new_location], locale)[0]
                if change.new_location_id
                else None,
                reason=change.reason if reason is None else reason,
                created_at=change.created_at,
            )
        )
    return changes


def past_schedules_for(source, locale):
    """The source's former schedules for a translation: the same days and
    rules, the place as its translation where there is one (as the page's
    own place, RELATED_FIELDS)."""
    past = []
    for schedule in source.past_schedules.all():
        fields = {name: getattr(schedule, name) for name in EventPastSchedule.SCHEDULE_FIELDS}
        if schedule.location_id:
            fields["location"] = localize([schedule.location], locale)[0]
        past.append(
            EventPastSchedule(
                sort_order=schedule.sort_order,
                valid_from=schedule.valid_from,
                valid_until=schedule.valid_until,
                **fields,
            )
        )
    return past


def copy_schedule(source, target):
    for name in SCHEDULE_FIELDS:
        setattr(target, name, getattr(source, name))
    for name in RELATED_FIELDS:
        value = getattr(source, name)
        setattr(target, name, localize([value], target.locale)[0] if value else None)
    target.date_changes = date_changes_for(source, target.locale)
    target.past_schedules = past_schedules_for(source, target.locale)


class TranslationSyncError(Exception):
    """One or more translations did not get the source's schedule."""

    def __init__(self, failures):
        self.failures = failures  # [(translation page, exception)]
        super().__init__(
            "\n".join(f"{page.locale.get_display_name()}: {describe(e)}" for page, e in failures)
        )


def describe(error):
    """A failure in words a moderator can act on (German where Wagtail and
    Django have translated their messages)."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("Unerwarteter Fehler (%(error)s)") % {"error": f"{type(error).__name__}: {error}"}


def live_translations(source):
    return (
        EventPage.objects.filter(translation_key=source.translation_key)
        .exclude(locale=source.locale)
        # Aliases (pages not translated yet) mirror the source by themselves.
        .filter(alias_of__isnull=True)
        .live()
        .select_related("locale")
    )


def sync_translation(source, translation):
    """Publish the source's schedule on ``translation`` (as loaded: its live
    version), and put it into a newer draft, if there is one."""
    draft_revision = None
    if translation.has_unpublished_changes and (
        translation.latest_revision_id not in (None, translation.live_revision_id)
    ):
        draft_revision = translation.latest_revision

    copy_schedule(source, translation)
    revision = translation.save_revision(user=None, log_action=LOG_DATES)
    revision.publish(user=None)

    if draft_revision is not None:
        # Read after the publish, so that the draft keeps the page's new
        # live state (live_revision, last_published_at).
        draft = draft_revision.as_object()
        copy_schedule(source, draft)
        draft.save_revision(user=None, log_action=LOG_DRAFT_DATES)


def sync_event_translations(source):
    """Publish the source event's schedule on each live translation, each
    on its own: one that fails leaves the others synced, and is raised as
    TranslationSyncError when all have been tried."""
    failures = []
    token = _syncing.set(True)
    try:
        for translation in live_translations(source):
            try:
                with transaction.atomic():
                    sync_translation(source, translation)
            except Exception as error:
                # Here, with the traceback of what failed.
                logger.exception(
                    "Dates of event %s (%r) did not reach its translation %s (%s)",
                    source.pk,
                    source.title,
                    translation.pk,
                    translation.locale.language_code,
                )
                failures.append((translation, error))
    finally:
        _syncing.reset(token)
    if failures:
        raise TranslationSyncError(failures)


def sync_dates(source_id):
    """Run the sync of the German event ``source_id`` and record how it
    went: True when its translations have its dates."""
    source = EventPage.objects.filter(pk=source_id).live().first()
    if source is None:  # unpublished or deleted since: nothing to carry over
        PendingDateSync.objects.filter(source_id=source_id).delete()
        return True
    try:
        sync_event_translations(source)
    except Exception as error:
        if not isinstance(error, TranslationSyncError):  # logged already
            logger.exception(
                "Dates of event %s (%r) did not reach its translations", source.pk, source.title
            )
        PendingDateSync.objects.update_or_create(
            source=source,
            defaults={
                "failed_at": timezone.now(),
                "error": str(error) if isinstance(error, TranslationSyncError) else describe(error),
            },
        )
        return False
    PendingDateSync.objects.filter(source_id=source_id).delete()
    return True


def on_page_published(sender, instance, revision, **kwargs):
    if not isinstance(instance, EventPage) or _syncing.get():
        return
    if instance.locale_id == Locale.get_default().pk:
        source_id = instance.pk
        # In the publish's transaction: committed with it, or not at all.
        PendingDateSync.objects.get_or_create(source=instance)
    else:
        # A translation published by hand (its cause of failure mended,
        # perhaps): retry a sync that failed for its source.
        source_id = (
            PendingDateSync.objects.filter(source__translation_key=instance.translation_key)
            .values_list("source_id", flat=True)
            .first()
        )
        if source_id is None:
            return
    # After the publish has committed (like wagtail-localize's publishing):
    # a failing translation must not undo or break the German publish.
    # robust: should even recording the failure fail, Django logs it.
    transaction.on_commit(lambda: sync_dates(source_id), robust=True)
