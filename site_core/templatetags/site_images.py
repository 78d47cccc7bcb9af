"""{% picture %} that still shows the page when image sizes cannot be made."""

import logging

from django import template
from django.db import transaction
from django.forms.utils import flatatt
from django.utils.html import format_html

from wagtail.images.templatetags import wagtailimages_tags

logger = logging.getLogger(__name__)
register = template.Library()


class PictureNode(wagtailimages_tags.PictureNode):
    """Wagtail's {% picture %}, which makes missing renditions while the page
    renders. Upstream, only a missing original is caught (SourceImageIOError,
    shown as a broken image); a rendition that cannot be written (disk full)
    raises out of the template and the visitor gets a 500. Here the visitor
    gets the original image instead, and the administrators an ERROR."""

    def render(self, context):
        try:
            # Wagtail stores new renditions with bulk_create(); a savepoint
            # keeps a failed one from breaking a surrounding transaction.
            with transaction.atomic():
                return super().render(context)
        except OSError as error:
            image = self.validate_image(context)
            logger.error("Image sizes of %r could not be made: %s", image.file.name, error)
            if self.output_var_name:
                context[self.output_var_name] = None
                return ""
            attrs = {
                name: value.resolve(context)
                for name, value in self.attrs.items()
                if name != "sizes"  # only means something with a srcset
            }
            return format_html(
                '<img src="{}" width="{}" height="{}"{}>',
                image.file.url,
                image.width,
                image.height,
                flatatt(attrs),
            )


@register.tag
def picture(parser, token):
    """{% picture image format-{…} width-{…} attr=value … %}, as Wagtail's."""
    parsed = wagtailimages_tags.image(parser, token)
    return PictureNode(
        parsed.image_expr,
        parsed.filter_specs,
        attrs=parsed.attrs,
        output_var_name=parsed.output_var_name,
    )
