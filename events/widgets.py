import recurrence.forms

from django import forms
from django.urls import reverse


class RecurrenceWidget(recurrence.forms.RecurrenceWidget):
    """django-recurrence's editor widget, speaking the admin user's language.

    The widget reads its strings from Django's JavaScript catalog once, when
    its script loads, and looks for the catalog through the ``javascript_catalog``
    view that Django removed in 2.0. So it never finds one: put our catalog
    view (registered in ``wagtail_hooks``) in front of its scripts.
    """

    @property
    def media(self):
        catalog = forms.Media(js=[reverse("recurrence_jsi18n")])
        layout = forms.Media(css={"all": ["events/admin/recurrence-widget.css"]})
        return catalog + super().media + layout
