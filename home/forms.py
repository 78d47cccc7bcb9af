"""The form a visitor fills in on a contact form page: the fields editors
added, plus what every contact form has (consent, browser autofill hints)
and the rule that the agency must be able to answer."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

# Every contact form asks for consent to store the answers; the submission
# keeps it under this name ("einwilligung": true), next to submit_time.
CONSENT_FIELD = "einwilligung"

# Field names (the same in both languages) whose answers a browser may fill in
# for the visitor, with the autocomplete token for each.
AUTOCOMPLETE = {
    "name": "name",
    "ihr_name": "name",
    "vorname": "given-name",
    "nachname": "family-name",
    "telefon": "tel",
    "telefonnummer": "tel",
}


def clean_name(field):
    # A field not saved yet (an editor's preview) has no clean_name.
    return field.clean_name or field.get_field_clean_name()


def is_reply_field(field):
    """An answer the agency can reply to: an e-mail address or a phone number."""
    return field.field_type == "email" or AUTOCOMPLETE.get(clean_name(field)) == "tel"


class ContactForm(BaseForm):
    """Wagtail's form, which also refuses a message the agency could not
    answer: with e-mail and phone both optional, one of them must be given."""

    # Names of the fields the agency can answer to, set by ContactFormBuilder.
    reply_fields = ()

    def reply_hint(self):
        """ "Please give „E-Mail“ or „Telefon“ so we can answer", in the
        visitor's language and with the labels the visitor sees; "" when a
        required field already ensures an answer is possible."""
        fields = [self.fields[name] for name in self.reply_fields]
        if not fields or any(field.required for field in fields):
            return ""
        # Quotation marks differ: „E-Mail“ in German, «E-mail» in Russian.
        labels = [gettext("„%(label)s“") % {"label": field.label} for field in fields]
        if len(labels) > 1:
            labels = [", ".join(labels[:-1]), labels[-1]]
            fields_text = gettext("%(fields)s oder %(last)s") % {
                "fields": labels[0],
                "last": labels[1],
            }
        else:
            fields_text = labels[0]
        return gettext("Bitte geben Sie %(fields)s an, damit wir Ihnen antworten können.") % {
            "fields": fields_text
        }

    def clean(self):
        cleaned_data = super().clean()
        hint = self.reply_hint()
        given = any(cleaned_data.get(name) for name in self.reply_fields)
        # An invalid e-mail address has its own error already.
        mistyped = any(name in self.errors for name in self.reply_fields)
        if hint and not given and not mistyped:
            # At the first of them, so that the list of errors links to it.
            self.add_error(self.reply_fields[0], hint)
        return cleaned_data


class ContactFormBuilder(FormBuilder):
    """Wagtail's form builder, plus the consent checkbox every contact form
    has, the autocomplete hints for name, e-mail and phone, and the rule that
    the visitor leaves an e-mail address or a phone number."""

    def create_singleline_field(self, field, options):
        token = AUTOCOMPLETE.get(clean_name(field))
        if token:
            attrs = {"autocomplete": token}
            if token == "tel":
                attrs["type"] = "tel"
            options["widget"] = forms.TextInput(attrs=attrs)
        return super().create_singleline_field(field, options)

    def create_email_field(self, field, options):
        options["widget"] = forms.EmailInput(attrs={"autocomplete": "email"})
        return super().create_email_field(field, options)

    @property
    def formfields(self):
        formfields = super().formfields
        formfields[CONSENT_FIELD] = forms.BooleanField(
            label=_(
                "Ich bin einverstanden, dass meine Angaben zur Bearbeitung meiner Anfrage "
                "gespeichert werden."
            ),
            help_text=_(
                "Wir verwenden Ihre Angaben nur für Ihre Anfrage und löschen sie nach sechs "
                "Monaten."
            ),
            error_messages={
                "required": _(
                    "Bitte stimmen Sie zu, damit wir Ihre Nachricht speichern und beantworten "
                    "dürfen."
                )
            },
        )
        return formfields

    def get_form_class(self):
        # Wagtail's FormBuilder always builds on its BaseForm; ContactForm adds
        # the check that the agency can answer.
        attrs = dict(self.formfields)
        attrs["reply_fields"] = tuple(
            clean_name(field) for field in self.fields if is_reply_field(field)
        )
        return type("ContactForm", (ContactForm,), attrs)
