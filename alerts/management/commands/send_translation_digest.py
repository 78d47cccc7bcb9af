from django.core.management.base import BaseCommand

from alerts.digest import send_translation_digests


class Command(BaseCommand):
    help = (
        "Queue the daily digest of pages waiting for translation for each translator who "
        "opted in; at most once per day each, so it is safe to run again. Run it from cron "
        "each morning; the mail worker sends it."
    )

    def handle(self, *args, **options):
        queued = send_translation_digests()
        if options["verbosity"]:
            self.stdout.write(f"{queued} translation digest(s) queued.")
