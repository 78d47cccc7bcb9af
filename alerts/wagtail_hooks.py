"""The alerts in the admin: the moderators' dashboard panel with its
"Erneut senden", the manual note reached from an event's header menu, and
the translators' digest opt-in; and on the site, the sign-up form in the
pages' ``{% page_extras page %}`` (site_core.templatetags.page_extras)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from events.models import EventPage

from . import admin_views, manual_notes
from .dashboard import AlertsOverviewPanel, TranslationDigestPanel, is_moderator, is_translator
from .templatetags.alerts_tags import alert_signup


@hooks.register("register_admin_urls")
def alerts_admin_urls():
    return [
        path(
            "benachrichtigungen/versand/<int:pk>/erneut/",
            admin_views.retry_delivery,
            name="alerts_retry_delivery",
        ),
        path(
            "benachrichtigungen/aenderungen/erneut/",
            admin_views.retry_alerts,
            name="alerts_retry_alerts",
        ),
        path(
            "benachrichtigungen/nachricht/<int:page_id>/",
            admin_views.ManualNoteView.as_view(),
            name="alerts_manual_note",
        ),
        path(
            "benachrichtigungen/uebersetzungs-uebersicht/",
            admin_views.translation_digest,
            name="alerts_translation_digest",
        ),
    ]


@hooks.register("construct_homepage_panels")
def alerts_panels(request, panels):
    if is_moderator(request.user):
        panels.append(AlertsOverviewPanel())
    if is_translator(request.user):
        panels.append(TranslationDigestPanel(request.user))


@hooks.register("register_page_header_buttons")
def manual_note_button(page, user, view_name, next_url=None):
    is_event = page.specific_class is not None and issubclass(page.specific_class, EventPage)
    if is_event and is_moderator(user):
        yield Button(
            _("Nachricht an die Folgenden"),
            reverse("alerts_manual_note", args=[page.pk]),
            icon_name="mail",
            priority=75,
        )


@hooks.register("register_log_actions")
def manual_note_log_action(actions):
    actions.register_action(
        manual_notes.LOG_ACTION,
        _("Nachricht an die Folgenden senden"),
        _("Nachricht an die Folgenden gesendet"),
    )


@hooks.register("page_extras")
def alert_signup_form(context, page):
    """The sign-up form below the content of the calendar, agency, focus
    area, project, event and date pages (the templates that carry the
    slot): follow this page's events, or all events."""
    return alert_signup(context, page)
