"""``{% page_extras page %}``: what apps above a page's own app add to it
(Wagtail hook ``page_extras``), so that a page's template names no app
above it. The alert sign-up form (alerts) is one: the calendar's, events',
projects', agencies' and focus areas' pages carry it without loading the
alerts' tags, and a site without the alerts app shows nothing there.

A hook is called as ``hook(context, page)`` and returns HTML marked safe
(rendered by a template) or nothing; anything else is escaped."""

from django import template
from django.utils.html import format_html_join

from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def page_extras(context, page):
    parts = (hook(context, page) for hook in hooks.get_hooks("page_extras"))
    return format_html_join("", "{}", ((part,) for part in parts if part))
