"""The whole journey of issue 20, each step as its person takes it: a
German and a Russian visitor sign up with the form on the event page,
confirm with the link in their mail; an editor of the Redaktion cancels a
date with its reason and submits, a moderator approves, the translator
translates the reason; when the window closes each reader gets exactly one
alert, in their language, with the reason. Then one unsubscribes with the
mail program's one-click POST, the other by the link, and both are gone:
the next change reaches nobody.

With ALERT_SAMPLE_MAILS=<file> the two alerts are written there as sent
(headers and text), for the closing note of the issue."""

import datetime as dt
import os
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from django.core import mail
from django.core.cache import cache
from django.test import Client

from alerts import batching
from alerts.models import Subscriber
from site_core.factories import StandardPageFactory
from site_core.translation import translate_object
from tests.utils import russian

from .helpers import link_in, sign_up
from .people import (
    START,
    Editorial,
    let_alert_time_pass,
    site_with_weekly_event,
    translator_translates,
)
from .worker import run_mail_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CANCELLED = START + dt.timedelta(weeks=2)
HEADERS = ["From", "To", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted"]


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def signs_up_and_confirms(client, page, address, language):
    response = sign_up(client, prefix=language, page=page, email=address, language=language)
    assert response.status_code == 200
    run_mail_worker()
    (confirmation,) = mails_to(address)
    confirm = link_in(confirmation, "bestaetigen")
    assert client.post(confirm).status_code == 200
    assert Subscriber.objects.get(email=address).is_confirmed


def as_sent(message):
    sent = message.message()
    lines = [f"{name}: {make_header(decode_header(sent[name]))}" for name in HEADERS]
    lines.append(f"Content-Type: {sent.get_content_type()} (text/plain + text/html)")
    return "\n".join(lines) + "\n\n" + message.body


def test_sign_up_confirm_cancel_approve_translate_alert_unsubscribe():
    cache.clear()  # sign-ups per address are counted in the cache
    site = site_with_weekly_event()
    privacy = StandardPageFactory(parent=site.home, title="Datenschutz", slug="datenschutz")
    translate_object(privacy, site.ru, russian)
    event_ru = site.event.get_translation(site.ru)
    olga, anna = Client(), Client()
    signs_up_and_confirms(olga, site.event, "olga@example.org", "de")
    signs_up_and_confirms(anna, event_ru, "anna@example.org", "ru")
    mail.outbox.clear()

    editorial = Editorial(site.event)
    editorial.cancel(CANCELLED, "wegen Krankheit der Kursleiterin")
    translator_translates(site.event, site)
    # The publish told no one yet (Wagtail mailed only its workflow notices).
    assert mails_to("olga@example.org") == [] and mails_to("anna@example.org") == []

    let_alert_time_pass(batching.ALERT_DELAY)
    run_mail_worker()
    (german,) = mails_to("olga@example.org")
    (russian_alert,) = mails_to("anna@example.org")
    assert "abgesagt" in german.subject and "Grund: wegen Krankheit der Kursleiterin" in german.body
    assert "отменено" in russian_alert.subject
    assert "Причина: wegen Krankheit der Kursleiterin (по-русски)" in russian_alert.body
    assert "/ru/" in russian_alert.body and CANCELLED.isoformat() in russian_alert.body
    if os.environ.get("ALERT_SAMPLE_MAILS"):
        Path(os.environ["ALERT_SAMPLE_MAILS"]).write_text(
            f"\n\n{'=' * 72}\n\n".join(as_sent(m) for m in (german, russian_alert)) + "\n"
        )

    # Anna's mail program unsubscribes with one click (RFC 8058).
    one_click = urlsplit(russian_alert.extra_headers["List-Unsubscribe"].strip("<>")).path
    response = Client().post(
        one_click,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    # Olga follows the link in her mail and presses the button.
    unsubscribe = link_in(german, "abmelden")
    assert olga.get(unsubscribe).status_code == 200
    assert olga.post(unsubscribe).status_code == 200
    assert not Subscriber.objects.exists()

    mail.outbox.clear()
    editorial.cancel(CANCELLED + dt.timedelta(weeks=1), "Feiertag")
    let_alert_time_pass(batching.ALERT_DELAY)
    run_mail_worker()
    assert mails_to("olga@example.org") == [] and mails_to("anna@example.org") == []
