from wagtail import hooks
from wagtail.models import Page

from site_core.roles import EDITORS, MODERATORS

from .models import ContactFormPage


@hooks.register("filter_form_submissions_for_user")
def submissions_for_agency_staff(user, editable_forms):
    """Messages from the contact forms hold visitors' personal data.

    Wagtail shows a form's submissions to whoever may edit the form page,
    which would give translators (Russian tree) the Russian forms' messages
    and editors (German tree) only the German ones. The agencies' staff,
    Redaktion and Moderation, answer the messages in either language;
    nobody else sees them.
    """
    if user.is_superuser:
        return editable_forms
    if user.groups.filter(name__in=[EDITORS, MODERATORS]).exists():
        return Page.objects.type(ContactFormPage)
    return editable_forms.none()
