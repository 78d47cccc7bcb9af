"""A moderator's note to the followers of one event ("Heute fällt der Kurs
wegen Krankheit aus"): one mail per confirmed follower, in their language,
through the outbox. Without a Russian text, Russian followers get the
German one with a line saying so (as the alerts do for untranslated reasons)."""

from django import forms
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import Locale

from events.schedule import occurrence_on_date
from events.views.date_page import date_page_url
from site_core.widgets import INVALID_DATE, AdminDateInput

from . import links
from .followers import followers_of
from .models import Delivery
from .outbox import queue_mail

LOG_ACTION = "alerts.manual_note"
MAX_LENGTH = 2000


class ManualNoteForm(forms.Form):
    text_de = forms.CharField(
        label=_("Text auf Deutsch"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Z. B. „Heute fällt der Kurs wegen Krankheit aus.“"),
    )
    text_ru = forms.CharField(
        label=_("Text auf Russisch"),
        max_length=MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "ru"}),
        help_text=_(
            "Freiwillig. Ohne russischen Text erhalten russischsprachige Empfänger den "
            "deutschen Text mit dem Hinweis, dass er nur auf Deutsch vorliegt."
        ),
    )
    date = forms.DateField(
        label=_("Termin"),
        required=False,
        widget=AdminDateInput,
        error_messages={"invalid": INVALID_DATE},
        help_text=_("Freiwillig: der Termin, den die Nachricht betrifft, z. B. 15.01.2027."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date is not None and occurrence_on_date(self.event, date) is None:
            raise forms.ValidationError(
                _("Am %(date)s hat diese Veranstaltung keinen Termin."),
                params={"date": date.strftime("%d.%m.%Y")},
            )
        return date


def recipients_by_language(event):
    """{language code: number of confirmed followers} of ``event``."""
    counts = {}
    for language in followers_of(event).values_list("language", flat=True):
        counts[language] = counts.get(language, 0) + 1
    return counts


def _event_in(event, language):
    """The event as the follower reads it: its live translation, else German."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = event.get_translation_or_none(locale) if locale else None
    return translated.specific if translated is not None and translated.live else event


def compose(event, subscriber, *, text_de, text_ru, date):
    """Subject and plain text of the note for one subscriber."""
    page = _event_in(event, subscriber.language)
    context = {
        "title": page.title,
        "date": date,
        "text": text_ru if subscriber.language == "ru" and text_ru else text_de,
        "german_only": subscriber.language != "de" and not text_ru,
        "url": date_page_url(page, date, full=True) if date else page.get_full_url(),
        "manage_url": links.manage_url(subscriber),
        "unsubscribe_url": links.unsubscribe_url(subscriber),
    }
    with translation.override(subscriber.language):
        subject = render_to_string("alerts/mail/manual_note_subject.txt", context)
        body = render_to_string("alerts/mail/manual_note.txt", context)
    return " ".join(subject.split()), body


def unsubscribe_headers(subscriber):
    """RFC 8058 one-click unsubscribe, as every alert mail carries."""
    return {
        "List-Unsubscribe": f"<{links.unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@transaction.atomic
def send_manual_note(event, *, user, text_de, text_ru="", date=None):
    """Queue the note for every confirmed follower; the number queued."""
    followers = list(followers_of(event))
    for subscriber in followers:
        subject, body = compose(event, subscriber, text_de=text_de, text_ru=text_ru, date=date)
        queue_mail(
            kind=Delivery.Kind.MANUAL,
            to=[subscriber.email],
            subject=subject,
            body=body,
            headers=unsubscribe_headers(subscriber),
            subscriber=subscriber,
        )
    # In the page's history: who told the followers what (never to whom).
    log(
        instance=event,
        action=LOG_ACTION,
        user=user,
        data={
            "text_de": text_de,
            "text_ru": text_ru,
            "date": date.isoformat() if date else None,
            "recipients": len(followers),
        },
    )
    return len(followers)
