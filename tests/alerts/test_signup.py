"""A visitor signs up for alerts on a page, in German or Russian: only the
confirmation mail goes out, in the language chosen, and only its link
confirms. Bad input, double sign-ups, bots and floods get a clear answer
and send nothing twice; nothing tells whether an address is subscribed."""

import datetime as dt
import time
from io import StringIO

import pytest

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts.models import Delivery, Follow, Subscriber
from alerts.signup import RESEND_INTERVAL

from .helpers import link_in, sign_up, signup_path, site_fixture  # noqa: F401 (fixture "site")
from .worker import run_mail_worker

# Transactional, as the worker runs: it reads what the sign-up committed, and
# on PostgreSQL it closes its database connection when it is done, which a
# test inside one transaction would not survive.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SENT_DE = "Wir haben eine E-Mail an olga@example.org geschickt"
SENT_RU = "Мы отправили письмо на адрес olga@example.org"


def russian_page(page):
    return page.get_translation(page.locale.__class__.objects.get(language_code="ru"))


def test_german_sign_up_sends_only_a_german_confirmation_whose_link_confirms(site, mailoutbox):
    client = Client()
    assert "Benachrichtigen Sie mich bei Änderungen" in client.get(site.agency.url).text

    response = sign_up(client, page=site.agency)
    assert response.status_code == 200
    assert SENT_DE in response.text
    subscriber = Subscriber.objects.get(email="olga@example.org")
    assert not subscriber.is_confirmed and subscriber.language == "de"
    assert [f.page_id for f in subscriber.follows.all()] == [site.agency.pk]
    assert mailoutbox == []  # nothing is sent in the request

    run_mail_worker()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["olga@example.org"]
    assert message.subject == "Bitte bestätigen Sie Ihre Benachrichtigungen"
    assert "Integrationsagentur Oberhausen" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert list(Delivery.objects.values_list("kind", flat=True)) == ["confirmation"]

    confirm = link_in(message, "bestaetigen")
    assert confirm.startswith("/de/benachrichtigungen/")
    # Opening the link (a mail scanner does) confirms nothing.
    page = client.get(confirm)
    assert "Ja, Benachrichtigungen bestätigen" in page.text
    subscriber.refresh_from_db()
    assert not subscriber.is_confirmed

    done = client.post(confirm)
    assert "Ihre Anmeldung ist bestätigt" in done.text
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    run_mail_worker()
    assert len(mailoutbox) == 1


def test_russian_sign_up_on_an_event_page_sends_a_russian_confirmation(site, mailoutbox):
    client = Client()
    event_ru = russian_page(site.event)
    page = client.get(event_ru.url)
    assert "Сообщать мне об изменениях" in page.text
    assert "Эта встреча" in page.text or "Это мероприятие" in page.text

    response = sign_up(client, "ru", page=event_ru, language="ru")
    assert SENT_RU in response.text
    run_mail_worker()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Пожалуйста, подтвердите уведомления"
    assert event_ru.title in message.body
    confirm = link_in(message, "bestaetigen")
    assert confirm.startswith("/ru/")
    assert "Да, подтвердить уведомления" in Client().get(confirm).text
    assert "подтверждена" in Client().post(confirm).text
    subscriber = Subscriber.objects.get()
    assert subscriber.is_confirmed and subscriber.language == "ru"
    assert [f.page_id for f in subscriber.follows.all()] == [event_ru.pk]


def test_the_language_chosen_decides_the_mail_not_the_page(site, mailoutbox):
    sign_up(Client(), "de", page=site.project, language="ru")
    run_mail_worker()
    assert mailoutbox[0].subject == "Пожалуйста, подтвердите уведомления"
    assert link_in(mailoutbox[0], "bestaetigen").startswith("/ru/")


def test_all_events_can_be_followed_from_any_page(site, mailoutbox):
    sign_up(Client(), page=site.focus_area, follow="all")
    assert Follow.objects.get().follows_all


@pytest.mark.parametrize(
    ("language", "email", "message"),
    [
        ("de", "olga@example", "Bitte geben Sie eine gültige E-Mail-Adresse ein"),
        ("de", "", "Bitte geben Sie Ihre E-Mail-Adresse ein."),
        ("ru", "olga at example.org", "Пожалуйста, введите действительный адрес"),
    ],
)
def test_an_invalid_address_is_named_and_what_was_typed_kept(
    site, mailoutbox, language, email, message
):
    response = sign_up(Client(), language, page=site.agency, email=email)
    assert response.status_code == 200
    assert message in response.text
    assert f'value="{email}"' in response.text or not email
    assert not Subscriber.objects.exists()
    run_mail_worker()
    assert mailoutbox == []


def test_without_consent_nothing_is_stored(site, mailoutbox):
    response = sign_up(Client(), page=site.agency, consent=None)
    assert "Bitte stimmen Sie zu" in response.text
    assert 'value="olga@example.org"' in response.text
    assert not Subscriber.objects.exists()


