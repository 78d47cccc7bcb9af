"""The event editor's form: checks the single-date changes against the
schedule the editor is entering, so a typo in a date is not silently
ignored and a moved date cannot land on another date of the series; and
says in German when a recurrence cannot be read, or a stored one cannot be
shown."""

import logging

import recurrence
import recurrence.forms
from recurrence.exceptions import DeserializationError, SerializationError

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from site_core.page_forms import SitePageForm
from site_core.templatetags.site_dates import local_date

from .recurrence_rules import INVALID_RULE
from .schedule import scheduled_dates
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
    class Meta(SitePageForm.Meta):
        field_classes = {"recurrence": RecurrenceFormField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._hide_unwritable_recurrence()

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
        formset = self.formsets.get("date_changes")
        start_date = cleaned_data.get("start_date")
        if formset is None or start_date is None or not formset.is_valid():
            return cleaned_data
        event = self._meta.model(
            start_date=start_date,
            end_date=cleaned_data.get("end_date"),
            recurrence=cleaned_data.get("recurrence"),
        )
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

    def _check_date_changes(self, event, changes):
        """Each change on a date of the schedule, once; a date moved onto
        another date of the series only where that one is cancelled or
        moved away. ``changes``: the forms of the changes kept."""
        dates = [form.cleaned_data["date"] for form in changes]
        schedule = set(scheduled_dates(event, min(dates), max(dates)))
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
            if day not in schedule:
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
                and new_date in scheduled_dates(event, new_date, new_date)
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
