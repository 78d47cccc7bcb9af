"""The alert mail: one subscriber's changes, in their language, as plain
text and HTML, with the one-click unsubscribe of RFC 8058.

Dates, times and places come from the German event (the source of every
date, events.sync); the title, the links and the reason come from the
event in the subscriber's language. A reason the translators have not
translated yet is given in German with a line saying so.
"""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import npgettext, pgettext

from wagtail.models import Locale

from events.models import EventDateChange
from events.schedule import Status, occurrence_on, occurrences_of
from events.sync import translated_string
from events.views.date_page import date_page_url
from site_core.i18n import localize
from site_core.templatetags.site_dates import local_date

from . import links
from .models import Delivery, PendingChange
from .snapshots import date_now

# The context of the mail's own strings in locale/ru (gettext).
CONTEXT = "Benachrichtigung"
# A mail lists this many changes; for more it points to the event pages.
MAX_ITEMS = 10


def when(start, all_day):
    """ "Dienstag, 12. Januar 2027, 18:00 Uhr" in the active language."""
    start = timezone.localtime(start)
    day = local_date(start.date())
    if all_day:
        return f"{day} ({_('ganztägig')})"
    return f"{day}, " + _("%(start)s Uhr") % {"start": f"{start:%H:%M}"}


def reason_for(change, locale):
    """The reason of a German ``change`` in ``locale``, and whether it is
    translated: the twin's (events.sync copies the translators' text to
    it), else any translation of the same text, else the German text."""
    if change is None or not change.reason or change.locale_id == locale.pk:
        return (change.reason if change else ""), True
    twin = EventDateChange.objects.filter(
        translation_key=change.translation_key, locale=locale
    ).first()
    if twin is not None and twin.reason and twin.reason != change.reason:
        return twin.reason, True
    translated = translated_string(change.reason, change.locale, locale)
    if translated:
        return translated, True
    return change.reason, False


def date_item(event, page, date, kind, before, locale):
    """What the mail says of one changed date of ``event`` (German), shown
    as ``page`` (the event in the subscriber's language)."""
    change = event.date_changes.filter(date=date).select_related("new_location").first()
    now = date_now(event, date)
    item = {
        "title": page.title,
        "day": local_date(date, "day_year"),
        "when": when(dt.datetime.fromisoformat(before["start"]), before["all_day"]),
        "url": date_page_url(page, date, full=True),
        "reason": "",
        "reason_label": _("Grund"),
        "reason_translated": True,
    }
    if kind == PendingChange.Kind.CANCELLED:
        item["what"] = _("abgesagt")
        if now["status"] == Status.SKIPPED_HOLIDAY:
            # The holiday's name, translated by gettext (events.holidays).
            item["reason"] = occurrence_on(event, date).reason
        elif now["status"] == Status.CANCELLED:
            item["reason"], item["reason_translated"] = reason_for(change, locale)
        return item
    if kind == PendingChange.Kind.MOVED:
        occurrence = occurrence_on(event, date, change)
        new_when = when(occurrence.start, occurrence.all_day)
        if before["status"] == Status.SCHEDULED or occurrence.is_moved:
            item["what"] = pgettext(CONTEXT, "verschoben auf %(when)s") % {"when": new_when}
        else:
            item["what"] = pgettext(CONTEXT, "findet doch statt: %(when)s") % {"when": new_when}
        if occurrence.location and occurrence.location.pk != before["location"]:
            place = localize([occurrence.location], locale)[0]
            item["what"] += ", " + place.name
        if occurrence.is_moved:
            item["reason"], item["reason_translated"] = reason_for(change, locale)
        return item
    item["what"] = _("Hinweis")
    item["reason_label"] = ""  # the reason is the note itself
    item["reason"], item["reason_translated"] = reason_for(change, locale)
    return item


def new_event_item(event, page):
    first = next(iter(occurrences_of(event, after=timezone.localdate(), limit=1)), None)
    return {
        "title": page.title,
        "day": "",
        "what": pgettext(CONTEXT, "neue Veranstaltung"),
        "when": when(first.start, first.all_day) if first else "",
        "url": page.get_full_url(),
        "reason": "",
        "reason_translated": True,
    }


def items_in(items, locale):
    result = []
    for item in items:
        event = item["event"]
        page = localize([event], locale)[0]
        if item["kind"] == PendingChange.Kind.NEW_EVENT:
            result.append(new_event_item(event, page))
        else:
            result.append(
                date_item(event, page, item["date"], item["kind"], item["before"], locale)
            )
    return result


def subject_of(items):
    if len(items) > 1:
        return npgettext(
            CONTEXT,
            "%(count)s Änderung im Veranstaltungskalender",
            "%(count)s Änderungen im Veranstaltungskalender",
            len(items),
        ) % {"count": len(items)}
    (item,) = items
    if not item["day"]:
        return f"{item['title']}: {item['what']}"
    return pgettext(CONTEXT, "%(title)s, %(day)s: %(what)s") % item


def alert_mail(subscriber, items):
    """The keyword arguments of ``outbox.queue_mail`` for the alert that
    tells ``subscriber`` of ``items`` (from alerts.batching)."""
    locale = Locale.objects.get(language_code=subscriber.language)
    with translation.override(subscriber.language):
        shown = items_in(items, locale)
        context = {
            "items": shown[:MAX_ITEMS],
            "more": len(shown) - MAX_ITEMS if len(shown) > MAX_ITEMS else 0,
            "manage_url": links.manage_url(subscriber),
            "unsubscribe_url": links.unsubscribe_url(subscriber),
            "language": subscriber.language,
        }
        subject = subject_of(shown)
        body = render_to_string("alerts/mail/alert.txt", context)
        html = render_to_string("alerts/mail/alert.html", {**context, "subject": subject})
    return {
        "kind": Delivery.Kind.ALERT,
        "to": [subscriber.email],
        "subject": subject,
        "body": body,
        "html": html,
        "headers": {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no out-of-office replies to an automatic mail.
            "Auto-Submitted": "auto-generated",
        },
    }
