"""The admin's "Passwort vergessen?": as fast for an unknown address as for a
real account, and a limited number of mails.

Django's PasswordResetForm makes and sends a mail inside the request only
when the address belongs to an account, so the answer's time told which
addresses have one (66 ms against 14 ms; with a remote mail server far
more). Here every address gets the same work in the request (a mail made for
a stand-in when there is no account), and the mail leaves in a thread of its
own, so that the response never waits for the mail server. Requests are
counted per address and per client address (django-ratelimit, as the
contact forms): a refusal is the same for known and unknown addresses.
"""

import logging
import threading

from django_ratelimit.core import is_ratelimited

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.translation import gettext as _

from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm
from wagtail.admin.views.account import PasswordResetView as WagtailPasswordResetView

logger = logging.getLogger(__name__)

MAIL_THREAD_NAME = "password-reset-mail"


class PasswordResetForm(WagtailPasswordResetForm):
    """WAGTAILADMIN_USER_PASSWORD_RESET_FORM: the same work for every
    address, the sending in a thread."""

    def get_users(self, email):
        users = list(super().get_users(email))
        if users:
            return users
        # Never saved and never sent to: it only makes Django's save() build
        # a mail (token, templates) for an address without an account too.
        stand_in = get_user_model()(email=email)
        stand_in.has_no_account = True
        return [stand_in]

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Django's send_mail, with the sending moved to a thread.
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        send = not getattr(context["user"], "has_no_account", False)
        threading.Thread(target=deliver, args=(message, send), name=MAIL_THREAD_NAME).start()


def deliver(message, send):
    # A thread either way: starting one costs the request the same time. A
    # mail server's first answer comes before the message is built, so the
    # thread of a real mail leaves the request alone as this one does.
    if not send:
        return
    try:
        message.send()
    except Exception:
        # The person sees "sent" and asks again when nothing arrives; the
        # operators see why in the log (and ADMINS by mail, if mail works).
        logger.exception("Passwort-Zurücksetzen: E-Mail an %s nicht gesendet", message.to)


def address_key(group, request):
    # Django looks accounts up case-insensitively: so does the count.
    return request.POST.get("email", "").strip().lower()


class PasswordResetView(WagtailPasswordResetView):
    """Wagtail's view, counting each request against the e-mail address
    (PASSWORD_RESET_RATE_PER_ADDRESS) and the client's address
    (PASSWORD_RESET_RATE_PER_IP); one too many gets the form back with the
    reason and status 429, and no mail."""

    def form_valid(self, form):
        if self.requested_too_often():
            form.add_error(
                None,
                _(
                    "Zu viele Anfragen zum Zurücksetzen des Passworts. "
                    "Bitte versuchen Sie es in einer Stunde erneut."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)

    def requested_too_often(self):
        # Both are counted whatever the other says.
        limits = [
            is_ratelimited(
                self.request,
                group="site_core.password_reset.address",
                key=address_key,
                rate=settings.PASSWORD_RESET_RATE_PER_ADDRESS,
                method="POST",
                increment=True,
            ),
            is_ratelimited(
                self.request,
                group="site_core.password_reset.ip",
                key="ip",
                rate=settings.PASSWORD_RESET_RATE_PER_IP,
                method="POST",
                increment=True,
            ),
        ]
        return any(limits)
