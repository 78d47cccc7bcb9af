"""What every page form of the admin refuses, in German, instead of a 500
or a value that breaks something later: a title on more than one line,
a content field (StreamField) posted without its management fields, and a
form loaded before someone else saved the page (site_core.edit_conflicts);
and what a translation takes from the German page (site_core.source_fields)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.models import register_form_field_override
from wagtail.blocks.base import BlockField, BlockWidget
from wagtail.fields import StreamField

from .edit_conflicts import OUTDATED, is_outdated
from .one_line import validate_one_line
from .source_fields import SourceOwnedFieldsFormMixin

UNREADABLE_STREAM = _(
    "Der Inhalt konnte nicht gelesen werden. Bitte laden Sie die Seite neu und versuchen Sie "
    "es noch einmal; Ihre letzten Änderungen am Inhalt müssen Sie dann erneut eingeben."
)


class SitePageForm(SourceOwnedFieldsFormMixin, WagtailAdminPageForm):
    """Wagtail's page form with a one-line title: titles head e-mails
    (an agency's title is in the subject of its contact form's mails),
    feeds and lists. A translation's source-owned fields are shown
    disabled, with the German page's values (site_core.source_fields)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].validators.append(validate_one_line)

    def clean(self):
        cleaned_data = super().clean()
        # Only Wagtail's edit and create views pass a subscription: the
        # preview builds this form from the same post and must still show
        # an outdated one.
        saving = self.is_bound and self.subscription is not None and self.instance.pk
        if saving and is_outdated(self.data, self.instance):
            raise ValidationError(OUTDATED, code="outdated")
        return cleaned_data


class Unreadable:
    """What a StreamField's widget read from a post it could not read."""


class StreamWidget(BlockWidget):
    """Wagtail's StreamField widget. Its StreamBlock reads the post by the
    admin script's management fields ("body-count", "body-0-type", ...) and
    raises KeyError or ValueError when one is missing or not a number."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError):
            return Unreadable()

    def value_omitted_from_data(self, data, files, name):
        try:
            return super().value_omitted_from_data(data, files, name)
        except (KeyError, ValueError, TypeError):
            return False


class StreamFormField(BlockField):
    """Wagtail's StreamField form field: an unreadable post is an error on
    the field, and the form shows the stored content again, not an empty
    one the editor could save by mistake."""

    def __init__(self, block=None, **kwargs):
        kwargs.setdefault("widget", StreamWidget(block))
        super().__init__(block=block, **kwargs)

    def clean(self, value):
        if isinstance(value, Unreadable):
            raise ValidationError(UNREADABLE_STREAM, code="unreadable")
        return super().clean(value)

    def bound_data(self, data, initial):
        return initial if isinstance(data, Unreadable) else super().bound_data(data, initial)

    def has_changed(self, initial_value, data_value):
        if isinstance(data_value, Unreadable):
            return True
        return super().has_changed(initial_value, data_value)


def use_stream_form_field():
    """Every StreamField in Wagtail's admin forms gets StreamFormField."""
    register_form_field_override(StreamField, override={"form_class": StreamFormField})
