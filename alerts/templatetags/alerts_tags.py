"""``{% alert_signup page %}``: the sign-up form for e-mail alerts, placed by
the calendar, agency, focus-area, project, event and date pages."""

import time

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from wagtail.models import Site

from site_core.cache.fragments import cached_fragment
from site_core.privacy_policy import privacy_policy

from ..forms import SignupForm

register = template.Library()

TEMPLATE = "alerts/includes/signup_form.html"

# The honeypot's time field as the stored fragment has it: each render puts
# in its own time, so that a form shown now is not taken for one sent too
# fast, nor one shown an hour ago for a fresh one.
SHOWN_AT_PLACEHOLDER = "alert-signup-shown-at"


def signup_context(request, page, form=None, shown_at=None):
    """What the form's template needs. ``page`` is the page whose events the
    visitor may follow (None: all events only); the language chosen at first
    is the page's. ``shown_at`` keeps the time a form shown again after an
    error was first shown (the honeypot's minimum time)."""
    language = page.locale.language_code if page is not None else translation.get_language()
    if form is None:
        form = SignupForm(page=page, language=language)
    return {
        "request": request,
        "form": form,
        "action": reverse("alerts_signup"),
        "privacy_page": privacy_policy(translation.get_language()),
        "honeypot_name_field": settings.HONEYPOT_NAME_FIELD,
        "honeypot_time_field": settings.HONEYPOT_TIME_FIELD,
        "shown_at": shown_at or int(time.time()),
    }


def _fragment_vary(request, page):
    """All the empty form shows besides the privacy policy (whose changes
    start a new generation, site_core.cache.stale): the page as the form
    names it (its title, and its type: "Diese Veranstaltung" or "Die
    Veranstaltungen dieser Seite"; its ID, which also fixes its language),
    the visitor's language, the site (the privacy policy's link) and the
    honeypot's field names. Not the page's version: the form stays as it is
    when an event on the page is published."""
    site = Site.find_for_request(request)
    return [
        site.pk if site else None,
        translation.get_language(),
        getattr(page, "pk", None),
        getattr(page, "content_type_id", None),
        getattr(page, "title", ""),
        settings.HONEYPOT_NAME_FIELD,
        settings.HONEYPOT_TIME_FIELD,
    ]


@register.simple_tag(takes_context=True)
def alert_signup(context, page):
    """The form on ``page`` (the event's page on a date page): follow this
    page's events or all events. Kept as a fragment of the page cache: the
    privacy policy's lookup and the form's rendering are a sixth of a
    calendar page's render. A form shown again after an input error is the
    sign-up view's own (alerts.views), never the fragment."""
    request = context.get("request")

    def compute():
        values = signup_context(request, page, shown_at=SHOWN_AT_PLACEHOLDER)
        return render_to_string(TEMPLATE, values)

    html = (
        compute()
        if request is None
        else cached_fragment("alert-signup", compute, vary=_fragment_vary(request, page))
    )
    shown_at = f'value="{int(time.time())}"'
    html = html.replace(f'value="{SHOWN_AT_PLACEHOLDER}"', shown_at, 1)
    return mark_safe(html)  # noqa: S308 - rendered by Django's templates
