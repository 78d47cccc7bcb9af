"""A moderator who approves or rejects a page from the dashboard is told
what happened. Wagtail's workflow action view (``wagtail.admin.views.
pages.workflow.WorkflowAction``) acts and redirects without a word, so the
moderator cannot tell a click that worked from one that did not."""

from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.workflow import WorkflowAction
from wagtail.models import TaskState


class WorkflowActionWithMessage(WorkflowAction):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        state = TaskState.objects.get(pk=self.task_state.pk)
        if state.status == TaskState.STATUS_IN_PROGRESS:
            return response  # the form had errors: the modal shows them
        page = self.object.specific_deferred
        page.refresh_from_db()
        title = page.get_admin_display_title()
        if state.status == TaskState.STATUS_APPROVED:
            if page.current_workflow_state is None and page.live:
                text = _("„%(title)s“ ist freigegeben und veröffentlicht.")
            else:
                text = _("„%(title)s“ ist freigegeben; weitere Freigaben stehen noch aus.")
        elif state.status == TaskState.STATUS_REJECTED:
            text = _("„%(title)s“ ist zur Überarbeitung an die Redaktion zurückgegangen.")
        else:
            return response
        messages.success(request, text % {"title": title})
        return response


workflow_action = require_admin_access(WorkflowActionWithMessage.as_view())
