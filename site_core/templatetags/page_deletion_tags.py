"""The delete view's sentences about a page's copies in other languages
(site_core.page_deletion); Wagtail's function view takes no extra context."""

from django import template

from site_core import page_deletion

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_copies(context, page):
    copies = page_deletion.translated_copies(page)
    blocked = copies.blocks_deletion_by(context["request"].user)
    return {
        "sentences": page_deletion.describe_all(copies),
        "refusal": page_deletion.describe_refusal(copies) if blocked else "",
    }
