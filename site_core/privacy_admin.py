"""The admin's privacy dialog ("Sichtbarkeit") for a page whose restriction
follows its German source (``site_core.restrictions``).

Wagtail's view (``wagtail.admin.views.page_privacy.set_privacy``) lets
anyone who may publish a page change or lift its restriction. A translator
or moderator lifting the mirrored restriction on the Russian page alone
would publish what the German page keeps private (and the next change of
the German restriction would undo it). So for such a page the dialog says
where its visibility is set, links there, and changes nothing; every other
page gets Wagtail's dialog.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.page_privacy import set_privacy as wagtail_set_privacy
from wagtail.models import Page

from .restrictions import mirrored_restriction


@never_cache
@require_admin_access
def set_privacy(request, page_id):
    page = get_object_or_404(Page, id=page_id)
    if not page.permissions_for_user(request.user).can_set_view_restrictions():
        raise PermissionDenied
    source_restriction = mirrored_restriction(page)
    if source_restriction is None:
        return wagtail_set_privacy(request, page_id)
    source = source_restriction.page.specific_deferred
    # No "step": the dialog shows the message and keeps the page's state.
    return render_modal_workflow(
        request,
        "site_core/admin/privacy_follows_source.html",
        None,
        {
            "source_title": source.get_admin_display_title(),
            "source_edit_url": reverse("wagtailadmin_pages:edit", args=[source.pk]),
        },
    )
