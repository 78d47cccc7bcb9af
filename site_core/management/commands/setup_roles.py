from django.core.management.base import BaseCommand

from site_core.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Legt die Gruppen Redaktion, Moderation und Übersetzung mit ihren Rechten und den "
        "Freigabe-Workflow für deutsche Seiten an (oder setzt sie zurück). Mehrfach ausführbar."
    )

    def handle(self, *args, **options):
        groups = setup_roles()
        self.stdout.write(self.style.SUCCESS("Rollen eingerichtet: " + ", ".join(groups)))
