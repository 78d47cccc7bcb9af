"""The visitor's forms: sign up for alerts, and "Meine Benachrichtigungen"
(the language and what is followed)."""

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.utils.translation import gettext_lazy as _

from events.models import EventPage

# Language names in their own language: a Russian reader of a German page
# still finds «Русский».
LANGUAGE_CHOICES = [("de", "Deutsch"), ("ru", "Русский")]

FOLLOW_PAGE = "page"
FOLLOW_ALL = "all"


class SignupForm(forms.Form):
    """E-mail address, what to follow (the page's events or all) and the
    language of the mails. ``page`` is the page the form was shown on; none
    (the sign-up page itself) offers all events only."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse ein."),
            "invalid": _(
                "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    follow = forms.ChoiceField(
        label=_("Worüber möchten Sie informiert werden?"), widget=forms.RadioSelect
    )
    language = forms.ChoiceField(
        label=_("Sprache der E-Mails"), choices=LANGUAGE_CHOICES, widget=forms.RadioSelect
    )
    page = forms.IntegerField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass meine E-Mail-Adresse für diese Benachrichtigungen "
            "gespeichert wird."
        ),
        help_text=_("Sie können sich mit dem Link in jeder E-Mail jederzeit abmelden."),
        error_messages={
            "required": _("Bitte stimmen Sie zu, damit wir Ihre E-Mail-Adresse speichern dürfen.")
        },
    )

    def __init__(self, *args, page=None, language=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("language", language or settings.LANGUAGE_CODE)
        initial.setdefault("follow", FOLLOW_PAGE if page else FOLLOW_ALL)
        if page is not None:
            initial.setdefault("page", page.pk)
        # Ids apart from those of any other form on the page.
        kwargs.setdefault("auto_id", "alert-signup-%s")
        super().__init__(*args, **kwargs)
        self.page_to_follow = page
        self.fields["follow"].choices = follow_choices(page)

    def clean_email(self):
        return BaseUserManager.normalize_email(self.cleaned_data["email"].strip())

    def followed_page(self):
        """The page to follow, or None for all events."""
        if self.cleaned_data.get("follow") == FOLLOW_PAGE:
            return self.page_to_follow
        return None


def follow_choices(page):
    all_events = (FOLLOW_ALL, _("Alle Veranstaltungen"))
    if page is None:
        return [all_events]
    if is_event(page):
        this_page = _("Diese Veranstaltung: %(title)s") % {"title": page.title}
    else:
        this_page = _("Die Veranstaltungen dieser Seite: %(title)s") % {"title": page.title}
    return [(FOLLOW_PAGE, this_page), all_events]


def is_event(page):
    return issubclass(page.specific_class, EventPage)


class ManageForm(forms.Form):
    """ "Meine Benachrichtigungen": the language, and which of the followed
    pages to keep (plus all events, to switch to or from)."""

    language = forms.ChoiceField(
        label=_("Sprache der E-Mails"), choices=LANGUAGE_CHOICES, widget=forms.RadioSelect
    )
    follows = forms.MultipleChoiceField(
        label=_("Sie werden informiert über"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, follow_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follows"].choices = follow_choices
