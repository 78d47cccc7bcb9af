import factory
import wagtail_factories

from .models import AgencyPage, ContactFormPage, FocusAreaPage, FormField, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Integrationsagenturen"
    slug = "startseite"

    class Meta:
        model = HomePage


class AgencyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Integrationsagentur {n}")
    city = "Oberhausen"

    class Meta:
        model = AgencyPage


class FocusAreaPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Schwerpunkt {n}")

    class Meta:
        model = FocusAreaPage


class ContactFormPageFactory(wagtail_factories.PageFactory):
    """A contact form with the demo's fields: name, e-mail, phone, message."""

    title = factory.Sequence(lambda n: f"Kontakt {n}")
    slug = factory.Sequence(lambda n: f"kontakt-{n}")
    introduction = "Schreiben Sie uns. Wir antworten so schnell wie möglich."
    thank_you_text = "<p>Wir melden uns innerhalb von drei Werktagen bei Ihnen.</p>"
    to_address = "agentur@example.org"
    subject = "Nachricht über die Website"

    class Meta:
        model = ContactFormPage
        skip_postgeneration_save = True

    @factory.post_generation
    def fields(page, create, extracted, **kwargs):
        if not create:
            return
        specs = extracted if extracted is not None else CONTACT_FIELDS
        for sort_order, (label, field_type, required, help_text) in enumerate(specs):
            FormField.objects.create(
                page=page,
                sort_order=sort_order,
                label=label,
                field_type=field_type,
                required=required,
                help_text=help_text,
            )
        # Publish the fields with the page, as an editor's "Publish" does.
        page.save_revision().publish()


CONTACT_FIELDS = [
    ("Name", "singleline", True, ""),
    ("E-Mail", "email", False, "Wenn Sie eine Antwort per E-Mail wünschen."),
    ("Telefon", "singleline", False, ""),
    ("Nachricht", "multiline", True, ""),
]
