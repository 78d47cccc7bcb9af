"""The editor's field "Termin am" of a single-date change: a date typed as
TT.MM.JJJJ, with the series' next dates offered to pick from (a
<datalist>), so that the editor chooses a date the series has rather than
one it may not have. A typed date that is none is refused by the page form
(events.admin_forms) with a German message.

Wagtail's own date field opens a calendar of every day, which invites
exactly the wrong dates: this one offers the series' dates instead.
"""

import datetime as dt

from django import forms
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from site_core.templatetags.site_dates import local_date

from .schedule import scheduled_dates

# How many of the series' next dates the field offers.
OFFERED_DATES = 50
GERMAN_DATE = "%d.%m.%Y"


class SeriesDateInput(forms.DateInput):
    """A text field for a German date with a <datalist> of ``dates``
    (set per form by ``SeriesDatePanel``); typing stays possible."""

    template_name = "events/admin/series_date_input.html"

    def __init__(self, attrs=None, format=GERMAN_DATE):  # noqa: A002 - Django's name
        super().__init__(
            {"autocomplete": "off", "placeholder": "TT.MM.JJJJ", **(attrs or {})}, format
        )
        self.dates = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if self.dates and widget["attrs"].get("id"):
            list_id = f"{widget['attrs']['id']}-termine"
            widget["attrs"]["list"] = list_id
            widget["datalist"] = {
                "id": list_id,
                "options": [(date.strftime(GERMAN_DATE), local_date(date)) for date in self.dates],
            }
        return context


def _edited_page_id(request, change):
    """The page of the change: its own, or for a change being added the
    page of Wagtail's edit view (``pages/<page_id>/edit/``); None on the
    create view, where the series has no dates yet."""
    if change.page_id is not None:
        return change.page_id
    match = getattr(request, "resolver_match", None)
    return match.kwargs.get("page_id") if match else None


def _next_dates(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return []
    # The schedule the editor is editing: the latest revision (a draft).
    event = page.specific.get_latest_revision_as_object()
    if getattr(event, "start_date", None) is None:
        return []
    today = timezone.localdate()
    dates = scheduled_dates(event, today, today + dt.timedelta(days=2 * 366))
    # scheduled_dates also gives a multi-day date that began before today.
    return [date for date in dates if date >= today][:OFFERED_DATES]


def next_series_dates(request, change):
    """The next OFFERED_DATES dates of the series from today on, read once
    per request (every change of the page offers them)."""
    page_id = _edited_page_id(request, change)
    if page_id is None:
        return []
    cache = request.__dict__.setdefault("_series_dates", {})
    if page_id not in cache:
        cache[page_id] = _next_dates(page_id)
    return cache[page_id]


class SeriesDatePanel(FieldPanel):
    """FieldPanel for the date of a change, offering the series' next dates."""

    def __init__(self, field_name, *args, **kwargs):
        kwargs.setdefault("widget", SeriesDateInput)
        super().__init__(field_name, *args, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            widget = self.bound_field.field.widget if self.bound_field is not None else None
            if isinstance(widget, SeriesDateInput) and self.request is not None:
                widget.dates = next_series_dates(self.request, self.instance)
