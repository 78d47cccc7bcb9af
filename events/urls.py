from django.urls import re_path

from .views.feeds import feed_by_path

# Wagtail serves only paths that end in a slash, but calendar clients expect a
# file name: route ".../feed.ics" to the page's "feed.ics/" route.
urlpatterns = [
    re_path(r"^(?P<path>(?:[\w\-]+/)*)feed\.ics$", feed_by_path, name="events_feed"),
]
