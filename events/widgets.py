import recurrence.forms

from django import forms
from django.urls import reverse


class RecurrenceWidget(recurrence.forms.RecurrenceWidget):
    """django-recurrence's editor widget, speaking the admin user's language.

    The widget reads its strings from Django's JavaScript catalog once, when
    its script loads, and looks for the catalog through the ``javascript_catalog``
    view that Django removed in 2.0. So it never finds one: put our catalog
    view (registered in ``wagtail_hooks``) in front of its scripts.

    Its media also include Django admin's jquery.init.js, which replaces
    ``window.django`` and with it Wagtail's own translations: use a version
    that keeps it.

    Its date fields read only ISO dates and its calendar starts on Sunday:
    recurrence-dates.js, right after its widget script, reads German dates
    and starts weeks on Monday; recurrence-widget.css makes it fit Wagtail's
    admin.
    """

    # recurrence-dates.js sends a date field it cannot read under this
    # suffix to the field's name, so that the form can refuse it.
    UNREADABLE_SUFFIX = "_unreadable"

    @property
    def media(self):
        media = super().media
        js = []
        for path in media._js:
            js.append("events/admin/jquery.init.js" if path == "admin/js/jquery.init.js" else path)
            if path.endswith("recurrence/js/recurrence-widget.js"):
                js.append("events/admin/recurrence-dates.js")
        return forms.Media(
            js=[reverse("recurrence_jsi18n"), *js],
            css={"all": [*media._css.get("all", []), "events/admin/recurrence-widget.css"]},
        )

    def unreadable_dates(self, data, name):
        """What the editor typed into the widget's date fields that it could
        not read as a date (and so left out of the rule)."""
        key = f"{name}{self.UNREADABLE_SUFFIX}"
        values = data.getlist(key) if hasattr(data, "getlist") else [data.get(key)]
        return [value for value in values if value]
