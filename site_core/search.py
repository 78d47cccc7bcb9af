"""Site search: pages in the visitor's language only.

Wagtail's search backend finds the pages; this view keeps the results to
the current language and leaves out wagtail-localize's aliases (German
stand-ins for pages not yet translated), so a Russian visitor never gets a
list of German duplicates.
"""

import unicodedata

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.models import Locale, Page

RESULTS_PER_PAGE = 10
# Longer queries are cut: nobody types more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200
# The search backend ranks; aliases are dropped from the ranked list, so
# look at a bounded number of hits rather than all of them.
MAX_HITS = 200


def clean_query(text):
    """What the visitor typed, as one line of words: runs of whitespace
    (tabs, line breaks) become one space, and characters nobody sees are left
    out: control characters (PostgreSQL refuses NUL in a string, a 500),
    invisible formatting marks (a left-to-right mark pasted with a word) and
    unassigned code points. Cut to MAX_QUERY_LENGTH."""
    words = " ".join(text.split())
    visible = "".join(char for char in words if unicodedata.category(char)[0] != "C")
    return " ".join(visible.split())[:MAX_QUERY_LENGTH]


def search_pages(query, locale):
    """Live, public pages in ``locale`` matching ``query``, best first."""
    hits = (
        Page.objects.live()
        .public()
        .filter(locale=locale)
        .exclude(depth__lte=1)
        .specific()
        .search(query)[:MAX_HITS]
    )
    return [page for page in hits if page.alias_of_id is None]


@require_safe
def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = search_pages(query, Locale.get_active()) if query else []
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        results_page = paginator.page(request.GET.get("seite", 1))
    except PageNotAnInteger:
        results_page = paginator.page(1)
    except EmptyPage:
        results_page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "site_core/search.html",
        {
            "search_query": query,
            "results": results_page,
            "result_count": paginator.count,
            "page_title": _("Suche"),
        },
    )
