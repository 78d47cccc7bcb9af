"""The editor's form of a contact form page."""

from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from site_core.page_forms import SitePageForm

from .forms import is_reply_field


class ContactFormPageForm(SitePageForm, WagtailAdminFormPageForm):
    """Wagtail's form of a form page (it refuses two fields of one name)
    with the site's one-line title, which also refuses a contact form
    without a field to answer to: the thank-you page promises an answer."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None or not formset.is_valid():
            return cleaned_data
        fields = [
            formset.model(
                label=form.cleaned_data["label"], field_type=form.cleaned_data["field_type"]
            )
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not any(is_reply_field(field) for field in fields):
            self.add_error(
                None,
                _(
                    "Bitte legen Sie ein Feld an, über das Sie antworten können: ein Feld vom "
                    "Typ „E-Mail“ oder ein Feld mit der Beschriftung „Telefon“."
                ),
            )
        return cleaned_data