def test_a_second_sign_up_sends_nothing_twice_and_says_the_same(site, mailoutbox):
    first = sign_up(Client(), page=site.agency)
    second = sign_up(Client(), page=site.agency, email="OLGA@example.org")
    assert SENT_DE in first.text
    assert "Wir haben eine E-Mail an OLGA@example.org geschickt" in second.text
    run_mail_worker()
    assert len(mailoutbox) == 1
    assert Subscriber.objects.count() == 1 and Follow.objects.count() == 1


def test_a_confirmed_address_gets_nothing_added_without_its_link(site, mailoutbox):
    client = Client()
    sign_up(client, page=site.agency)
    run_mail_worker()
    client.post(link_in(mailoutbox[0], "bestaetigen"))
    Delivery.objects.update(created_at=timezone.now() - RESEND_INTERVAL)

    # Someone else types the address on another page: the same answer.
    response = sign_up(Client(), page=site.project, language="ru")
    assert SENT_DE in response.text
    subscriber = Subscriber.objects.get()
    assert [f.page_id for f in subscriber.follows.all()] == [site.agency.pk]
    assert subscriber.language == "de"

    run_mail_worker()
    assert len(mailoutbox) == 2
    assert "Ваши уведомления не изменятся" in mailoutbox[1].body
    client.post(link_in(mailoutbox[1], "bestaetigen"))
    subscriber.refresh_from_db()
    assert {f.page_id for f in subscriber.follows.all()} == {site.agency.pk, site.project.pk}
    assert subscriber.language == "ru"


def test_a_bot_that_fills_the_trap_gets_the_same_answer_and_nothing_happens(site, mailoutbox):
    response = sign_up(Client(), page=site.agency, whf_name="http://spam.example")
    assert SENT_DE in response.text
    assert not Subscriber.objects.exists()
    run_mail_worker()
    assert mailoutbox == []


def test_a_form_sent_too_quickly_is_shown_again_with_what_was_typed(site, mailoutbox):
    response = sign_up(Client(), page=site.agency, whf_time=str(int(time.time())))
    assert "Ihre Anmeldung ist noch nicht angekommen" in response.text
    assert 'value="olga@example.org"' in response.text
    assert not Subscriber.objects.exists()


def test_a_flood_of_sign_ups_from_one_address_is_stopped(site, mailoutbox):
    cache.clear()
    client = Client()
    for number in range(5):
        assert sign_up(client, page=site.agency, email=f"p{number}@example.org").status_code == 200
    response = sign_up(client, "ru", page=site.agency, email="p5@example.org")
    assert response.status_code == 429
    assert "очень много" in response.text
    assert Subscriber.objects.count() == 5
    # Input errors cost no attempt.
    cache.clear()
    for _ in range(6):
        sign_up(client, page=site.agency, email="wrong")
    assert sign_up(client, page=site.agency, email="p6@example.org").status_code == 200


def test_unconfirmed_addresses_are_deleted_after_48_hours(site, mailoutbox):
    old = timezone.now() - dt.timedelta(hours=49)
    waiting = Subscriber.objects.create(email="old@example.org", language="de", created_at=old)
    Follow.objects.create(subscriber=waiting, page=site.agency)
    confirmed = Subscriber.objects.create(
        email="kept@example.org", language="de", created_at=old, confirmed_at=old
    )
    recent = Subscriber.objects.create(email="new@example.org", language="de")
    call_command("alerts_expire", stdout=StringIO())
    assert set(Subscriber.objects.all()) == {confirmed, recent}
    assert not Follow.objects.filter(subscriber_id=waiting.pk).exists()


def test_a_sign_up_deletes_expired_sign_ups_on_its_way(site, mailoutbox):
    old = timezone.now() - dt.timedelta(hours=49)
    Subscriber.objects.create(email="old@example.org", language="de", created_at=old)
    sign_up(Client(), page=site.agency)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["olga@example.org"]


def test_the_sign_up_page_offers_all_events(site):
    response = Client().get(signup_path("ru"))
    assert response.status_code == 200
    assert "Все мероприятия" in response.text


def test_pages_with_the_form_set_no_cookie(site):
    """The form sits on cached public pages: no CSRF cookie, no other."""
    pages = [site.event_index, site.agency, site.focus_area, site.project, site.event]
    event_ru = russian_page(site.event)
    urls = [page.url for page in pages] + [russian_page(page).url for page in pages]
    # A date page, in both languages.
    urls += [f"{event.url}{event.start_date.isoformat()}/" for event in (site.event, event_ru)]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 200, url
        assert 'id="alert-signup-email"' in response.text, url
        assert list(response.cookies) == [], url


def test_the_sign_up_needs_no_csrf_cookie(site, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    response = sign_up(client, page=site.agency)
    assert SENT_DE in response.text
    assert list(response.cookies) == []
