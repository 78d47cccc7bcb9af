"""``{% alert_signup page %}``: the sign-up form for e-mail alerts, placed by
the calendar, agency, focus-area, project, event and date pages."""

import time

from django import template
from django.conf import settings
from django.db.models import Subquery
from django.urls import reverse
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant

from site_core.models import StandardPage

from ..forms import SignupForm

register = template.Library()


def privacy_page(language):
    """The live Datenschutz page in ``language`` (German while untranslated),
    found by its German slug as the contact form finds it; None if none.

    One query for the German page and its translation: the form is on every
    event and date page, where Wagtail's ``Locale.get_default()`` and
    ``get_translations()`` cost a query each."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    german = (
        StandardPage.objects.filter(locale__language_code=default, slug="datenschutz")
        .order_by("path")
        .values("translation_key")[:1]
    )
    candidates = {
        page.locale.language_code: page
        for page in StandardPage.objects.filter(
            translation_key=Subquery(german), locale__language_code__in={default, language}
        ).select_related("locale")
    }
    for code in (language, default):
        page = candidates.get(code)
        if page is not None and page.live:
            return page
    return None


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
        "privacy_page": privacy_page(translation.get_language()),
        "honeypot_name_field": settings.HONEYPOT_NAME_FIELD,
        "honeypot_time_field": settings.HONEYPOT_TIME_FIELD,
        "shown_at": shown_at or int(time.time()),
    }


@register.inclusion_tag("alerts/includes/signup_form.html", takes_context=True)
def alert_signup(context, page):
    """The form on ``page`` (the event's page on a date page): follow this
    page's events or all events."""
    return signup_context(context.get("request"), page)
