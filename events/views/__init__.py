"""The calendar's views: what the routes of the calendar and event pages
(``events.models``) show, and the ``feed.ics`` URLs."""
