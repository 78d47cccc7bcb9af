"""The event page's view of all its dates."""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone

from ..forms import parse_page_number
from ..schedule import occurrences_of


def dates(page, request):
    """All dates of the coming year (``?seite=`` for more than
    DATES_PER_PAGE): where "Nächste Termine" on the event page leads."""
    number = parse_page_number(request.GET.get("seite"))
    paginator = Paginator(occurrences_of(page, after=timezone.localdate()), page.DATES_PER_PAGE)
    if number is None or number > paginator.num_pages:
        raise Http404("Ungültige Seite")
    return page.render(
        request,
        template="events/event_page_dates.html",
        context_overrides={"dates": paginator.page(number)},
    )
