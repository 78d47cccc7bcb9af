"""A flood of query strings (issue 16, finding 5): parameters a page does not
read neither make a new cache entry nor a new render.

Tracked links (``?utm_source=…``, ``?fbclid=…``) and an attacker's random
query strings used to be one entry and one full render each (1,500 requests
grew the cache from 1.2 to 38.5 MB, and every one of them rendered). Each
page now declares the query parameters it reads
(``BasePage.get_cache_query_parameters``), and the page cache keys by those
alone; ``X-Cache`` says whether a response was rendered (MISS, or none for a
response that is not stored) or served from the cache (HIT).
"""

import redis

from django.core.cache import caches
from django.test import TestCase, override_settings

from events.models import EventIndexPage
from site_core.cache import HEADER
from tests.site_core.test_caching_redis import RealRedisMixin
from tests.utils import build_site, translate_site

FLOOD = 200


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class CacheFloodTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)
        cls.calendar = cls.site.event_index.url
        cls.month = cls.site.event.start_date.strftime("%Y-%m")

    def setUp(self):
        caches["pages"].clear()

    def entries(self):
        """How many responses the page cache holds."""
        return sum(":response:" in key for key in caches["pages"]._cache)

    def flood(self, url, junk, count=FLOOD):
        """Request ``url`` with ``count`` different ``junk(n)`` query strings;
        the responses."""
        separator = "&" if "?" in url else "?"
        return [self.client.get(f"{url}{separator}{junk(n)}") for n in range(count)]

    def assertRenderedOnce(self, responses):
        rendered = [n for n, response in enumerate(responses) if response.get(HEADER) != "HIT"]
        self.assertEqual(rendered, [0], "only the first request renders the page")

    def test_tracking_parameters_are_answered_from_one_entry(self):
        for url, junk in [
            (self.calendar, lambda n: f"utm_source=newsletter{n}&utm_medium=email"),
            (self.calendar + f"monat/?monat={self.month}", lambda n: f"fbclid=IwAR{n}"),
            (self.calendar + "feed.ics", lambda n: f"utm_source={n}"),
            (self.site.event.url, lambda n: f"x{n}=y{n}"),
            (self.site.event.url + "feed.ics", lambda n: f"ref={n}&ref={n + 1}"),
            (self.site.home.get_translation(self.site.ru).url, lambda n: f"gclid={n}"),
        ]:
            with self.subTest(url):
                caches["pages"].clear()
                responses = self.flood(url, junk)
                self.assertEqual({r.status_code for r in responses}, {200})
                self.assertEqual(self.entries(), 1)
                self.assertRenderedOnce(responses)
                # The visitor without tracking parameters gets the same entry.
                clean = self.client.get(url)
                self.assertEqual(clean[HEADER], "HIT")
                self.assertEqual(clean.content, responses[0].content)

    def test_the_stored_page_does_not_show_the_first_visitors_junk(self):
        # The language switcher keeps the query string (site_core.language_switch):
        # the page is rendered from the parameters it reads, nothing else.
        first = self.client.get(self.calendar + "?agentur=oh&utm_source=spam-mail")
        self.assertEqual(first[HEADER], "MISS")
        self.assertContains(first, "agentur=oh")
        self.assertNotContains(first, "spam-mail")
        self.assertNotContains(self.client.get(self.calendar + "?agentur=oh"), "spam-mail")

    def test_parameters_a_view_does_not_read_make_no_entries(self):
        # Parameters of other calendar views, and of the calendar on other pages.
        for url, junk in [
            (self.calendar, lambda n: f"monat=2027-{n % 12 + 1:02}&bis=2020-01-{n % 28 + 1:02}"),
            (self.calendar + "monat/", lambda n: f"seite={n + 1}&ab=2027-01-01"),
            (self.calendar + "feed.ics", lambda n: f"seite={n + 1}"),
            (self.calendar + "rss/", lambda n: f"agentur=x{n}"),
            (self.site.event.url, lambda n: f"monat=2027-01&seite={n + 1}"),
        ]:
            with self.subTest(url):
                caches["pages"].clear()
                responses = self.flood(url, junk)
                self.assertEqual({r.status_code for r in responses}, {200})
                self.assertEqual(self.entries(), 1)
                self.assertRenderedOnce(responses)

    def test_known_parameters_each_have_their_own_entry(self):
        months = [self.month, "2027-02"]
        for month in months:
            self.assertEqual(
                self.client.get(f"{self.calendar}monat/?monat={month}")[HEADER], "MISS"
            )
        self.assertEqual(self.entries(), 2)
        # Order, repetition and junk do not matter; the value a page reads does.
        again = self.client.get(f"{self.calendar}monat/?utm_source=x&monat={months[1]}")
        self.assertEqual(again[HEADER], "HIT")
        self.assertContains(again, "<caption>Februar 2027</caption>")
        feed = self.calendar + "feed.ics"
        self.assertEqual(self.client.get(feed + "?agentur=oh&sprache=de")[HEADER], "MISS")
        self.assertEqual(self.client.get(feed + "?sprache=de&agentur=oh&fbclid=1")[HEADER], "HIT")
        self.assertEqual(self.entries(), 3)

    def test_a_repeated_parameter_cannot_put_one_month_under_another(self):
        # Django reads the last value: the page is stored under that one.
        url = f"{self.calendar}monat/?monat=2027-01&monat=2027-02"
        self.assertContains(self.client.get(url), "<caption>Februar 2027</caption>")
        january = self.client.get(f"{self.calendar}monat/?monat=2027-01")
        self.assertEqual(january[HEADER], "MISS")
        self.assertContains(january, "<caption>Januar 2027</caption>")
        self.assertNotContains(january, "<caption>Februar 2027</caption>")
        self.assertEqual(self.client.get(f"{self.calendar}monat/?monat=2027-02")[HEADER], "HIT")

    def test_invalid_values_are_answered_as_before_and_not_stored(self):
        for url, junk, status in [
            (self.calendar + "monat/", lambda n: f"monat=garbage{n}", 404),
            (self.calendar, lambda n: f"seite={999_999 - n}", 404),
            (self.calendar, lambda n: f"ab=morgen{n}", 404),
            (self.calendar + "archiv/", lambda n: f"bis=2999-01-{n % 28 + 1:02}", 404),
            (self.calendar + "feed.ics", lambda n: f"agentur=gibt-es-nicht-{n}", 404),
        ]:
            with self.subTest(url):
                # Each is rendered (as before): fewer requests show it.
                responses = self.flood(url, junk, count=20)
                self.assertEqual({r.status_code for r in responses}, {status})
        # The calendar ignores an unknown filter and says so: a page per
        # attacker's value, so none is stored.
        responses = self.flood(self.calendar, lambda n: f"agentur=gibt-es-nicht-{n}", count=20)
        self.assertContains(responses[-1], "Ein Filter war ungültig und wurde ignoriert.")
        self.assertEqual({r.get(HEADER) for r in responses}, {None})
        self.assertEqual(self.entries(), 0)

    def test_every_calendar_route_declares_the_parameters_it_reads(self):
        # A route left out would be rendered without its parameters for
        # anonymous visitors (site_core.cache_keys).
        # Wagtail's own ``index_route`` (path "") is never reached: ``upcoming``
        # comes first on the same path.
        reachable = {}
        for pattern in EventIndexPage.get_subpage_urls():
            reachable.setdefault(str(pattern.pattern), pattern.name)
        self.assertEqual(set(EventIndexPage.ROUTE_QUERY_PARAMETERS), set(reachable.values()))

    def test_overlong_values_are_not_stored(self):
        response = self.client.get(self.calendar + "?agentur=" + "a" * 300)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.get(HEADER))
        self.assertEqual(self.entries(), 0)


class RedisCacheFloodTests(RealRedisMixin, CacheFloodTests):
    """The same against a real Redis, as production runs it."""

    def entries(self):
        return len(redis.Redis.from_url(self.server.url).keys("pages:*:response:*"))
