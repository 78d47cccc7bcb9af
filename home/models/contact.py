"""The agencies' contact forms: the form page, which stores each message
and e-mails it to the agency, and its fields."""

import datetime
import logging
import time

from django_ratelimit.core import is_ratelimited
from wagtail_honeypot.models import HoneypotFormMixin, HoneypotFormSubmissionMixin
from wagtail_honeypot.templatetags import honeypot_tags

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.mail import send_mail
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, validate_to_address
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from site_core.models import BasePage
from site_core.one_line import one_line, validate_one_line
from site_core.privacy_policy import privacy_policy

from ..admin_forms import ContactFormPageForm
from ..forms import CONSENT_FIELD, ContactFormBuilder

logger = logging.getLogger(__name__)


class FormField(TranslatableMixin, AbstractFormField):
    """A field of a contact form. Translatable, so that translators translate
    its label, help text and choices in wagtail-localize's editor."""

    page = ParentalKey("home.ContactFormPage", on_delete=models.CASCADE, related_name="form_fields")

    # The name keys the stored answers: German and Russian submissions of a
    # form share it, and translators never see it.
    override_translatable_fields = [SynchronizedField("clean_name", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("Formularfeld")
        verbose_name_plural = _("Formularfelder")

    def clean(self):
        super().clean()
        if (self.clean_name or self.get_field_clean_name()) == CONSENT_FIELD:
            raise ValidationError(
                {
                    "label": _(
                        "Die Einwilligung fragt jedes Kontaktformular von selbst ab. Bitte "
                        "wählen Sie eine andere Beschriftung."
                    )
                }
            )


class ContactFormPage(HoneypotFormMixin, HoneypotFormSubmissionMixin, BasePage):
    """A contact form of an agency. Each message is e-mailed to the agency and
    kept in the admin until ``manage.py delete_old_form_submissions`` deletes
    it (after six months).

    Built in, whatever fields editors add: the consent to store the answers,
    a honeypot field with a minimum fill-in time (wagtail-honeypot) and a
    limit of sent messages per IP address (``CONTACT_FORM_RATE``)."""

    thank_you_text = RichTextField(
        _("Text nach dem Absenden"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_(
            "Was passiert jetzt? Z. B. „Wir antworten Ihnen innerhalb von drei Werktagen.“"
        ),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Datenschutzerklärung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Die Seite, auf die die Einwilligung im Formular verweist. Leer lassen: die Seite "
            "„Datenschutz“ (Kurztitel „datenschutz“) wird verwendet."
        ),
    )
    to_address = models.CharField(
        _("E-Mail-Adresse der Agentur"),
        max_length=255,
        validators=[validate_one_line, validate_to_address],
        help_text=_("Jede Nachricht geht an diese Adresse. Mehrere Adressen mit Komma trennen."),
    )
    from_address = models.EmailField(
        _("Absenderadresse"),
        max_length=255,
        blank=True,
        validators=[validate_one_line],
        help_text=_("Leer lassen, um die Absenderadresse der Website zu verwenden."),
    )
    subject = models.CharField(
        _("Betreff"),
        max_length=255,
        blank=True,
        validators=[validate_one_line],
        help_text=_(
            "Der Name der Agentur wird angehängt. Leer lassen: „Nachricht über die Website“."
        ),
    )

    form_builder = ContactFormBuilder
    base_form_class = ContactFormPageForm

    content_panels = BasePage.content_panels + [
        FormSubmissionsPanel(),
        HelpPanel(
            content=_(
                "Anfragen werden nach 6 Monaten automatisch gelöscht. Jedes Kontaktformular "
                "fragt von selbst die Einwilligung zur Speicherung ab und ist gegen Spam "
                "geschützt: Dafür müssen Sie kein Feld anlegen."
            ),
            heading=_("Anfragen"),
        ),
        InlinePanel("form_fields", label=_("Formularfelder")),
        FieldPanel("thank_you_text"),
        FieldPanel("privacy_page"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
            heading=_("E-Mail an die Agentur"),
        ),
    ]
    search_fields = BasePage.search_fields

    # Where messages go is the editors' decision: translators neither
    # translate nor override it, nor change it on a translation that is no
    # longer synced (site_core.source_fields).
    override_translatable_fields = [
        SynchronizedField("to_address", overridable=False),
        SynchronizedField("from_address", overridable=False),
        SynchronizedField("subject", overridable=False),
    ]
    source_owned_fields = ["to_address", "from_address", "subject"]

    parent_page_types = ["home.AgencyPage", "home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Kontaktformular")
        verbose_name_plural = _("Kontaktformulare")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["privacy_page"] = self.privacy_policy()
        context["back_page"] = self.get_parent()
        context["honeypot_fields"] = self.honeypot_fields(request)
        return context

    def honeypot_fields(self, request):
        """What wagtail-honeypot's ``{% honeypot_fields %}`` tag renders. A form
        shown again after an input error keeps the time it was first shown:
        someone who only ticks the consent and sends again within seconds
        must not be taken for a bot."""
        fields = honeypot_tags.honeypot_fields(self.honeypot)
        shown_at = self.shown_at(request)
        if shown_at is not None:
            fields["time"] = str(shown_at)
        return fields

    def shown_at(self, request):
        """When the posted form was first shown (whole seconds since the
        epoch, as the form carries it), or None: not posted, unreadable, or
        in the future (a forged value would be kept forever)."""
        value = request.POST.get(settings.HONEYPOT_TIME_FIELD, "")
        if request.method != "POST" or not value.isdigit() or int(value) > time.time():
            return None
        return int(value)

    def honeypot_filled(self, request):
        """A bot's post: the field people never see is filled in, or missing
        (a post not made from the form the site shows)."""
        return request.POST.get(settings.HONEYPOT_NAME_FIELD, "x") != ""

    def sent_too_soon(self, request, shown_at):
        """Sent less than HONEYPOT_TIME_INTERVAL seconds after the form was
        shown (or when is unknown). wagtail-honeypot compares whole seconds
        and wants more than 3 ("> 3"): a message sent 3.9 s after the form
        was shown was discarded. The form's time is cut to whole seconds, so
        the time measured here is at most one second too long."""
        return shown_at is None or time.time() - shown_at < settings.HONEYPOT_TIME_INTERVAL

    def privacy_policy(self):
        """The live privacy policy in this page's language (or in German
        while it is untranslated); None if there is none."""
        return privacy_policy(self.locale.language_code, chosen=self.privacy_page)

    def get_data_fields(self):
        # The admin's list of submissions shows the consent as a column.
        return [*super().get_data_fields(), (CONSENT_FIELD, _("Einwilligung"))]

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if not form.is_valid():
            return self.render_form(request, form)
        if self.honeypot:
            # Bots are thanked and their message dropped, so that they do
            # not learn to avoid the trap.
            if self.honeypot_filled(request):
                return self.render_landing_page(request, None, *args, **kwargs)
            # A person may be quick (a short message, the browser's
            # autofill): never discard a message whose trap is empty, show
            # it again with what was typed and let it be sent once more.
            if self.sent_too_soon(request, self.shown_at(request)):
                return self.render_form(request, form, sent_too_soon=True)
        # Only complete messages count: input errors cost no attempt.
        if self.sent_too_often(request):
            return self.render_form(request, form, status=429, too_many_messages=True)
        submission = self.process_form_submission(form)
        return self.render_landing_page(request, submission, *args, **kwargs)

    def process_form_submission(self, form):
        """Store the message and e-mail it to the agency (Wagtail's
        AbstractEmailForm). The honeypot checks happened in serve(): past
        wagtail-honeypot's own, which drops a message with no sign."""
        return super(HoneypotFormSubmissionMixin, self).process_form_submission(form)

    def sent_too_often(self, request):
        """Count this message against the sender's IP address, over all
        contact forms, and tell whether it is one too many."""
        return is_ratelimited(
            request,
            group="home.contact_form",
            key="ip",
            rate=settings.CONTACT_FORM_RATE,
            method="POST",
            increment=True,
        )

    def render_form(self, request, form, status=200, **extra_context):
        context = self.get_context(request)
        context.update(form=form, **extra_context)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    # The e-mail to the agency

    def send_mail(self, form):
        """E-mail the stored message to the agency. Whatever goes wrong here
        (the mail server down, an address it refuses, a header Django will
        not send) the message is stored, the visitor is thanked and must not
        send it again, and the ERROR reaches ADMINS (LOGGING): staff find
        the message in the admin."""
        try:
            # Agency staff get the e-mail in German, the language of the
            # admin, whatever language the visitor wrote in.
            with translation.override(settings.LANGUAGE_CODE):
                subject = (
                    f"{self.subject or _('Nachricht über die Website')} – {self.agency_name()}"
                )
                body = self.render_email(form)
            # Header values on one line: values stored before the editor's
            # form refused line breaks would make Django refuse the mail
            # (BadHeaderError).
            send_mail(
                one_line(subject),
                body,
                [one_line(address) for address in self.to_address.split(",")],
                one_line(self.from_address),
                reply_to=self.reply_to(form),
            )
        except Exception:
            logger.exception(
                "Kontaktformular „%s“ (%s): E-Mail an %s nicht gesendet. Die Nachricht ist "
                "gespeichert: %s%s",
                self.title,
                self.pk,
                self.to_address,
                settings.WAGTAILADMIN_BASE_URL,
                reverse("wagtailforms:list_submissions", args=[self.pk]),
            )

    def agency_name(self):
        """The German title of the page the form belongs to: the agency."""
        parent = self.get_parent()
        return (parent.get_translation_or_none(Locale.get_default()) or parent).title

    def reply_to(self, form):
        """The visitor's e-mail address, if the form asked for one."""
        for field in self.get_form_fields():
            if field.field_type == "email" and form.cleaned_data.get(field.clean_name):
                return [form.cleaned_data[field.clean_name]]
        return None

    def render_email(self, form):
        language = translation.get_language_info(self.locale.language_code)["name_translated"]
        lines = [
            _("Neue Nachricht über das Kontaktformular „{title}“ (Sprache: {language}):").format(
                title=self.title, language=language
            ),
            "",
        ]
        for field in form:
            if field.name != CONSENT_FIELD and field.name in form.cleaned_data:
                lines.append(f"{field.label}: {_email_value(form.cleaned_data[field.name])}")
        lines += [
            "",
            _(
                "Die Person hat eingewilligt, dass ihre Angaben zur Bearbeitung der Anfrage "
                "gespeichert werden."
            ),
        ]
        if self.reply_to(form):
            lines.append(_("„Antworten“ schreibt direkt an die angegebene E-Mail-Adresse."))
        lines.append(
            _("Alle Nachrichten dieses Formulars in der Verwaltung: {url}").format(
                url=f"{settings.WAGTAILADMIN_BASE_URL}"
                f"{reverse('wagtailforms:list_submissions', args=[self.pk])}"
            )
        )
        return "\n".join(str(line) for line in lines)


def _email_value(value):
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    return "" if value is None else value
