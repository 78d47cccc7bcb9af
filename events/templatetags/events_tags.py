from django import template

from events.holidays import hebrew_date as _hebrew_date
from events.rules import describe

register = template.Library()


@register.simple_tag
def rule_text(event):
    return describe(event)


@register.simple_tag
def hebrew_date(date):
    return _hebrew_date(date)
