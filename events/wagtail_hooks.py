from django.urls import path
from django.views.i18n import JavaScriptCatalog

from wagtail import hooks


@hooks.register("register_admin_urls")
def recurrence_javascript_catalog():
    # django-recurrence looks for Django's long-removed javascript_catalog
    # function view and so never finds a catalog on Django 5: serve its
    # strings ourselves; events.widgets.RecurrenceWidget loads them first.
    # The catalog reads only the listed apps' locale directories, and
    # django-recurrence ships no Russian: events.recurrence_i18n adds it.
    return [
        path(
            "jsi18n/recurrence/",
            JavaScriptCatalog.as_view(packages=["recurrence", "events.recurrence_i18n"]),
            name="recurrence_jsi18n",
        )
    ]
