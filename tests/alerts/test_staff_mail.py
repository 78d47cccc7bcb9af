"""What the moderators send, through the admin and the real mail worker:
a dead letter sent again, and a manual note that reaches each follower of
the event once, in their language, and nobody else."""

import pytest

from django.core import mail
from django.urls import reverse

from alerts.models import Delivery
from site_core.roles import MODERATORS, setup_roles
from tests.utils import build_site, translate_site

from .staff import subscriber, user_in
from .worker import run_mail_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOTE_DE = "Heute fällt der Kurs wegen Krankheit aus"
NOTE_RU = "Сегодня занятие отменяется из-за болезни"


@pytest.fixture
def site():
    site = build_site()
    translate_site(site)
    setup_roles()
    return site


@pytest.fixture
def moderator(client, site):
    user = user_in(MODERATORS)
    client.force_login(user)
    return user


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_erneut_senden_sends_a_dead_letter_through_the_worker(client, moderator):
    dead = Delivery.objects.create(
        kind=Delivery.Kind.ALERT,
        status=Delivery.Status.DEAD,
        attempts=6,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        message={"to": ["leser@example.org"], "subject": "Abgesagt", "body": "Text"},
    )
    dashboard = client.get("/admin/")
    assert "Erneut senden" in dashboard.content.decode()

    response = client.post(reverse("alerts_retry_delivery", args=[dead.pk]), follow=True)
    assert "Die E-Mail (Änderungsmeldung) wird erneut gesendet." in response.content.decode()
    assert mail.outbox == []  # not in the request
    run_mail_worker()
    assert [(m.to, m.subject) for m in mail.outbox] == [(["leser@example.org"], "Abgesagt")]
    dead.refresh_from_db()
    assert dead.status == Delivery.Status.SENT
    # Gone from the dead letters; a second click sends nothing more.
    assert "Erneut senden" not in client.get("/admin/").content.decode()
    client.post(reverse("alerts_retry_delivery", args=[dead.pk]))
    run_mail_worker()
    assert len(mail.outbox) == 1


def test_the_manual_note_reaches_each_follower_once_in_their_language(client, site, moderator):
    ru_event = site.event.get_translation(site.ru)
    ru_calendar = site.event_index.get_translation(site.ru)
    subscriber("anna@example.org", follows=[site.event, site.event_index])  # twice over
    subscriber("olga@example.org", "ru", follows=[ru_calendar])
    subscriber("boris@example.org", "ru", follows=[None])
    subscriber("schwerpunkt@example.org", follows=[site.focus_area])
    subscriber("impressum@example.org", follows=[site.standard])  # not an event's page
    subscriber("projekt@example.org", follows=[site.project])  # the event has no project
    subscriber("offen@example.org", follows=[site.event], confirmed=False)
    date = site.event.start_date

    url = reverse("alerts_manual_note", args=[site.event.pk])
    response = client.post(
        url, {"text_de": NOTE_DE, "text_ru": NOTE_RU, "date": date.strftime("%d.%m.%Y")}
    )
    assert response.status_code == 302
    run_mail_worker()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.org",
        "boris@example.org",
        "olga@example.org",
        "schwerpunkt@example.org",
    ]
    [anna] = mails_to("anna@example.org")
    assert anna.subject == f"Hinweis zu „Deutsch-Café“ am {date:%d.%m.%Y}"
    assert NOTE_DE in anna.body and NOTE_RU not in anna.body
    assert f"{site.event.full_url}{date.isoformat()}/" in anna.body
    assert anna.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert anna.extra_headers["List-Unsubscribe"].startswith("<http")

    [olga] = mails_to("olga@example.org")
    assert olga.subject == f"Сообщение о мероприятии «{ru_event.title}» {date:%d.%m.%Y}"
    assert NOTE_RU in olga.body and NOTE_DE not in olga.body
    assert f"{ru_event.full_url}{date.isoformat()}/" in olga.body
    assert "Отписаться:" in olga.body
    assert "nur auf Deutsch" not in olga.body


def test_without_a_russian_text_russian_followers_read_german_and_why(client, site, moderator):
    subscriber("olga@example.org", "ru", follows=[None])
    url = reverse("alerts_manual_note", args=[site.event.pk])
    client.post(url, {"text_de": NOTE_DE, "text_ru": "", "date": ""})
    run_mail_worker()
    [olga] = mail.outbox
    ru_event = site.event.get_translation(site.ru)
    assert olga.subject == f"Сообщение о мероприятии «{ru_event.title}»"
    assert "(Это сообщение есть только на немецком языке.)" in olga.body
    assert NOTE_DE in olga.body
    assert ru_event.full_url in olga.body
