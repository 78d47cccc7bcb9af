"""The links in the mails: absolute, in the subscriber's language, signed
with the subscriber's secret; what an expired, forged, reused or outdated
link shows; unsubscribing by the link and by RFC 8058's one-click POST;
"Meine Benachrichtigungen"; and one person's data by manage.py."""

import datetime as dt
import json
import time
from io import StringIO
from unittest import mock
from urllib.parse import urlsplit

import pytest

from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from alerts import links
from alerts.models import Delivery, Follow, Subscriber, new_secret
from tests.utils import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site()


@pytest.fixture
def subscriber(site):
    subscriber = Subscriber.objects.create(
        email="olga@example.org", language="ru", confirmed_at=timezone.now()
    )
    Follow.objects.create(subscriber=subscriber, page=site.agency)
    Delivery.objects.create(subscriber=subscriber, kind=Delivery.Kind.ALERT, message={"to": ["x"]})
    return subscriber


def path(url):
    return urlsplit(url).path


def test_links_are_absolute_and_in_the_subscribers_language(subscriber):
    for url in (links.manage_url(subscriber), links.unsubscribe_url(subscriber)):
        assert url.startswith("http://testserver/ru/uvedomleniya/"), url
    subscriber.language = "de"
    assert links.confirm_url(subscriber).startswith("http://testserver/de/benachrichtigungen/")


def test_manage_and_unsubscribe_links_stay_valid_for_months(subscriber):
    long_ago = time.time() - 400 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        url = links.unsubscribe_url(subscriber)
    assert "Да, отписаться и удалить адрес" in Client().get(path(url)).text


def test_an_expired_confirmation_link_says_so(subscriber):
    subscriber.confirmed_at = None
    subscriber.save()
    two_days_ago = time.time() - 48 * 3600 - 60
    with mock.patch("django.core.signing.time.time", return_value=two_days_ago):
        url = links.confirm_url(subscriber)
    for method in ("get", "post"):
        response = getattr(Client(), method)(path(url))
        assert response.status_code == 410
        assert "Срок действия этой ссылки истёк" in response.text
    subscriber.refresh_from_db()
    assert not subscriber.is_confirmed

    # Clicked after the unconfirmed sign-up was deleted: still "expired".
    Subscriber.objects.filter(pk=subscriber.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=49)
    )
    call_command("alerts_expire", stdout=StringIO())
    assert not Subscriber.objects.exists()
    response = Client().get(path(url))
    assert response.status_code == 410
    assert "Срок действия этой ссылки истёк" in response.text


@pytest.mark.parametrize("name", ["confirm_url", "manage_url", "unsubscribe_url"])
def test_a_forged_link_is_refused_with_a_clear_page(subscriber, name):
    url = path(getattr(links, name)(subscriber))
    forged = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    other_subscriber = url.replace(f"/{subscriber.pk}.", f"/{subscriber.pk + 1}.")
    for bad in (forged, other_subscriber, url.replace(f"/{subscriber.pk}.", "/x.")):
        response = Client().post(bad)
        assert response.status_code == 400, bad
        assert "Эта ссылка" in response.text or "Этот адрес не подписан" in response.text
    assert Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=False).exists()


def test_a_link_for_one_purpose_does_nothing_else(subscriber):
    manage_token = path(links.manage_url(subscriber)).rstrip("/").rsplit("/", 1)[1]
    unsubscribe = path(links.unsubscribe_url(subscriber)).rsplit("/", 2)[0]
    response = Client().post(f"{unsubscribe}/{manage_token}/")
    assert response.status_code == 400
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_a_new_secret_voids_every_earlier_link(subscriber):
    url = path(links.unsubscribe_url(subscriber))
    subscriber.secret = new_secret()
    subscriber.save()
    assert Client().post(url).status_code == 400
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_a_confirmation_link_works_once(site, subscriber):
    subscriber.confirmed_at = None
    subscriber.save()
    url = path(links.confirm_url(subscriber, page=site.project, language="de"))
    assert "Ihre Anmeldung ist bestätigt" in Client().post(url).text
    again = Client().post(url)
    assert again.status_code == 200
    assert "Dieser Bestätigungslink wurde schon verwendet" in again.text
    subscriber.refresh_from_db()
    assert subscriber.language == "de"
    assert {f.page_id for f in subscriber.follows.all()} == {site.agency.pk, site.project.pk}


def test_unsubscribe_by_link_asks_first_then_deletes_everything(subscriber):
    url = path(links.unsubscribe_url(subscriber))
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert "Да, отписаться и удалить адрес" in page.text
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # a mail scanner's GET

    done = client.post(url)
    assert done.status_code == 200
    assert "Ваш адрес удалён" in done.text
    assert list(done.cookies) == []
    assert not Subscriber.objects.exists()
    assert not Follow.objects.exists() and not Delivery.objects.exists()
    # The link again: a clear page, no error.
    again = client.get(url)
    assert again.status_code == 400
    assert "Этот адрес не подписан" in again.text


def test_one_click_unsubscribe_as_rfc_8058_posts_it(subscriber):
    url = path(links.unsubscribe_url(subscriber))
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not Follow.objects.exists() and not Delivery.objects.exists()
    # Sent twice (a retrying mail program): no error page needed, no 500.
    repeated = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert repeated.status_code == 400


def test_my_notifications_change_language_and_what_is_followed(site, subscriber):
    url = path(links.manage_url(subscriber))
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert "Мои уведомления" in page.text
    assert site.agency.title in page.text
    assert list(page.cookies) == []

    response = client.post(url, {"language": "de", "follows": ["all"]})
    assert response.status_code == 302
    assert response["Location"].startswith("/de/benachrichtigungen/verwalten/")
    saved = client.get(response["Location"])
    assert "Ihre Änderungen sind gespeichert." in saved.text
    subscriber.refresh_from_db()
    assert subscriber.language == "de"
    assert [f.follows_all for f in subscriber.follows.all()] == [True]


def test_personal_data_export_and_delete(site, subscriber):
    out = StringIO()
    call_command("alerts_personal_data", "export", "OLGA@example.org", stdout=out)
    data = json.loads(out.getvalue())
    assert data["email"] == "olga@example.org"
    assert data["language"] == "ru"
    assert data["follows"][0]["page"] == site.agency.title
    assert data["mails"][0]["kind"] == "alert"

    call_command("alerts_personal_data", "delete", "olga@example.org", stdout=StringIO())
    assert not Subscriber.objects.exists() and not Follow.objects.exists()
    assert not Delivery.objects.exists()
    out = StringIO()
    call_command("alerts_personal_data", "export", "olga@example.org", stdout=out)
    assert json.loads(out.getvalue()) is None
    with pytest.raises(CommandError, match="nichts gespeichert"):
        call_command("alerts_personal_data", "delete", "olga@example.org")


def test_expiry_leaves_confirmed_addresses(subscriber):
    Subscriber.objects.filter(pk=subscriber.pk).update(
        created_at=timezone.now() - dt.timedelta(days=90)
    )
    out = StringIO()
    call_command("alerts_expire", stdout=out)
    assert "0 unbestätigte" in out.getvalue()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


@pytest.mark.django_db
def test_an_address_is_stored_once_whatever_its_case():
    """Two sign-ups racing with "Anna@" and "anna@" cannot both store it:
    the sign-up then finds the other's row (alerts.signup)."""
    Subscriber.objects.create(email="anna@example.org", language="de")
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscriber.objects.create(email="Anna@Example.org", language="ru")
