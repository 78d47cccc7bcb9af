"""The delete view's sentences about a page's copies in other languages
(site_core.page_deletion); Wagtail's function view takes no extra context."""

from django import template

from site_core import page_deletion

register = template.Library()


@register.simple_tag
def translated_copies(page):
    copies = page_deletion.translated_copies(page)
    return {
        "sentences": [page_deletion.describe(copy) for copy in copies.copies],
        "refusal": page_deletion.describe_refusal(copies) if copies.blocks_deletion else "",
    }
