"""Dates as each language writes them.

Django's ``F`` is the month's name on its own ("Ноябрь"); a Russian date
needs the genitive ("28 ноября"), which Django gives as ``E``, and no dot
after the day. So the formats themselves are translated, like Django's own
DATE_FORMAT, and templates name the format rather than spelling it out.
"""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.translation import pgettext_lazy

register = template.Library()

DATE_FORMATS = {
    # Translators: a PHP-style date format (Django's "date" filter); in
    # Russian use "E" (genitive month) and no dot after the day.
    "long": pgettext_lazy("Datumsformat", "l, j. F Y"),
    "weekday": pgettext_lazy("Datumsformat", "l, j. F"),
    "day": pgettext_lazy("Datumsformat", "j. F"),
    "day_year": pgettext_lazy("Datumsformat", "j. F Y"),
}


@register.filter
def local_date(value, name="long"):
    """``{{ day|local_date:"weekday" }}`` → "Dienstag, 14. April" / "вторник, 14 апреля"."""
    if not value:
        return ""
    return format_date(value, str(DATE_FORMATS[name]))


@register.filter
def local_date_from(first, last):
    """The first day of a span that ends on ``last``, with its year only if
    that is not the last day's: "vom 24. November 2025 bis 25. November 2026",
    "vom 2. November bis 28. November 2026"."""
    if not first:
        return ""
    return local_date(first, "day" if last and first.year == last.year else "day_year")
