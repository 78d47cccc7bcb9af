"""What the admin dashboard shows of the alerts: to moderators, counts only
(who follows what, when alerts last went out, changes not told in time,
the outbox and its dead letters: never an address, Datenschutz promises that); to translators, their
daily digest's opt-in."""

import re

from django.db.models import Count, Max, Min, Q
from django.middleware.csrf import get_token

from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page

from events.models import EventPage
from site_core.roles import MODERATORS, TRANSLATORS

from .batching import overdue_changes
from .models import Delivery, Follow, Subscriber, TranslationDigestOptIn

# An SMTP error names the refused recipient ("{'leser@example.org': (550,
# …)}"): the dashboard shows the error without it.
ADDRESS = re.compile(r"[^\s@'\"<>(),;:]+@[^\s@'\"<>(),;:]+")
ADDRESS_HIDDEN = "[Adresse]"


def is_moderator(user):
    return user.is_superuser or user.groups.filter(name=MODERATORS).exists()


def is_translator(user):
    return user.groups.filter(name=TRANSLATORS).exists()


def without_addresses(text):
    return ADDRESS.sub(ADDRESS_HIDDEN, text)


def followers_per_page():
    """Each page with its number of confirmed followers (page None: all events), most
    followed first. A page followed in German and in Russian is one row,
    under its German title."""
    confirmed = Follow.objects.filter(subscriber__confirmed_at__isnull=False)
    all_events = confirmed.filter(page__isnull=True).count()
    per_key = (
        confirmed.filter(page__isnull=False)
        .values("page__translation_key")
        .annotate(count=Count("subscriber", distinct=True))
    )
    counts = {row["page__translation_key"]: row["count"] for row in per_key}
    pages = {}
    default_locale = Locale.get_default()
    for page in Page.objects.filter(translation_key__in=counts).select_related("locale"):
        if page.translation_key not in pages or page.locale_id == default_locale.pk:
            pages[page.translation_key] = page
    rows = [
        {"page": pages[key], "count": count, "is_event": pages[key].specific_class is EventPage}
        for key, count in counts.items()
        if key in pages
    ]
    rows.sort(key=lambda row: (-row["count"], row["page"].title))
    if all_events:
        rows.insert(0, {"page": None, "count": all_events, "is_event": False})
    return rows


def alerts_overview():
    unconfirmed = Q(confirmed_at__isnull=True)
    subscribers = Subscriber.objects.aggregate(
        confirmed=Count("pk", filter=~unconfirmed), unconfirmed=Count("pk", filter=unconfirmed)
    )
    outbox = dict(
        Delivery.objects.filter(status__in=[Delivery.Status.QUEUED, Delivery.Status.RETRYING])
        .values_list("status")
        .annotate(Count("pk"))
    )
    last_sent = Delivery.objects.filter(status=Delivery.Status.SENT).values("kind")
    last_sent = dict(last_sent.annotate(last=Max("sent_at")).values_list("kind", "last"))
    dead = Delivery.objects.filter(status=Delivery.Status.DEAD).order_by("created_at")
    overdue = overdue_changes().aggregate(count=Count("pk"), since=Min("created_at"))
    return {
        "overdue_changes": overdue["count"],
        "overdue_since": overdue["since"],
        "confirmed": subscribers["confirmed"],
        "unconfirmed": subscribers["unconfirmed"],
        "followers": followers_per_page(),
        "last_alert_at": last_sent.get(Delivery.Kind.ALERT),
        "last_manual_at": last_sent.get(Delivery.Kind.MANUAL),
        "queued": outbox.get(Delivery.Status.QUEUED, 0),
        "retrying": outbox.get(Delivery.Status.RETRYING, 0),
        "dead_letters": [
            {
                "pk": delivery.pk,
                "kind": delivery.get_kind_display(),
                "created_at": delivery.created_at,
                "attempts": delivery.attempts,
                "error": without_addresses(delivery.last_error),
            }
            for delivery in dead
        ],
    }


class AlertsOverviewPanel(Component):
    name = "alerts_overview"
    template_name = "alerts/admin/overview_panel.html"
    # After the cache (10) and date-sync (80) warnings, before translation work (90).
    order = 85

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(alerts_overview())
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class TranslationDigestPanel(Component):
    name = "translation_digest"
    template_name = "alerts/admin/translation_digest_panel.html"
    order = 95  # below the translation work it announces

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["opted_in"] = TranslationDigestOptIn.objects.filter(user=self.user).exists()
        context["email"] = self.user.email
        context["has_email"] = bool(self.user.email)
        context["csrf_token"] = get_token(parent_context["request"])
        return context
