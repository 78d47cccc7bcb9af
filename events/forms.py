import datetime as dt
from typing import NamedTuple
from urllib.parse import urlencode

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.validators import slug_unicode_re
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from site_core.cache.fragments import cached_fragment

from .choices import EventLanguage
from .filters import page_filters
from .recurrence_rules import in_calendar_years


class PageChoiceField(forms.ChoiceField):
    """A page chosen by its slug (links stay readable); cleans to the page."""

    def __init__(self, *, empty_label, **kwargs):
        self.empty_label = empty_label
        self.pages = {}
        super().__init__(required=False, choices=[("", empty_label)], **kwargs)

    def set_pages(self, pages):
        self.pages = {page.slug: page for page in pages}
        self.choices = [("", self.empty_label), *((page.slug, page.title) for page in pages)]

    def clean(self, value):
        return self.pages.get(super().clean(value))


class CalendarFilterForm(forms.Form):
    """The calendar's filters: plain GET parameters that combine and work
    without JavaScript. Values are slugs, so links stay readable."""

    agentur = PageChoiceField(label=_("Agentur"), empty_label=_("Alle Agenturen"))
    schwerpunkt = PageChoiceField(label=_("Schwerpunkt"), empty_label=_("Alle Schwerpunkte"))
    projekt = PageChoiceField(label=_("Projekt"), empty_label=_("Alle Projekte"))
    sprache = forms.ChoiceField(
        label=_("Sprache der Veranstaltung"),
        choices=[("", _("Alle Sprachen")), *EventLanguage.choices[:2]],
        required=False,
    )

    def __init__(self, data, *, locale, calendar=None):
        super().__init__(data)
        self.locale = locale
        # The calendar page whose filters these are: its version keeps the
        # choices between renders (filter_choices).
        self.calendar = calendar
        self._choices_shown = None
        # Without a page filter nothing is checked against the choices: a
        # feed without filters (the main feed) reads none.
        if any(data.get(name) for name in page_filters()):
            self._load_choices()

    def _load_choices(self):
        choices = filter_choices(self.locale, self.calendar)
        for name, field_pages in choices.items():
            self.fields[name].set_pages(field_pages)
        self._choices_shown = tuple(
            (name, page.pk, page.slug, page.title)
            for name, field_pages in choices.items()
            for page in field_pages
        )

    @property
    def choices_shown(self):
        """What the filter fields show (read on first use), for the
        calendar frame's fragment key; the fields have their choices after."""
        if self._choices_shown is None:
            self._load_choices()
        return self._choices_shown

    def filters(self):
        """Valid filters as keyword arguments for the occurrence engine;
        invalid ones are dropped (and reported through ``errors``)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        # In the order of the form's fields, which labels and feed names keep.
        filters = page_filters()
        result = {
            filters[name].calendar_filter.field: data.get(name)
            for name in self.fields
            if name in filters
        }
        result["event_language"] = data.get("sprache") or None
        return {key: value for key, value in result.items() if value}

    def filter_labels(self):
        """What the valid filters select, in words: "Integrationsagentur Oberhausen"."""
        labels = []
        for name, value in self.filters().items():
            if name == "event_language":
                labels.append(EventLanguage(value).label)
            else:
                labels.append(value.title)
        return labels

    def query_string(self):
        """The valid filters as a query string, for links that keep them."""
        return urlencode(
            {
                name: self.data[name]
                for name in self.fields
                if self.data.get(name) and name not in self.errors
            }
        )


class FilterPage(NamedTuple):
    """A page a filter offers (an agency, a focus area, a project): what the
    filters read of it (``EventPageQuerySet.live_in``, the filter labels),
    kept between renders where a page would be pickled whole."""

    pk: int
    slug: str
    title: str
    translation_key: object


def _filter_pages(locale):
    """The choices of all three page filters in one query (three
    ModelChoiceFields would read three querysets through three server-side
    cursors on PostgreSQL), as ``FilterPage``s. Which page type fills which
    field: the types' calendar_filter."""
    field_of_type = {
        ContentType.objects.get_for_model(model).pk: name for name, model in page_filters().items()
    }
    pages = (
        Page.objects.live()
        .public()
        .filter(locale=locale, content_type__in=field_of_type)
        .order_by("path")
        .values_list("content_type_id", "pk", "slug", "title", "translation_key")
    )
    choices = {name: [] for name in page_filters()}
    for content_type, *page in pages:
        choices[field_of_type[content_type]].append(FilterPage(*page))
    return choices


def filter_choices(locale, calendar=None):
    """The filter choices of ``locale``'s calendar, kept as a fragment of
    the ``calendar`` page's version (without one, read anew): publishing,
    unpublishing, renaming, moving or deleting an agency, focus area or
    project, or its translation, renews every calendar's version
    (events.page_cache.InCalendarsCacheMixin), and a view restriction
    starts a new generation. An event's publish renews it too, so the
    choices are read once after it (one small query, ~1 ms of a calendar
    miss at 1,000 events); the calendar's frame is keyed by what they are
    (events.views.calendar_frame) and stays."""
    if calendar is None:
        return _filter_pages(locale)
    return cached_fragment(
        # Not "calendar-filters", under which code before FilterPage kept pages.
        "calendar-filter-pages",
        lambda: _filter_pages(locale),
        pages=[calendar.pk],
        vary=[locale.pk],
    )


def translate_filters(query, source, target):
    """``query`` (a QueryDict) for the calendar in locale ``target``: the
    page filters name the translation there (or its alias) of the page they
    name in ``source``; a page with neither keeps its slug, which the other
    calendar then reports as an invalid filter. The rest is kept as it is."""
    models = page_filters()
    # Only what could be a slug is looked up: PostgreSQL refuses a NUL
    # (`?projekt=%00`) in any query, which made the whole calendar a 500.
    named = {
        name: query[name]
        for name in models
        if query.get(name) and slug_unicode_re.fullmatch(query[name])
    }
    if not named or source == target:
        return query
    types = {name: ContentType.objects.get_for_model(model).pk for name, model in models.items()}
    wanted = Q()
    for name, slug in named.items():
        wanted |= Q(content_type_id=types[name], slug=slug)
    keys = {
        (content_type, slug): key
        for content_type, slug, key in Page.objects.filter(wanted, locale=source).values_list(
            "content_type_id", "slug", "translation_key"
        )
    }
    slugs = dict(
        Page.objects.live()
        .filter(locale=target, translation_key__in=keys.values())
        .values_list("translation_key", "slug")
    )
    translated = query.copy()
    for name, slug in named.items():
        key = keys.get((types[name], slug))
        translated[name] = slugs.get(key, slug)
    return translated


def parse_month(value):
    """``YYYY-MM`` to the first of that month, or None if it is not a
    month a calendar can show."""
    try:
        year, month = (int(part) for part in value.split("-"))
        first = dt.date(year, month, 1)
    except (ValueError, TypeError):
        return None
    return first if in_calendar_years(first) else None


def parse_day(value):
    try:
        day = dt.date.fromisoformat(value)
    except (ValueError, TypeError):
        return None
    return day if in_calendar_years(day) else None


def parse_page_number(value, last=10_000):
    """``?seite=`` of the calendar list: 1 to ``last``, else None."""
    if value is None:
        return 1
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    number = int(value)
    return number if 1 <= number <= last else None
