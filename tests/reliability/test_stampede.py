"""No stampede (issue 19): when a busy page or feed is missing from the page
cache (first request, or a publish made it stale), concurrent requests
cause one render; the others get the previous version or wait briefly for
the one render. A broken cache never makes a request wait long.

Threads stand in for gunicorn's workers; each render is slowed down (a
before_serve_page hook that counts and sleeps) so that the requests truly
overlap. TransactionTestCase: the threads' own database connections must
see the test data.
"""

import os
import signal
import threading
import time

from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.test import Client, TransactionTestCase, override_settings

from wagtail import hooks
from wagtail.models import PageViewRestriction

from site_core.cache import HEADER, single_render
from site_core.cache.state import PREVIOUS_VERSIONS_KEY, page_cache, token
from tests.reliability.test_redis_faults import PATIENCE
from tests.site_core.test_caching_redis import RealRedisMixin
from tests.utils import build_site, translate_site

CONCURRENT = 6
RENDER_TIME = 0.4


class Renders:
    """Counts the renders of Wagtail pages, each made RENDER_TIME slower."""

    def __init__(self, delay=RENDER_TIME):
        self.count = 0
        self.delay = delay
        self.lock = threading.Lock()

    def __call__(self, page, request, serve_args, serve_kwargs):
        with self.lock:
            self.count += 1
        time.sleep(self.delay)


