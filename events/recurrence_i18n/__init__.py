"""Russian for django-recurrence, which ships none.

An app of its own, holding only ``locale/``: Django loads an installed app's
catalogues (Python and, through the JavaScript catalog view in
events.wagtail_hooks, the widget's), and ``makemessages`` finds no source
strings here, so it never mixes the project's own strings into it.
"""
