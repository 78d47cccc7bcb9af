"""The visitor's pages: the sign-up answer, the confirmation, "Meine
Benachrichtigungen" and the unsubscribe, each in the language of its
address (/de/… or /ru/…).

No page here sets a cookie. The sign-up form sits on cached public pages,
which must not carry a CSRF cookie; it is exempt because a sign-up acts
with no one's authority (a forged one costs the forger what posting the
form costs: the honeypot, the rate limit, and a mail that confirms
nothing). The pages reached from a mail are exempt because their signed
token is the secret a forged request would need. Mail scanners open links
(GET): only a POST (the button, or RFC 8058's one-click) changes anything.
"""

from django_ratelimit.core import is_ratelimited

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wagtail.models import Page

from . import signup as signups
from . import tokens
from .forms import FOLLOW_ALL, ManageForm, SignupForm
from .models import Follow
from .templatetags.alerts_tags import signup_context

# Sign-ups per visitor's IP address (django-ratelimit), counted like the
# contact form's messages: a form with input errors costs no attempt.
DEFAULT_SIGNUP_RATE = "5/h"


def signup_rate(group, request):
    return getattr(settings, "ALERT_SIGNUP_RATE", DEFAULT_SIGNUP_RATE)


def followable_page(request):
    """The live, public page the form was shown on, or None."""
    page_id = request.POST.get("page", "")
    if not page_id.isdigit():
        return None
    return Page.objects.live().public().filter(pk=int(page_id), depth__gt=1).first()


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    """GET: the form on its own page (all events). POST: from a page's form."""
    language = translation.get_language()
    if request.method != "POST":
        return render_signup(request, SignupForm(language=language))
    page = followable_page(request)
    form = SignupForm(request.POST, page=page, language=language)
    if not form.is_valid():
        return render_signup(request, form, page=page)
    if signups.honeypot_filled(request):
        # A bot gets the same answer, and nothing happens.
        return render_sent(request, form)
    if signups.sent_too_soon(request):
        return render_signup(request, form, page=page, sent_too_soon=True)
    if is_ratelimited(
        request,
        group="alerts.signup",
        key="ip",
        rate=signup_rate,
        method="POST",
        increment=True,
    ):
        return render_signup(request, form, page=page, status=429, too_many=True)
    signups.expire_unconfirmed()
    signups.request_alerts(
        form.cleaned_data["email"], form.followed_page(), form.cleaned_data["language"]
    )
    return render_sent(request, form)


def render_signup(request, form, page=None, status=200, **flags):
    context = signup_context(request, page, form=form, shown_at=signups.shown_at(request))
    context.update(
        page_title=_("Benachrichtigen Sie mich bei Änderungen"), standalone=True, **flags
    )
    return TemplateResponse(request, "alerts/signup.html", context, status=status)


def render_sent(request, form):
    """The same answer whether the address is new, waiting or confirmed."""
    context = {
        "page_title": _("Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        "email": form.cleaned_data["email"],
    }
    return TemplateResponse(request, "alerts/signup_sent.html", context)


def render_invalid_link(request, purpose, error):
    context = {
        "page_title": _("Dieser Link gilt nicht mehr"),
        "purpose": purpose,
        "expired": error.expired,
        "signup_url": reverse("alerts_signup"),
    }
    return TemplateResponse(
        request, "alerts/link_invalid.html", context, status=410 if error.expired else 400
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET: a button (a mail scanner opening the link confirms nothing);
    POST: confirmed."""
    try:
        subscriber, data = tokens.read_token(tokens.CONFIRM, token)
    except tokens.InvalidLink as error:
        return render_invalid_link(request, tokens.CONFIRM, error)
    manage_path = path_for("alerts_manage", tokens.make_token(tokens.MANAGE, subscriber))
    if data.get("c") != tokens.confirmation_state(subscriber):
        # Used already (or outdated by a later confirmation).
        context = {"page_title": _("Bereits bestätigt"), "manage_url": manage_path}
        return TemplateResponse(request, "alerts/confirm_used.html", context)
    if request.method != "POST":
        context = {"page_title": _("Benachrichtigungen bestätigen")}
        return TemplateResponse(request, "alerts/confirm.html", context)
    signups.confirm(subscriber, data.get("p"), data.get("l"))
    context = {
        "page_title": _("Vielen Dank, Ihre Anmeldung ist bestätigt"),
        "manage_url": manage_path,
    }
    return TemplateResponse(request, "alerts/confirmed.html", context)


def path_for(name, token, language=None):
    with translation.override(language or translation.get_language()):
        return reverse(name, kwargs={"token": token})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """ "Meine Benachrichtigungen": language and what is followed."""
    try:
        subscriber, _data = tokens.read_token(tokens.MANAGE, token)
    except tokens.InvalidLink as error:
        return render_invalid_link(request, tokens.MANAGE, error)
    follows = list(subscriber.follows.select_related("page").order_by("created_at"))
    choices = [
        (str(follow.page_id), signups.localized_title(follow.page, translation.get_language()))
        for follow in follows
        if follow.page_id is not None
    ] + [(FOLLOW_ALL, _("Alle Veranstaltungen"))]
    followed = [str(follow.page_id or FOLLOW_ALL) for follow in follows]
    form = ManageForm(
        request.POST or None,
        follow_choices=choices,
        initial={"language": subscriber.language, "follows": followed},
    )
    if request.method == "POST" and form.is_valid():
        save_choices(subscriber, form.cleaned_data)
        # The page again, in the language now chosen.
        path = path_for("alerts_manage", token, subscriber.language)
        return HttpResponseRedirect(f"{path}?gespeichert=1")
    context = {
        "page_title": _("Meine Benachrichtigungen"),
        "form": form,
        "saved": request.method == "GET" and "gespeichert" in request.GET,
        "unsubscribe_url": path_for(
            "alerts_unsubscribe", tokens.make_token(tokens.UNSUBSCRIBE, subscriber)
        ),
    }
    return TemplateResponse(request, "alerts/manage.html", context)


def save_choices(subscriber, data):
    subscriber.language = data["language"]
    subscriber.save(update_fields=["language"])
    keep = set(data["follows"])
    for follow in subscriber.follows.all():
        if str(follow.page_id or FOLLOW_ALL) not in keep:
            follow.delete()
    if FOLLOW_ALL in keep:
        Follow.objects.get_or_create(subscriber=subscriber, page=None)


def is_one_click(request):
    """RFC 8058: the mail program POSTs ``List-Unsubscribe=One-Click``."""
    return request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click"


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a button; POST (the button, or a mail program's one-click):
    the address and everything stored with it are deleted."""
    try:
        subscriber, _data = tokens.read_token(tokens.UNSUBSCRIBE, token)
    except tokens.InvalidLink as error:
        if is_one_click(request):
            return HttpResponse(status=400)
        return render_invalid_link(request, tokens.UNSUBSCRIBE, error)
    if request.method != "POST":
        context = {"page_title": _("Benachrichtigungen abbestellen")}
        return TemplateResponse(request, "alerts/unsubscribe.html", context)
    subscriber.delete()
    if is_one_click(request):
        return HttpResponse(_("Sie sind abgemeldet."), content_type="text/plain; charset=utf-8")
    context = {"page_title": _("Sie sind abgemeldet")}
    return TemplateResponse(request, "alerts/unsubscribed.html", context)
