from django import template

from events.holidays import hebrew_date as _hebrew_date
from events.occurrences import upcoming_occurrences
from events.rules import describe
from events.subscriptions import calendar_subscription
from events.views.date_page import event_urls

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
    return event_urls(context.get("request")).date(occurrence.event, occurrence.original_date)


@register.simple_tag(takes_context=True)
def event_url(context, event):
    """``{% pageurl event %}``, worked out once per event and request: a
    listing links each of its lines to the line's event."""
    return event_urls(context.get("request")).page(event)


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
        "upcoming": upcoming_occurrences(
            locale=page.locale, limit=UPCOMING_LIMIT, **{calendar_filter.field: page}
        ),
        "subscription": calendar_subscription(
            request, page.locale, page.title, **{calendar_filter.parameter: page.slug}
        ),
    }
