"""The unpublish view's sentences about the translations that go offline
with a page (site_core.page_unpublishing); Wagtail's view takes no extra
context from hooks."""

from django import template

from site_core import page_unpublishing

register = template.Library()


@register.simple_tag
def translations_going_offline(page):
    return page_unpublishing.describe_before(page)
