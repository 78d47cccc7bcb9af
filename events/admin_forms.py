"""The event editor's form: checks the single-date changes against the
schedule the editor is entering, so a typo in a date is not silently
ignored and a moved date cannot land on another date of the series; and
says in German when a recurrence cannot be read, or a stored one cannot be
shown."""

import logging

import recurrence
import recurrence.forms
from recurrence.exceptions import DeserializationError, SerializationError

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from site_core.page_forms import SitePageForm
from site_core.templatetags.site_dates import local_date
from site_core.widgets import INVALID_DATE, AdminDateInput

from .recurrence_rules import INVALID_RULE
from .schedule import series_dates
from .schedule_changes import (
    FROZEN_FIELDS,
    apply_schedule_change,
    default_change_from,
    has_dates_before,
    plan_schedule_change,
)
from .validation import validate_schedule

logger = logging.getLogger(__name__)

UNUSABLE_STORED_RULE = gettext_lazy(
    "Die gespeicherte Wiederholung dieser Veranstaltung ist ungültig und wird deshalb hier nicht "
    "angezeigt; die Website zeigt die Veranstaltung so lange ohne sie. Bitte stellen Sie die "
    "Wiederholung neu ein oder lassen Sie das Feld leer für einen einzelnen Termin."
)


class RecurrenceFormField(recurrence.forms.RecurrenceField):
    """django-recurrence's field, with a German message for a rule it cannot
    read instead of its parser's English ("malformed data")."""

    def clean(self, value):
        try:
            recurrence.deserialize(value)
        except DeserializationError:
            raise ValidationError(INVALID_RULE, code="invalid") from None
        except TypeError:
            pass  # No value: django-recurrence's own clean() handles it.
        return super().clean(value)


