"""The translators' daily digest: opted in from their dashboard, sent by the
cron command through the mail worker to those who asked, once a day,
listing the page whose German text changed."""

import datetime as dt

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

from alerts.digest import send_translation_digests
from alerts.models import TranslationDigestOptIn
from site_core.roles import EDITORS, TRANSLATORS, setup_roles
from tests.utils import build_site, translate_site

from .staff import user_in
from .worker import run_mail_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OPT_IN = reverse("alerts_translation_digest")


@pytest.fixture
def site():
    site = build_site()
    translate_site(site)
    setup_roles()
    return site


def change_german_text(site):
    agency = Page.objects.get(pk=site.agency.pk).specific
    agency.introduction = "Ein ganz neuer Einleitungstext."
    agency.save_revision().publish()
    return agency.get_translation(site.ru)


def test_the_digest_reaches_opted_in_translators_once_a_day(client, site):
    anja = user_in(TRANSLATORS, "anja")
    user_in(TRANSLATORS, "boris")  # did not opt in
    client.force_login(anja)
    dashboard = client.get("/admin/").content.decode()
    assert "Tägliche Übersicht bestellen" in dashboard
    response = client.post(OPT_IN, {"digest": "on"}, follow=True)
    assert "Tägliche Übersicht abbestellen" in response.content.decode()
    # Someone who left the Übersetzung group no longer gets it.
    former = user_in(EDITORS, "frueher")
    TranslationDigestOptIn.objects.create(user=former)

    ru_agency = change_german_text(site)
    call_command("send_translation_digest", verbosity=0)
    call_command("send_translation_digest", verbosity=0)  # cron ran twice
    run_mail_worker()
    [digest] = mail.outbox
    assert digest.to == ["anja@example.org"]
    assert digest.subject == "Zu übersetzen: die tägliche Übersicht"
    assert f"- {ru_agency.title}: 1 Text wartet auf Übersetzung" in digest.body
    assert f"http://testserver/admin/pages/{ru_agency.pk}/edit/" in digest.body

    # The next morning, the text still waiting: one more.
    assert send_translation_digests(now=timezone.now() + dt.timedelta(days=1)) == 1
    run_mail_worker()
    assert len(mail.outbox) == 2


def test_nothing_waiting_sends_nothing_and_opting_out_stops_it(client, site):
    anja = user_in(TRANSLATORS, "anja")
    client.force_login(anja)
    client.post(OPT_IN, {"digest": "on"})
    call_command("send_translation_digest", verbosity=0)
    run_mail_worker()
    assert mail.outbox == []  # everything is translated

    response = client.post(OPT_IN, {"digest": "off"}, follow=True)
    assert "Die tägliche Übersicht ist abbestellt." in response.content.decode()
    change_german_text(site)
    call_command("send_translation_digest", verbosity=0)
    run_mail_worker()
    assert mail.outbox == []


def test_only_translators_with_an_address_opt_in(client, site):
    editor = user_in(EDITORS)
    client.force_login(editor)
    assert "Tägliche Übersicht" not in client.get("/admin/").content.decode()
    response = client.post(OPT_IN, {"digest": "on"})
    assert response.status_code == 302
    assert not TranslationDigestOptIn.objects.exists()

    nameless = user_in(TRANSLATORS, "ohne", email="")
    client.force_login(nameless)
    response = client.post(OPT_IN, {"digest": "on"}, follow=True)
    assert "Bitte tragen Sie zuerst unter „Konto“ Ihre E-Mail-Adresse ein." in (
        response.content.decode()
    )
    assert not TranslationDigestOptIn.objects.exists()