def get_all_at_once(url, n=CONCURRENT):
    """``n`` visitors ask for ``url`` at the same moment: their responses
    and how long each took."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def visit(i):
        try:
            barrier.wait()
            started = time.monotonic()
            response = Client().get(url)
            results[i] = (response, time.monotonic() - started)
        finally:
            connection.close()

    threads = [threading.Thread(target=visit, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class StampedeTests(TransactionTestCase):
    # The rows the migrations made (locales, the root page) come back
    # after each test's flush.
    serialized_rollback = True

    def setUp(self):
        for cache in caches.all():
            cache.clear()
        self.site = build_site()
        translate_site(self.site)
        self.feed = self.site.event_index.url + "feed.ics"
        # A first render may store what it computed (the dates of the
        # events), which invalidates; then the cache starts empty.
        for url in (self.feed, self.site.event_index.url, self.site.event.url):
            Client().get(url)
        page_cache().clear()

    def concurrent(self, url, renders):
        with hooks.register_temporarily("before_serve_page", renders):
            return get_all_at_once(url)

    def publish_title(self, page, title):
        page = page.get_latest_revision_as_object()
        page.title = title
        page.save_revision().publish()  # TransactionTestCase: after-commit runs now

    def test_concurrent_first_requests_cause_one_render(self):
        for url in (self.feed, self.site.event_index.url):
            renders = Renders()
            results = self.concurrent(url, renders)
            self.assertEqual(renders.count, 1, url)
            self.assertEqual([r.status_code for r, _ in results], [200] * CONCURRENT)
            headers = sorted(r.headers.get(HEADER) for r, _ in results)
            self.assertEqual(headers, ["HIT"] * (CONCURRENT - 1) + ["MISS"])
            bodies = {r.content for r, _ in results}
            self.assertEqual(len(bodies), 1)

    def test_after_a_publish_one_renders_the_others_get_the_previous_version(self):
        url = self.site.event.url
        self.assertEqual(Client().get(url).headers.get(HEADER), "MISS")
        self.publish_title(self.site.event, "Deutsch-Café am Abend")
        renders = Renders()
        results = self.concurrent(url, renders)
        self.assertEqual(renders.count, 1)
        stale = [r for r, _ in results if r.headers.get(HEADER) == "STALE"]
        fresh = [r for r, _ in results if r.headers.get(HEADER) == "MISS"]
        self.assertEqual((len(stale), len(fresh)), (CONCURRENT - 1, 1))
        # At most one publish behind, and no one waited for the render.
        for response in stale:
            self.assertContains(response, "Deutsch-Café")
            self.assertNotContains(response, "am Abend")
        self.assertContains(fresh[0], "Deutsch-Café am Abend")
        self.assertTrue(all(t < RENDER_TIME for r, t in results if r in stale))
        # Then everyone gets the new version from the cache.
        response = Client().get(url)
        self.assertEqual(response.headers.get(HEADER), "HIT")
        self.assertContains(response, "Deutsch-Café am Abend")

    def test_a_claim_left_by_a_dead_worker_costs_a_second_at_most(self):
        url = self.site.event.url
        Client().get(url)
        self.publish_title(self.site.event, "Neuer Titel")
        # A worker claimed the page and died (its claim stays in the cache),
        # and there is no previous version to serve meanwhile.
        slot = single_render.slot("de", f"http://testserver{url}", QueryDict())
        single_render.forget(slot, token(PREVIOUS_VERSIONS_KEY))
        self.assertTrue(single_render.claim(slot))
        started = time.monotonic()
        response = Client().get(url)
        self.assertLess(time.monotonic() - started, single_render.WAIT + PATIENCE)
        self.assertContains(response, "Neuer Titel")

    def test_a_page_gone_meanwhile_is_not_served_from_its_previous_version(self):
        url = self.site.standard.url
        self.assertEqual(Client().get(url).status_code, 200)
        self.site.standard.unpublish()
        self.assertEqual(Client().get(url).status_code, 404)
        # While another request renders it, nothing of the old page shows.
        results = self.concurrent(url, Renders())
        self.assertEqual([r.status_code for r, _ in results], [404] * CONCURRENT)

    def requests_after_a_change_during_a_render(self, page, change):
        """``page`` is stored, then a publish makes it stale. One visitor's
        request renders it (slowly) when ``change`` happens; then the other
        visitors ask for it, while that render is still in flight."""
        url = page.url
        self.assertEqual(Client().get(url).headers.get(HEADER), "MISS")
        self.publish_title(page, f"{page.title} am Abend")
        rendering = threading.Event()

        def slow_render(page, request, serve_args, serve_kwargs):
            rendering.set()
            time.sleep(RENDER_TIME)

        def first_visitor():
            try:
                Client().get(url)
            finally:
                connection.close()

        with hooks.register_temporarily("before_serve_page", slow_render):
            first = threading.Thread(target=first_visitor)
            first.start()
            self.assertTrue(rendering.wait(timeout=5))
            change()
            results = get_all_at_once(url, CONCURRENT - 1)
            first.join(timeout=30)
        return [response for response, _ in results]

    def assert_nothing_of_the_page_shows(self, responses, title):
        for response in responses:
            self.assertNotEqual(response.headers.get(HEADER), "STALE")
            self.assertNotContains(response, title, status_code=response.status_code)

    def test_a_page_restricted_during_a_render_is_not_served_from_its_previous_version(self):
        def restrict():
            PageViewRestriction.objects.create(
                page=self.site.event, restriction_type=PageViewRestriction.PASSWORD, password="x"
            )

        responses = self.requests_after_a_change_during_a_render(self.site.event, restrict)
        self.assert_nothing_of_the_page_shows(responses, "Deutsch-Café")
        # Wagtail's password form, for everyone.
        self.assertEqual({r.status_code for r in responses}, {200})
        for response in responses:
            self.assertContains(response, 'name="password"')

    def test_the_russian_twin_below_a_restricted_german_page_is_not_served_either(self):
        # The restriction is on the German calendar, an ancestor; the Russian
        # event page is restricted through its twin (site_core.restrictions).
        ru_event = self.site.event.get_translation(self.site.ru)
        ru_title = ru_event.title

        def restrict_ancestor():
            PageViewRestriction.objects.create(
                page=self.site.event_index, restriction_type=PageViewRestriction.LOGIN
            )

        responses = self.requests_after_a_change_during_a_render(ru_event, restrict_ancestor)
        self.assert_nothing_of_the_page_shows(responses, ru_title)
        self.assertEqual({r.status_code for r in responses}, {302})

    def test_a_page_unpublished_during_a_render_is_not_served_from_its_previous_version(self):
        event = self.site.event
        responses = self.requests_after_a_change_during_a_render(event, event.unpublish)
        self.assert_nothing_of_the_page_shows(responses, "Deutsch-Café")
        self.assertEqual({r.status_code for r in responses}, {404})

    def test_a_page_deleted_during_a_render_is_not_served_from_its_previous_version(self):
        event = self.site.event
        responses = self.requests_after_a_change_during_a_render(event, event.delete)
        self.assert_nothing_of_the_page_shows(responses, "Deutsch-Café")
        self.assertEqual({r.status_code for r in responses}, {404})


class RedisStampedeTests(RealRedisMixin, StampedeTests):
    """The same against a real Redis, as production runs it (the claim is a
    SET NX with an expiry)."""

    cache_options = {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25, "RETRY_AFTER": 0.5}

    def test_with_redis_paused_everyone_renders_and_no_one_waits_long(self):
        os.kill(self.server.process.pid, signal.SIGSTOP)
        self.addCleanup(os.kill, self.server.process.pid, signal.SIGCONT)
        renders = Renders(delay=0)
        results = self.concurrent(self.site.event.url, renders)
        self.assertEqual([r.status_code for r, _ in results], [200] * CONCURRENT)
        self.assertTrue(all(t < 2 * PATIENCE for _, t in results), [t for _, t in results])
