"""Delete contact form messages older than six months (data protection).

Meant for a daily cron job, e.g.
``15 3 * * * cd /srv/site && .venv/bin/python manage.py delete_old_form_submissions``.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from home.models import ContactFormPage

DEFAULT_DAYS = 180


class Command(BaseCommand):
    help = (
        "Löscht Nachrichten aus den Kontaktformularen, die älter als --days Tage sind "
        f"(Standard: {DEFAULT_DAYS}, etwa 6 Monate). Für einen täglichen Cronjob gedacht."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"Nachrichten, die älter sind, werden gelöscht (Standard: {DEFAULT_DAYS}).",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days muss mindestens 1 sein.")
        cutoff = timezone.now() - dt.timedelta(days=days)
        deleted, _by_model = FormSubmission.objects.filter(
            page__in=Page.objects.type(ContactFormPage), submit_time__lt=cutoff
        ).delete()
        self.stdout.write(f"{deleted} Nachricht(en) gelöscht, älter als {days} Tage.")
