"""One person's data in the e-mail alerts (Art. 15 and 17 DSGVO):
``manage.py alerts_personal_data export EMAIL`` prints everything stored
for the address as JSON; ``… delete EMAIL`` deletes it all (the address,
what it follows, its mails waiting or sent). The address is matched
regardless of upper and lower case, as the sign-up matches it."""

import json

from django.core.management.base import BaseCommand, CommandError

from alerts.models import Delivery, Subscriber


def _when(value):
    return value.isoformat() if value else None


def personal_data(subscriber):
    """Everything stored for one subscriber, as JSON-ready data."""
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "created_at": _when(subscriber.created_at),
        "confirmed_at": _when(subscriber.confirmed_at),
        "last_alert_at": _when(subscriber.last_alert_at),
        "follows": [
            {
                "page": follow.page.title if follow.page_id else None,
                "page_url": follow.page.full_url if follow.page_id else None,
                "all_events": follow.follows_all,
                "created_at": _when(follow.created_at),
            }
            for follow in subscriber.follows.select_related("page").order_by("created_at")
        ],
        "mails": [
            {
                "kind": delivery.kind,
                "status": delivery.status,
                "created_at": _when(delivery.created_at),
                "sent_at": _when(delivery.sent_at),
                # The text is kept only until a mail is sent.
                "message": delivery.message or None,
            }
            for delivery in Delivery.objects.filter(subscriber=subscriber).order_by("created_at")
        ],
    }


class Command(BaseCommand):
    help = (
        "Auskunft und Löschung für eine E-Mail-Adresse der Benachrichtigungen: "
        "„export ADRESSE“ gibt alle gespeicherten Daten als JSON aus, „delete ADRESSE“ "
        "löscht sie."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "delete"])
        parser.add_argument("email")

    def handle(self, *args, action, email, **options):
        subscriber = Subscriber.objects.with_address(email.strip()).first()
        if action == "export":
            data = personal_data(subscriber) if subscriber else None
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if subscriber is None:
            raise CommandError(f"Zu {email} ist nichts gespeichert.")
        subscriber.delete()
        self.stdout.write(f"Alle Daten zu {email} gelöscht.")
