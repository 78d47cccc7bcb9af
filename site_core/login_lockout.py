"""django-axes in this site: whose address a failed login counts against,
and the page a locked-out person sees.

Axes locks out the pair of user name and client address (settings,
AXES_LOCKOUT_PARAMETERS) after AXES_FAILURE_LIMIT wrong passwords for
AXES_COOLOFF_TIME; superusers see and lift lockouts under Einstellungen →
Anmeldesperren (site_core/login_lockout_admin.py).
"""

import ipaddress
import math

from axes.helpers import get_cool_off

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

from wagtail.admin.views.account import LoginView


def client_ip(request):
    """The client's address as the contact forms' rate limit sees it
    (django-ratelimit's RATELIMIT_IP_META_KEY, a request.META key), so that
    both count the same visitor; AXES_CLIENT_IP_CALLABLE.

    Behind nginx that is the X-Forwarded-For header nginx overwrites with the
    client's address; without the setting it is REMOTE_ADDR. If a proxy
    appended to the header instead, its last entry is the one our own proxy
    saw. A missing or malformed header falls back to REMOTE_ADDR: axes stores
    the address in a GenericIPAddressField, which refuses anything else.
    """
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    address = request.META.get(meta_key, "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """Wagtail's login page with the reason in its messages, status 429
    (AXES_HTTP_RESPONSE_CODE); AXES_LOCKOUT_CALLABLE.

    Axes' own response is an English line of plain text. The login form stays
    on the page, so that the person can try again once the time is up.
    """
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    messages.error(
        request,
        _(
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in "
            "%(minutes)d Minuten erneut oder wenden Sie sich an die Administration "
            "der Website, die die Sperre aufheben kann."
        )
        % {"minutes": minutes},
    )
    view = LoginView()
    view.setup(request)
    form = view.get_form_class()(request)
    response = view.render_to_response(view.get_context_data(form=form))
    response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    # Axes' middleware hands this back after Django has rendered the view's
    # own response: render this one here.
    return response.render()
