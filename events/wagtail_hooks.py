from django.urls import path, reverse
from django.utils.html import format_html
from django.views.i18n import JavaScriptCatalog

from wagtail import hooks


@hooks.register("register_admin_urls")
def recurrence_javascript_catalog():
    # django-recurrence looks for Django's long-removed javascript_catalog
    # function view and so never finds a catalog on Django 5: serve its
    # strings ourselves so its widget speaks German in the page editor.
    return [
        path(
            "jsi18n/recurrence/",
            JavaScriptCatalog.as_view(packages=["recurrence"]),
            name="recurrence_jsi18n",
        )
    ]


@hooks.register("insert_editor_js")
def recurrence_widget_translations():
    return format_html('<script src="{}"></script>', reverse("recurrence_jsi18n"))
