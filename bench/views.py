"""The addresses the bench measures, shared by bench.growth (test client)
and bench.server (gunicorn).

The day list and the date page are found the way a visitor finds them: the
first "… weitere Termine" link of the month view (else the list from
tomorrow) and the first date link of the event page. So the bench measures
whatever the calendar links to when it runs, without knowing its routes.
"""

import datetime as dt
import html
import re

# The order of the tables; "plain page" is what every ratio divides by.
NAMES = [
    "plain page",
    "home",
    "calendar list",
    "calendar month",
    "day list",
    "event page",
    "date page",
    "main feed",
    "filtered feed",
]

MORE_LINK = re.compile(r'<a href="([^"]+)"[^>]*>\s*und\s+\d+\s+weitere', re.IGNORECASE)


def calendar_paths(*, plain, home, index, event, feed, agency_slug, fetch):
    """{name: path}. ``fetch(path)`` returns a page's HTML as text."""
    month = index + "monat/"
    return {
        "plain page": plain,
        "home": home,
        "calendar list": index,
        "calendar month": month,
        "day list": day_list(index, fetch(month)),
        "event page": event,
        "date page": date_page(event, fetch(event)),
        "main feed": feed,
        "filtered feed": f"{feed}?agentur={agency_slug}",
    }


def day_list(index, month_html):
    found = MORE_LINK.search(month_html)
    if found:
        return html.unescape(found.group(1))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    return f"{index}?ab={tomorrow.isoformat()}"


def date_page(event, event_html):
    found = re.search(rf'href="({re.escape(event)}\d{{4}}-\d{{2}}-\d{{2}}/)"', event_html)
    if not found:
        raise SystemExit(f"The event page {event} links to no date page")
    return found.group(1)
