"""Rebuild the stored occurrences of every live event (events.store).

Run after each deployment and every night, e.g.
``5 0 * * * cd /srv/site && .venv/bin/python manage.py store_occurrences``:
open-ended series then reach two years ahead from today, and the calendar
list pages through them in SQL. Until it first runs the calendar computes
every date on each request, correct but slow with many events.

It also re-renders every stored feed part (events.feed_parts), as the feeds
of open-ended series reach a day further; parts whose bytes stay the same
keep their versions, so subscribed calendars are not sent them again.
"""

import time

from django.core.management.base import BaseCommand

from events.feed_parts import store_all_parts
from events.store import store_all


class Command(BaseCommand):
    help = (
        "Berechnet die Termine aller veröffentlichten Veranstaltungen neu und speichert sie "
        "für die Kalenderlisten. Nach jedem Deployment und jede Nacht ausführen."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        events, rows = store_all()
        self.stdout.write(
            f"{rows} Termine von {events} Veranstaltungen gespeichert "
            f"({time.perf_counter() - started:.1f} s)."
        )
        started = time.perf_counter()
        events, changed = store_all_parts()
        self.stdout.write(
            f"Kalender-Abos: {events} Veranstaltungen neu erstellt, {changed} davon geändert "
            f"({time.perf_counter() - started:.1f} s)."
        )
