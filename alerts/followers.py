"""Who follows an event: the confirmed subscribers following the event
itself, its calendar, agency, focus areas or project (in any language:
follows are matched by translation key), or all events.

(The alerts-send branch may have its own ``followers_of``; the merge keeps
one.)"""

from django.db.models import Q

from .models import Follow, Subscriber


def followed_keys(event):
    """The translation keys of every page whose followers hear of ``event``."""
    pages = [event, event.get_parent(), event.agency, event.project]
    pages += [link.focus_area for link in event.focus_area_links.select_related("focus_area")]
    return {page.translation_key for page in pages if page is not None}


def followers_of(event):
    """Confirmed subscribers who follow ``event`` one way or another, each once."""
    # A subquery on Follow itself: "page is null" across the reverse join
    # would also match subscribers who follow nothing.
    follows = Follow.objects.filter(
        Q(page__isnull=True) | Q(page__translation_key__in=followed_keys(event))
    )
    return Subscriber.objects.confirmed().filter(pk__in=follows.values("subscriber")).order_by("pk")
