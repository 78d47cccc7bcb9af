"""The Übersetzung group's daily digest: one mail each morning to every
translator who asked for it (``TranslationDigestOptIn``), listing what the
dashboard's "Zu übersetzen" panel lists (site_core.translation_work), with
links into the admin. Sent by ``manage.py send_translation_digest`` from
cron; at most once per day and translator (``last_sent_at``), so running
it again, or twice by mistake, sends nothing more."""

import logging

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Locale

from site_core.roles import TRANSLATORS
from site_core.translation_work import open_translation_work

from .models import Delivery, TranslationDigestOptIn
from .outbox import queue_mail

logger = logging.getLogger(__name__)


def waiting_translations():
    """[(locale, [TranslationTask, …]), …] for the languages with work waiting."""
    locales = Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code")
    work = [(locale, open_translation_work(locale)) for locale in locales]
    return [(locale, tasks) for locale, tasks in work if tasks]


def due_opt_ins(today):
    """Opt-ins of active translators not yet sent a digest on ``today``
    (Europe/Berlin)."""
    opt_ins = TranslationDigestOptIn.objects.filter(
        user__is_active=True, user__groups__name=TRANSLATORS
    ).select_related("user")
    return [
        opt_in
        for opt_in in opt_ins.distinct().order_by("pk")
        if opt_in.last_sent_at is None or timezone.localdate(opt_in.last_sent_at) < today
    ]


def compose(user, work):
    base = get_admin_base_url()
    finder = AdminURLFinder(user)
    context = {
        "user": user,
        "work": [
            (locale, [(task, base + (finder.get_edit_url(task.page) or "")) for task in tasks])
            for locale, tasks in work
        ],
        "dashboard_url": base + reverse("wagtailadmin_home"),
    }
    # The admin's language: German, like the dashboard it summarises.
    with translation.override("de"):
        subject = render_to_string("alerts/mail/translation_digest_subject.txt", context)
        body = render_to_string("alerts/mail/translation_digest.txt", context)
    return " ".join(subject.split()), body


def _claim(opt_in, now):
    """Mark today's digest as sent, unless another run did meanwhile."""
    unchanged = (
        Q(last_sent_at__isnull=True)
        if opt_in.last_sent_at is None
        else Q(last_sent_at=opt_in.last_sent_at)
    )
    return TranslationDigestOptIn.objects.filter(unchanged, pk=opt_in.pk).update(last_sent_at=now)


def send_translation_digests(now=None):
    """Queue today's digest for each opted-in translator; the number queued.
    Nothing waiting: no mail (and tomorrow is still due)."""
    now = now or timezone.now()
    work = waiting_translations()
    if not work:
        return 0
    queued = 0
    for opt_in in due_opt_ins(timezone.localdate(now)):
        user = opt_in.user
        if not user.email:
            logger.warning("Translation digest for user %s skipped: no e-mail address", user.pk)
            continue
        subject, body = compose(user, work)
        with transaction.atomic():
            if _claim(opt_in, now):
                queue_mail(kind=Delivery.Kind.DIGEST, to=[user.email], subject=subject, body=body)
                queued += 1
    return queued
