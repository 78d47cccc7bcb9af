"""Dates never drift between languages.

wagtail-localize brings source changes to a translation only when someone
clicks "Sync translated pages", and its own sync would publish untranslated
German text. An event's schedule cannot wait for that: when a German event
is published, each live translation gets the same dates, rule, holiday
options, place and people at once, in a revision of its own, while its
translated text stays as it is.
"""

from django.db import transaction

from wagtail.models import Locale

from site_core.i18n import localize

# Copied as they are.
SCHEDULE_FIELDS = [
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "recurrence",
    "skip_public_holidays",
    "skip_jewish_holidays",
    "event_language",
    "registration_required",
    "expire_at",
]
# Copied as their translation where one exists (snippets and pages).
RELATED_FIELDS = ["location", "agency", "project", "contact_person"]


def translated_string(text, source_locale, target_locale):
    """The newest translation of ``text`` into ``target_locale`` that
    translators made anywhere on the site, or None."""
    from wagtail_localize.models import StringTranslation

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
    from .models import EventDateChange

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


def copy_schedule(source, target):
    for name in SCHEDULE_FIELDS:
        setattr(target, name, getattr(source, name))
    for name in RELATED_FIELDS:
        value = getattr(source, name)
        setattr(target, name, localize([value], target.locale)[0] if value else None)
    target.date_changes = date_changes_for(source, target.locale)


def sync_event_translations(source, user=None):
    """Publish the source event's schedule on each live translation."""
    from .models import EventPage

    translations = (
        EventPage.objects.filter(translation_key=source.translation_key)
        .exclude(locale=source.locale)
        # Aliases (pages not translated yet) mirror the source by themselves.
        .filter(alias_of__isnull=True)
        .live()
        .select_related("locale")
    )
    for translation in translations:
        copy_schedule(source, translation)
        revision = translation.save_revision(user=user, log_action=True)
        revision.publish(user=user)


def on_page_published(sender, instance, revision, **kwargs):
    from .models import EventPage

    if not isinstance(instance, EventPage) or instance.locale_id != Locale.get_default().pk:
        return
    user = getattr(revision, "user", None)
    # After the source's own publish has committed (like wagtail-localize's
    # publishing); robust: a failing translation must not undo or break the
    # German publish, it is logged instead.
    transaction.on_commit(
        lambda: sync_event_translations(EventPage.objects.get(pk=instance.pk), user),
        robust=True,
    )
