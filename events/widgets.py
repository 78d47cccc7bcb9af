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
    """

    @property
    def media(self):
        media = super().media
        js = [
            "events/admin/jquery.init.js" if path == "admin/js/jquery.init.js" else path
            for path in media._js
        ]
        return forms.Media(
            js=[reverse("recurrence_jsi18n"), *js],
            css={"all": [*media._css.get("all", []), "events/admin/recurrence-widget.css"]},
        )
