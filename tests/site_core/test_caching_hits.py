"""What a page-cache hit costs (issue 19: cached pages and feeds at half a
static file's throughput at least): no database query and, once this process
has served the page, one round trip to the cache that does not carry the
body; and still every publish shows at the next request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from site_core.cache import HEADER
from site_core.cache.state import page_cache
from site_core.roles import MODERATORS, setup_roles
from tests.admin_forms import publish_in_admin
from tests.utils import build_site


class CountingCalls:
    """Counts the calls of the page cache's reads (each a round trip to
    Redis); not the calls inside them (the memory cache's get_many calls get)."""

    def __init__(self, cache):
        self.calls = []
        self.cache = cache
        self.depth = 0

    def __enter__(self):
        for name in ("get", "get_many"):
            original = getattr(self.cache, name)

            def counted(*args, _original=original, _name=name, **kwargs):
                if not self.depth:
                    self.calls.append(_name)
                self.depth += 1
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.depth -= 1

            setattr(self.cache, name, counted)
        return self

    def __exit__(self, *exc):
        for name in ("get", "get_many"):
            delattr(self.cache, name)


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class HitCostTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
        setup_roles()
        cls.moderator = get_user_model().objects.create_user("moderation")
        cls.moderator.groups.add(Group.objects.get(name=MODERATORS))

    def setUp(self):
        caches["pages"].clear()

    def test_a_repeated_hit_takes_one_round_trip_and_no_query(self):
        for url in (self.site.event_index.url + "feed.ics", self.site.event.url):
            headers = [self.client.get(url).headers.get(HEADER) for _ in range(3)]
            self.assertEqual(headers[-1], "HIT", url)
            with CountingCalls(page_cache()) as counted, CaptureQueriesContext(connection) as q:
                response = self.client.get(url)
            self.assertEqual(response.headers.get(HEADER), "HIT", url)
            self.assertEqual(counted.calls, ["get_many"], url)
            self.assertEqual(len(q), 0, url)
            # The security headers come with it.
            self.assertIn("Content-Security-Policy", response.headers)
            self.assertIn("Permissions-Policy", response.headers)

    def test_a_publish_shows_at_the_next_request_despite_the_copy(self):
        url = self.site.event.url
        for _ in range(3):
            self.client.get(url)
        publish_in_admin(self, self.moderator, self.site.event, title="Deutsch-Café am Abend")
        response = self.client.get(url)
        self.assertNotEqual(response.headers.get(HEADER), "HIT")
        self.assertContains(response, "Deutsch-Café am Abend")
