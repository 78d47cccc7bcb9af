from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from events.holidays import hebrew_date as _hebrew_date
from events.models.stored_lines import ListedEvent
from events.rules import describe
from events.subscriptions import calendar_subscription
from events.teasers import teaser_occurrences
from events.views.calendar_lines import line_addresses
from events.views.date_page import event_urls
from site_core.templatetags.site_dates import local_date

register = template.Library()

# How many dates the teaser of an agency, focus area or project shows.
UPCOMING_LIMIT = 5


@register.simple_tag
def rule_text(event):
    return describe(event)


@register.simple_tag(takes_context=True)
def date_page_url(context, occurrence):
    """The address of the page of ``occurrence``'s date (by its original
    date: a moved date keeps its address)."""
    request = context.get("request")
    if isinstance(occurrence.event, ListedEvent):
        return line_addresses(request).date_url(occurrence.event, occurrence.original_date)
    return event_urls(request).date(occurrence.event, occurrence.original_date)


@register.simple_tag(takes_context=True)
def event_url(context, event):
    """``{% pageurl event %}``, worked out once per event and request: a
    listing links each of its lines to the line's event. A teaser's event
    is a ``ListedEvent`` (title and address, read with the stored rows)."""
    request = context.get("request")
    if isinstance(event, ListedEvent):
        return line_addresses(request).event_url(event)
    return event_urls(request).page(event)


def _time(value):
    """What ``{{ value|time:"H:i" }}`` gives (in the current time zone),
    without Django's date formatter, which costs ~40 µs a call."""
    return f"{timezone.localtime(value):%H:%M}"


@register.simple_tag
def occurrence_when(occurrence):
    """When ``occurrence`` is: its day (and last day) as ``<time>`` and
    its hours, "ganztägig" for a whole day. Worked out in Python: with a
    filter for each part, the ~20 lines of a calendar page cost more than
    its queries (events/includes/occurrence_when.html)."""
    start = timezone.localtime(occurrence.start)
    html = format_html(
        '<time datetime="{}">{}</time>',
        f"{start:%Y-%m-%d}" if occurrence.all_day else start.isoformat(),
        local_date(occurrence.start),
    )
    if occurrence.is_multi_day:
        html += format_html(
            ' – <time datetime="{}">{}</time>',
            f"{occurrence.end_date:%Y-%m-%d}",
            local_date(occurrence.end_date),
        )
    if occurrence.all_day:
        return html + format_html(
            ' <span class="occurrence__all-day">({})</span>', gettext("ganztägig")
        )
    if occurrence.end:
        hours = gettext("%(start)s–%(end)s Uhr") % {
            "start": _time(start),
            "end": _time(occurrence.end),
        }
    else:
        hours = gettext("%(start)s Uhr") % {"start": _time(start)}
    return html + format_html(", {}", hours)


@register.simple_tag
def hebrew_date(date):
    return _hebrew_date(date)


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, page):
    """The next dates of the events of ``page`` (an agency, focus area or
    project) and the subscription to them, filtered as the page's type
    declares it (``calendar_filter``)."""
    request = context["request"]
    calendar_filter = page.calendar_filter
    return {
        # {% pageurl %} in the occurrences reads the request.
        "request": request,
        "upcoming": teaser_occurrences(
            locale=page.locale, limit=UPCOMING_LIMIT, **{calendar_filter.field: page}
        ),
        "subscription": calendar_subscription(
            request, page.locale, page.title, **{calendar_filter.parameter: page.slug}
        ),
    }
