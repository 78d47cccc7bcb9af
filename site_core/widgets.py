"""The admin's date and date-time fields: Wagtail's pickers, without their
guesses."""

from django.db import models
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin import widgets
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import PublishingPanel
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.widgets import AdminSnippetChooser

INVALID_DATE = _("Bitte geben Sie ein gültiges Datum ein, z. B. 15.01.2027 (Tag.Monat.Jahr).")
INVALID_DATETIME = _(
    "Bitte geben Sie Datum und Uhrzeit so ein: 15.01.2027 10:00 (Tag.Monat.Jahr Stunde:Minute)."
)


class AdminDateInput(widgets.AdminDateInput):
    """Wagtail's date picker (the jQuery xdsoft datetimepicker) "validates on
    blur": when the editor leaves the field, a value it cannot read with
    WAGTAIL_DATE_FORMAT is replaced by today's date, silently; ISO dates
    and typos alike. Leave the value as typed: Django reads it or says in
    German what is wrong with it."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class AdminDateTimeInput(widgets.AdminDateTimeInput):
    """The same for date and time (a page's scheduled publishing, "Ablaufdatum"):
    a time the picker could not read became *now*, so a page meant to go
    live next month could go live at once."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


def use_admin_date_input():
    """Every model DateField and DateTimeField in Wagtail's admin forms
    (pages, inline panels, snippets) gets these widgets and German messages."""
    register_form_field_override(
        models.DateField,
        override={"widget": AdminDateInput, "error_messages": {"invalid": INVALID_DATE}},
    )
    register_form_field_override(
        models.DateTimeField,
        override={
            "widget": AdminDateTimeInput,
            "error_messages": {"invalid": INVALID_DATETIME},
        },
    )


class SnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser, its texts in the admin user's language.

    Wagtail builds the widget once, at start-up, and fills the model's name
    into its texts there, before any language is active: the German admin
    read "Choose another Ort" and "Edit this Ort". The texts are made when
    they are shown instead."""

    def __init__(self, model, **kwargs):
        super().__init__(model, **kwargs)
        name = model._meta.verbose_name

        def text(message):
            return lazy(lambda: gettext(message) % {"object": name}, str)()

        self.choose_one_text = text("Choose %(object)s")
        self.choose_another_text = text("Choose another %(object)s")
        self.link_to_chosen_text = text("Edit this %(object)s")


class SnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    @cached_property
    def widget_class(self):
        return SnippetChooser(model=self.model, icon=self.icon)


class SchedulePublishingPanel(PublishingPanel):
    """Wagtail's "Veröffentlichungszeitplan" with the date-time input above:
    Wagtail builds its two fields with its own widget, past the overrides."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for child in self.children:
            widget = child.widget
            child.widget = AdminDateTimeInput(
                attrs=widget.attrs, js_overlay_parent_selector=widget.js_overlay_parent_selector
            )


def settings_panels(page_settings_panels):
    """Wagtail's page settings panels with SchedulePublishingPanel in place
    of its publishing panel (a placeholder until Wagtail's admin loads)."""
    return [
        SchedulePublishingPanel()
        if getattr(panel, "path", None) == "wagtail.admin.panels.PublishingPanel"
        or isinstance(panel, PublishingPanel)
        else panel
        for panel in page_settings_panels
    ]
