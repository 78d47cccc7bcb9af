"""What a change of the schedule from a date on does, in the editor: a
read-only panel in "Wann" (so the moderator reviewing the revision reads it
too) and admin messages after saving or submitting."""

from django.contrib import messages
from django.utils.html import format_html, format_html_join

from wagtail.admin.panels import HelpPanel

from .schedule_changes import change_summary, orphan_warning


class ScheduleChangePanel(HelpPanel):
    """Wagtail's HelpPanel shows fixed content; this one says what the
    page's (the revision's) latest change of the schedule does and which
    single-date changes lost their date. Shown only where there is something
    to say."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            texts = [] if self.instance is None else _texts(self.instance)
            self.content = format_html_join(
                "", '<p class="help-block">{}</p>', ((t,) for t in texts)
            )

        def is_shown(self):
            return bool(self.content)


def _texts(page):
    return [text for text in (change_summary(page), orphan_warning(page)) if text]


def after_edit_page(request, page):
    """Hook: after saving, submitting or publishing an event, say which
    dates the change of its schedule moves and which stay, and warn of
    single-date changes without their date."""
    if not hasattr(page, "past_schedules") or not hasattr(page, "date_changes"):
        return
    if getattr(page, "schedule_change_frozen", False):
        messages.info(request, change_summary(page))
    warning = orphan_warning(page)
    if warning:
        messages.warning(request, format_html("{}", warning))