class EventPageForm(SitePageForm):
    # Not a field of the page: where a change of the schedule begins
    # (events.schedule_changes); shown once the series has had a date.
    change_from = forms.DateField(
        label=gettext_lazy("Änderung gilt ab"),
        required=False,
        widget=AdminDateInput,
        error_messages={"invalid": INVALID_DATE},
        help_text=gettext_lazy(
            "Ändern Sie Uhrzeit, Dauer, Ort, Wiederholung oder Feiertage, gilt das ab diesem "
            "Tag; frühere Termine behalten ihren damaligen Zeitplan. Vorgabe: der nächste Termin."
        ),
    )

    class Meta(SitePageForm.Meta):
        field_classes = {"recurrence": RecurrenceFormField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._hide_unwritable_recurrence()
        if has_dates_before(self.instance):
            self.fields["change_from"].initial = default_change_from(self.instance)
        else:
            # A FieldPanel without its field is not shown.
            del self.fields["change_from"]

    def _hide_unwritable_recurrence(self):
        """django-recurrence reads some rules it refuses to write, such as
        INTERVAL=0 stored by an older version or an import; its widget then
        raises while rendering, and the editor answered 500. Show the field
        empty with a German error instead, so the rule can be set anew:
        nothing else is put in its place."""
        stored = self.initial.get("recurrence")
        if not stored:
            return
        try:
            recurrence.serialize(stored)
        except SerializationError as error:
            logger.warning(
                "Stored recurrence of page %s cannot be shown in the editor: %s",
                self.instance.pk,
                error,
            )
            self.initial["recurrence"] = None
            if not self.is_bound:
                # An unbound form shows no errors of its own, and add_error()
                # needs cleaned data: give it this one to show on the field.
                self._errors = ErrorDict(
                    {"recurrence": self.error_class([UNUSABLE_STORED_RULE], renderer=self.renderer)}
                )

    def clean(self):
        cleaned_data = super().clean()
        self._refuse_unreadable_recurrence_dates()
        self._plan_schedule_change(cleaned_data)
        formset = self.formsets.get("date_changes")
        start_date = cleaned_data.get("start_date")
        if formset is None or start_date is None or not formset.is_valid():
            return cleaned_data
        # The series as it will be: former schedules and the new one.
        event = self._meta.model(
            **{name: getattr(self.instance, name) for name in FROZEN_FIELDS},
            schedule_from=self.instance.schedule_from,
            past_schedules=list(self.instance.past_schedules.all()),
        )
        for name in ("start_date", "end_date", "recurrence"):
            setattr(event, name, cleaned_data.get(name))
        changes = [
            form
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not changes:
            return cleaned_data
        try:
            validate_schedule(event)
        except ValidationError:
            # The page's own clean() shows the message on the field; a rule
            # like INTERVAL=0 must not be expanded here first.
            return cleaned_data
        self._check_date_changes(event, changes)
        return cleaned_data

    def _plan_schedule_change(self, cleaned_data):
        """Freeze the schedule as it was (self.instance, not yet updated by
        the form) where the edit changes dates before "Änderung gilt ab"."""
        if "change_from" not in self.fields or self.errors.get("change_from"):
            return
        if not cleaned_data.get("start_date") or self.has_error("recurrence"):
            return
        new_values = {
            name: cleaned_data[name]
            for name in FROZEN_FIELDS
            if name in self.fields and name in cleaned_data
        }
        try:
            change = plan_schedule_change(
                self.instance,
                new_values,
                cleaned_data.get("change_from"),
                self.instance.past_schedules.model,
            )
        except ValidationError as error:
            self.add_error(None, error)
            return
        # Kept on the page, which the form saves into the revision; the
        # page's own fields get the new schedule from the form.
        apply_schedule_change(self.instance, change)
        self.instance.schedule_change_frozen = change.frozen is not None

    def _check_date_changes(self, event, changes):
        """Each change on a date of the schedule, once; a date moved onto
        another date of the series only where that one is cancelled or
        moved away. ``changes``: the forms of the changes kept."""
        dates = [form.cleaned_data["date"] for form in changes]
        schedule = set(series_dates(event, min(dates), max(dates)))
        # Dates that are cancelled or moved away leave room for a moved date.
        freed = {
            form.cleaned_data["date"]
            for form in changes
            if form.cleaned_data.get("action") in ("cancel", "move")
        }
        seen = set()
        for form in changes:
            data = form.cleaned_data
            day = data["date"]
            if day not in schedule and not _kept_as_it_was(form):
                form.add_error(
                    "date",
                    _("Am %(date)s gibt es keinen Termin dieser Veranstaltung.")
                    % {"date": local_date(day, "long")},
                )
            elif day in seen:
                form.add_error("date", _("Für diesen Termin gibt es schon eine Änderung."))
            seen.add(day)
            new_date = data.get("new_date")
            if (
                data.get("action") == "move"
                and new_date
                and new_date not in freed
                and new_date in series_dates(event, new_date, new_date)
            ):
                form.add_error(
                    "new_date",
                    _(
                        "Am %(date)s findet schon ein Termin dieser Veranstaltung statt. "
                        "Sagen Sie diesen ab oder wählen Sie ein anderes Datum."
                    )
                    % {"date": local_date(new_date, "long")},
                )

    def _refuse_unreadable_recurrence_dates(self):
        # The widget's script leaves a date it cannot read out of the rule
        # (an unreadable "Wiederholen bis" would make the rule endless) and
        # sends it separately: save nothing until it is corrected.
        if "recurrence" not in self.fields:
            return
        widget = self.fields["recurrence"].widget
        for text in widget.unreadable_dates(self.data, self.add_prefix("recurrence")):
            self.add_error(
                "recurrence",
                _(
                    "„%(text)s“ ist kein gültiges Datum. Bitte geben Sie Daten als "
                    "Tag.Monat.Jahr ein, z. B. 11.03.2027."
                )
                % {"text": text},
            )


def _kept_as_it_was(form):
    """A saved change whose date the editor did not touch: one that a change
    of the schedule left without its date is kept and warned about
    (events.schedule_changes.orphan_warning), never refused or dropped."""
    return form.instance.pk is not None and "date" not in form.changed_data
