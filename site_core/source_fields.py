"""Fields a translation takes from its source and no one changes in the
translation: where a contact form's messages go, an event's dates.

A model lists them in ``source_owned_fields``. For an object in another
language than the default one (German) whose source exists, these fields:

- are shown disabled in the admin's edit form, with the source's values and
  a German help text (``SourceOwnedFieldsFormMixin``); a disabled form field
  takes its initial value whatever is posted;
- are copied from the source whenever the object is cleaned or saved
  (``SourceOwnedFieldsMixin``): Wagtail cleans a page before saving a
  revision and before publishing it, wagtail-localize's ``save_target`` does
  the same, and a snippet's edit view saves the model. So no post, from any
  view, puts another value into a draft or the live page.

wagtail-localize alone does not hold them: stopping a synced translation
("Synchronisierte Übersetzung beenden") turns the translation into an
ordinary page, and Wagtail's ordinary editor then edits every field,
synchronised or not. It binds everyone, the moderation included: the German
page is the one place to change these fields.

Foreign keys are taken as their translation in the object's language where
one exists (``site_core.i18n.localize``), as wagtail-localize does.
"""

import copy
import logging

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale, TranslatableMixin

from .i18n import localize

logger = logging.getLogger(__name__)

SOURCE_OWNED_HELP = _(
    "Wird von der deutschen Fassung übernommen und kann hier nicht geändert werden."
)


def source_of(obj):
    """The object in the default language that ``obj`` translates, or None
    (``obj`` is in the default language, or was created in its own)."""
    if not obj.locale_id or not obj.translation_key:
        return None
    default = Locale.get_default()
    if obj.locale_id == default.pk:
        return None
    return (
        type(obj)
        ._default_manager.filter(translation_key=obj.translation_key, locale=default)
        .first()
    )


def source_values(obj, source):
    """{field name: the source's value, as ``obj`` must have it}."""
    values = {}
    for name in obj.source_owned_fields:
        field = obj._meta.get_field(name)
        value = getattr(source, name)
        if isinstance(field, models.ForeignKey):
            if value is not None and isinstance(value, TranslatableMixin):
                value = localize([value], obj.locale)[0]
        else:
            value = copy.deepcopy(value)  # a recurrence rule is mutable
        values[name] = value
    return values


def differs(obj, name, value):
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def take_source_values(obj):
    """Give ``obj`` its source's values of the source-owned fields."""
    if not obj.source_owned_fields:
        return
    source = source_of(obj)
    if source is None:
        return
    for name, value in source_values(obj, source).items():
        if differs(obj, name, value):
            logger.warning(
                "%s %s (%s): %s differs from its source %s and was reset to the source's value.",
                type(obj).__name__,
                obj.pk,
                obj.locale,
                name,
                source.pk,
            )
            setattr(obj, name, value)


class SourceOwnedFieldsMixin:
    """For pages and snippets: ``source_owned_fields`` hold the source's
    values in every other language, however the object is saved."""

    source_owned_fields = ()

    def full_clean(self, *args, **kwargs):
        take_source_values(self)
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.source_owned_fields):
            take_source_values(self)
        return super().save(*args, **kwargs)


class SourceOwnedFieldsFormMixin:
    """For the admin's model forms: the source-owned fields of a translation
    are shown disabled, with the source's values."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        names = [n for n in getattr(instance, "source_owned_fields", ()) if n in self.fields]
        source = source_of(instance) if names else None
        if source is None:
            return
        values = source_values(instance, source)
        for name in names:
            value = values[name]
            if isinstance(value, models.Model):
                value = value.pk
            self.initial[name] = value
            field = self.fields[name]
            field.disabled = True
            field.help_text = SOURCE_OWNED_HELP


class TranslatedSnippetForm(SourceOwnedFieldsFormMixin, WagtailAdminModelForm):
    """The admin form of a translatable snippet with source-owned fields."""
