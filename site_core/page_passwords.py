"""Guessing the password of a password-protected page, limited.

Wagtail's view (wagtail.views.authenticate_with_password) checks any number
of passwords. Wrong ones are counted here per client address and view
restriction (PAGE_PASSWORD_RATE, django-ratelimit); past the limit the form
comes back with the reason, in the page's language, status 429, and the
password is not checked. The count belongs to the restriction, not the page:
the view accepts any page id with it.
"""

import math

from django_ratelimit.core import get_usage

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import ngettext

from wagtail import views as wagtail_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from .login_lockout import client_ip


class RefusedPasswordForm(PasswordViewRestrictionForm):
    """The password form as the visitor sent it, with the refusal as its
    error; the password itself is not checked."""

    def __init__(self, *args, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.minutes = minutes

    def clean_password(self):
        return self.cleaned_data["password"]

    def clean(self):
        raise forms.ValidationError(
            ngettext(
                "Zu viele falsche Passwörter. Bitte versuchen Sie es in %(minutes)d Minute erneut.",
                "Zu viele falsche Passwörter. Bitte versuchen Sie es in %(minutes)d Minuten "
                "erneut.",
                self.minutes,
            )
            % {"minutes": self.minutes}
        )


def wrong_passwords(request, restriction_id, count_one_more=False):
    return get_usage(
        request,
        group="site_core.page_password",
        key=lambda group, request: f"{client_ip(request)}/{restriction_id}",
        rate=settings.PAGE_PASSWORD_RATE,
        method="POST",
        increment=count_one_more,
    )


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's view under its own name and address (site_core/urls.py),
    behind the count of wrong passwords."""
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)

    usage = wrong_passwords(request, page_view_restriction_id)
    if usage and usage["count"] >= usage["limit"]:
        return refusal(request, page_view_restriction_id, page_id, usage["time_left"])

    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    # A redirect lets the visitor in; the form again means a wrong password.
    if response.status_code == 200:
        wrong_passwords(request, page_view_restriction_id, count_one_more=True)
    return response


def refusal(request, restriction_id, page_id, seconds_left):
    restriction = get_object_or_404(PageViewRestriction, id=restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    form = RefusedPasswordForm(
        request.POST, instance=restriction, minutes=max(1, math.ceil(seconds_left / 60))
    )
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    response = page.serve_password_required_response(request, form, action_url)
    response.status_code = 429
    return response
