from django.urls import re_path

from .views.feeds import date_ical_by_path, feed_by_path

# Wagtail serves only paths that end in a slash, but calendar clients expect a
# file name: route ".../feed.ics" to the page's "feed.ics/" route, and a
# date's ".../2027-03-02/termin.ics" to its "termin.ics/" route.
urlpatterns = [
    re_path(r"^(?P<path>(?:[\w\-]+/)*)feed\.ics$", feed_by_path, name="events_feed"),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)*\d{4}-\d{2}-\d{2}/)termin\.ics$",
        date_ical_by_path,
        name="events_date_ical",
    ),
]
