"""Values the German admin showed in English, formatted for it.

- wagtail-localize writes the dates of its translation notes ("Manuell
  übersetzt am …") with ``strftime("%-d %B %Y")``: the month comes out in
  English whatever the admin's language. A numeric date reads the same in
  German and Russian.
- Wagtail's revision comparison prints a field's raw Python value: "None"
  for an empty date or time, "True"/"False", ISO dates.
"""

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from wagtail.admin.compare import FieldComparison, TextDiff, register_comparison_class

NUMERIC_DATE = "%d.%m.%Y"


def use_numeric_translation_dates():
    import wagtail_localize.models
    import wagtail_localize.views.edit_translation

    wagtail_localize.models.DATE_FORMAT = NUMERIC_DATE
    wagtail_localize.views.edit_translation.DATE_FORMAT = NUMERIC_DATE


def display(value):
    if value is None or value == "":
        return _("(leer)")
    if isinstance(value, bool):
        return _("Ja") if value else _("Nein")
    return str(formats.localize(value))


class DisplayedValueComparison(FieldComparison):
    """Wagtail's FieldComparison with the values as a person reads them."""

    def htmldiff(self):
        a, b = display(self.val_a), display(self.val_b)
        if self.val_a != self.val_b:
            return TextDiff([("deletion", a), ("addition", b)]).to_html()
        return TextDiff([("equal", a)]).to_html()


for field_class in (
    models.DateField,  # and DateTimeField
    models.TimeField,
    models.BooleanField,
    models.IntegerField,  # and its positive and small variants
    models.DecimalField,
    models.FloatField,
):
    register_comparison_class(field_class, comparison_class=DisplayedValueComparison)
