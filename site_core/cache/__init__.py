"""The page cache: what anonymous visitors see of pages and feeds, kept in
Django's cache ("pages") and made stale exactly where a change shows.

Serving (``PageCacheMiddleware``): a GET or HEAD under /de/ or /ru/ without a
session or messages cookie (so never for a logged-in user) is looked up by its
address, language and the query parameters the page reads (``cache_keys``:
others, such as ``utm_source``, neither make entries nor renders). A response is
stored only if a Wagtail page served it (``on_serve_page``: not the
admin, previews, search or sitemap), the page and its ancestors have no view
restriction (Wagtail's own check answers first), it is not a form, and the
response is a 200 that sets no cookie (the contact forms' CSRF token) and is
not private. Each entry remembers the page that served it and that page's
version.

Invalidating (``connect()``, called once in ``SiteCoreConfig.ready``): after
the commit of a publish, unpublish, move or deletion, the pages that show the
change get new versions, so every URL they serve (all routes and query
strings, ``feed.ics`` with and without slash) is stale at once; see
``stale_pages`` for which pages those are (each page type declares the pages
beyond its family that show it: ``BasePage.get_listing_page_ids``,
``get_showing_page_ids`` and ``get_cached_urls``). Changes shown on every page (menu
and footer pages, the privacy policy the alert sign-up form links, the footer
text, the site settings, view restrictions) start a new generation: the
whole page cache is stale. If a frontend cache is configured
(``WAGTAILFRONTENDCACHE``), the same pages' URLs are purged there.

While one request renders a missing page, concurrent requests for it get
its previous version or wait up to a second for it (``single_render``); a
view restriction, an unpublish, a deletion or a move withdraws every previous
version, so none outlives its page's being public; the
parts every page repeats are kept as fragments of the same tokens
(``fragments``), so a miss costs little more than the page's own content.

Entries live until the next local midnight, an hour at most
(``PAGE_CACHE_TIMEOUT``): the calendar's "upcoming" lists and the feeds'
Last-Modified move on at midnight without any edit, and the hour bounds what
no signal reports (a scheduled expiry, a change made in the shell).

Why our own middleware on Django's cache framework rather than wagtail-cache
3.0 (which supports Wagtail 7.4): wagtail-cache clears the whole cache, or
URLs matched by regular expression from a "keyring" dict that every worker
reads, changes and writes back (concurrent requests lose each other's keys,
which then can never be purged); it stores 404s, redirects and 304s (a feed
reader's 304 would answer later unconditional requests without a body), and
it knows nothing of translations, calendar routes or our listings. Versioned
pages need no list of URLs, stay correct with many workers, and keep the
feeds' ETag/Last-Modified answers right (``_conditional``).
"""

# The modules, each with one job: state (keys, version tokens, timeout),
# serving (the middleware and the on_serve_page hook), single_render (one
# render per address at a time, the previous version meanwhile), fragments
# (menu, footer, language links, filter choices between renders), stale
# (what a change makes stale), invalidation (making it stale, retrying),
# signals (connect).
from .invalidation import invalidate, retry_failed_invalidations
from .serving import HEADER, PageCacheMiddleware
from .signals import connect
from .stale import stale_pages
from .state import cache_timeout

__all__ = [
    "HEADER",
    "PageCacheMiddleware",
    "cache_timeout",
    "connect",
    "invalidate",
    "retry_failed_invalidations",
    "stale_pages",
]
