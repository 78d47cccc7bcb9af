"""Delete sign-ups for e-mail alerts whose confirmation link was not
clicked within 48 hours (alerts.models.UNCONFIRMED_LIFETIME), with what
they asked to follow.

A sign-up also does this on its way, so an idle site keeps old addresses
only until the next run: hourly from cron in production, e.g.
``17 * * * * cd /srv/site && .venv/bin/python manage.py alerts_expire``.
"""

from django.core.management.base import BaseCommand

from alerts.signup import expire_unconfirmed


class Command(BaseCommand):
    help = (
        "Löscht Anmeldungen für E-Mail-Benachrichtigungen, die nicht innerhalb von 48 Stunden "
        "bestätigt wurden. Stündlich ausführen."
    )

    def handle(self, *args, **options):
        count = expire_unconfirmed()
        self.stdout.write(f"{count} unbestätigte Anmeldung(en) gelöscht.")
