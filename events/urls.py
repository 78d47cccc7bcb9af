from django.urls import re_path

from . import views

# Wagtail serves only paths that end in a slash, but calendar clients expect a
# file name: route ".../feed.ics" to the page's "feed.ics/" route.
urlpatterns = [
    re_path(r"^(?P<path>(?:[\w\-]+/)*)feed\.ics$", views.serve_feed, name="events_feed"),
]
