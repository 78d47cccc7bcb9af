"""The admin's alert views: "Erneut senden" for a dead letter, "Jetzt erneut
versuchen" for overdue changes, and the
manual note to an event's followers (moderators), the digest opt-in
(translators). Editors and translators are refused the moderators' views."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page

from events.models import EventPage

from . import batching, outbox
from .dashboard import is_moderator, is_translator
from .manual_notes import ManualNoteForm, recipients_by_language, send_manual_note
from .models import Delivery, TranslationDigestOptIn


def moderators_only(view):
    def checked(request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


@require_POST
@moderators_only
def retry_delivery(request, pk):
    delivery = get_object_or_404(Delivery, pk=pk)
    if delivery.status != Delivery.Status.DEAD:
        messages.info(request, _("Diese E-Mail ist bereits wieder im Versand."))
    else:
        outbox.retry(delivery)
        messages.success(
            request,
            _("Die E-Mail (%(kind)s) wird erneut gesendet.")
            % {"kind": delivery.get_kind_display()},
        )
    return redirect("wagtailadmin_home")


@require_POST
@moderators_only
def retry_alerts(request):
    """ "Jetzt erneut versuchen" for overdue changes: the mail worker tells
    the followers now (their mails go through the outbox as always)."""
    batching.close_windows.enqueue()
    messages.success(
        request,
        _(
            "Die überfälligen Änderungsmeldungen werden jetzt erneut bearbeitet. "
            "Bleibt der Hinweis stehen, prüfen Sie, ob der Versand-Dienst läuft."
        ),
    )
    return redirect("wagtailadmin_home")


class ManualNoteView(WagtailAdminTemplateMixin, FormView):
    form_class = ManualNoteForm
    template_name = "alerts/admin/manual_note.html"
    header_icon = "mail"
    page_title = gettext_lazy("Nachricht an die Folgenden")

    def dispatch(self, request, page_id):
        if not is_moderator(request.user):
            raise PermissionDenied
        page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(page, EventPage):
            raise PermissionDenied
        # Followers are matched by translation key; the note is written
        # from the German event whichever language it was opened from.
        self.event = page.get_translation_or_none(Locale.get_default()) or page
        self.event = self.event.specific
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": self.event.title,
            },
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_context_data(self, **kwargs):
        counts = recipients_by_language(self.event)
        return super().get_context_data(
            event=self.event,
            recipients=sum(counts.values()),
            recipients_de=counts.get("de", 0),
            recipients_ru=counts.get("ru", 0),
            **kwargs,
        )

    def form_valid(self, form):
        if not self.event.live:
            messages.error(
                self.request,
                _("Die Veranstaltung ist nicht veröffentlicht: niemand kann ihr folgen."),
            )
            return self.form_invalid(form)
        sent = send_manual_note(self.event, user=self.request.user, **form.cleaned_data)
        if sent:
            messages.success(
                self.request,
                _("Die Nachricht zu „%(title)s“ geht an %(count)s Personen.")
                % {"title": self.event.title, "count": sent},
            )
        else:
            messages.warning(
                self.request,
                _("Niemand folgt „%(title)s“: die Nachricht wurde an niemanden gesendet.")
                % {"title": self.event.title},
            )
        return redirect("wagtailadmin_pages:edit", self.event.pk)

    def form_invalid(self, form):
        if form.errors:
            messages.error(
                self.request, _("Die Nachricht wurde nicht gesendet. Bitte prüfen Sie die Angaben.")
            )
        return super().form_invalid(form)


@require_POST
def translation_digest(request):
    """Opt in to or out of the translators' daily digest."""
    if not is_translator(request.user):
        raise PermissionDenied
    if request.POST.get("digest") == "on":
        if not request.user.email:
            messages.error(
                request, _("Bitte tragen Sie zuerst unter „Konto“ Ihre E-Mail-Adresse ein.")
            )
        else:
            TranslationDigestOptIn.objects.get_or_create(user=request.user)
            messages.success(
                request,
                _(
                    "Sie erhalten ab dem nächsten Morgen die tägliche Übersicht der "
                    "wartenden Übersetzungen."
                ),
            )
    else:
        TranslationDigestOptIn.objects.filter(user=request.user).delete()
        messages.success(request, _("Die tägliche Übersicht ist abbestellt."))
    return redirect("wagtailadmin_home")
