"""The admin's date field: Wagtail's date picker, without its guesses."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin import widgets
from wagtail.admin.forms.models import register_form_field_override

INVALID_DATE = _("Bitte geben Sie ein gültiges Datum ein, z. B. 15.01.2027 (Tag.Monat.Jahr).")


class AdminDateInput(widgets.AdminDateInput):
    """Wagtail's date picker (the jQuery xdsoft datetimepicker) "validates on
    blur": when the editor leaves the field, a value it cannot read with
    WAGTAIL_DATE_FORMAT is replaced by today's date, silently; ISO dates
    and typos alike. Leave the value as typed: Django reads it or says in
    German what is wrong with it."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


def use_admin_date_input():
    """Every model DateField in Wagtail's admin forms (pages, inline panels,
    snippets) gets this widget and the German message."""
    register_form_field_override(
        models.DateField,
        override={"widget": AdminDateInput, "error_messages": {"invalid": INVALID_DATE}},
    )
