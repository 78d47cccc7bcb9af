from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from wagtail import hooks

from . import schedule_change_panel, sync, sync_admin


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


@hooks.register("register_admin_urls")
def date_sync_urls():
    return [
        path(
            "veranstaltungen/termine-uebertragen/<int:pk>/",
            sync_admin.retry,
            name="events_retry_date_sync",
        )
    ]


hooks.register("construct_homepage_panels", sync_admin.dashboard_panel)
hooks.register("after_edit_page", schedule_change_panel.after_edit_page)
hooks.register("after_create_page", schedule_change_panel.after_edit_page)


@hooks.register("register_log_actions")
def date_sync_log_actions(actions):
    actions.register_action(
        sync.LOG_DATES,
        _("Termine aus der deutschen Fassung übernehmen"),
        _("Termine aus der deutschen Fassung übernommen"),
    )
    actions.register_action(
        sync.LOG_DRAFT_DATES,
        _("Termine aus der deutschen Fassung in den Entwurf übernehmen"),
        _("Termine aus der deutschen Fassung in den Entwurf übernommen"),
    )
