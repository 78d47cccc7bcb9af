"""Writes one German and one Russian alert, as sent, to SAMPLE_MAILS.txt at
the project's root (for the closing note of issue 20). Not collected with
the tests; run it by name: `.venv/bin/pytest tests/alerts/write_sample_mails.py`."""

import datetime as dt
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from django.conf import settings
from django.core import mail

from alerts import batching

from .people import (
    START,
    Editorial,
    let_alert_time_pass,
    site_with_weekly_event,
    subscriber,
    translator_translates,
)
from .worker import run_mail_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADERS = ["From", "To", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted"]


def as_sent(message):
    sent = message.message()
    lines = [f"{name}: {make_header(decode_header(sent[name]))}" for name in HEADERS]
    lines.append(f"Content-Type: {sent.get_content_type()} (text/plain + text/html)")
    return "\n".join(lines) + "\n\n" + message.body


def test_write_sample_mails():
    site = site_with_weekly_event()
    editorial = Editorial(site.event)
    german = subscriber("leser@example.org", "de", site.event)
    russian = subscriber("chitatel@example.org", "ru", site.agency.get_translation(site.ru))
    editorial.cancel(START + dt.timedelta(weeks=2), "wegen Krankheit der Kursleiterin")
    translator_translates(site.event, site)
    let_alert_time_pass(batching.ALERT_DELAY)
    run_mail_worker()
    mails = {m.to[0]: m for m in mail.outbox if m.to[0] in (german.email, russian.email)}
    text = "\n\n" + "=" * 72 + "\n\n"
    Path(settings.BASE_DIR, "SAMPLE_MAILS.txt").write_text(
        text.join(as_sent(mails[person.email]) for person in (german, russian)) + "\n"
    )
