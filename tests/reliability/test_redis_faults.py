"""A failing Redis (issue 16, finding 1): stopped, hung or full, it may cost
the page cache but never a page, a message or a change.

Each test starts its own redis-server (tests/site_core/test_caching_redis.py)
and stops (SIGTERM), pauses (SIGSTOP) or fills it while the site serves, with
the production cache backend (site_core.cache_backends) on both aliases.
"""

import os
import signal
import time

import redis

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import TestCase, override_settings

from wagtail.contrib.forms.models import FormSubmission

from home.factories import ContactFormPageFactory
from site_core.cache import HEADER
from site_core.cache_backends import ResilientRedisCache
from site_core.models import FailedCacheInvalidation
from site_core.roles import EDITORS, MODERATORS, setup_roles
from tests.home.test_contact_form import message
from tests.site_core.test_caching_redis import RealRedisMixin
from tests.utils import build_site, translate_site

# Each uncached page must answer within this time with Redis stopped or hung.
PATIENCE = 1.0
RETRY_AFTER = 0.5


class RedisFaultTestCase(RealRedisMixin, TestCase):
    cache_options = {
        "SOCKET_CONNECT_TIMEOUT": 0.25,
        "SOCKET_TIMEOUT": 0.25,
        "RETRY_AFTER": RETRY_AFTER,
    }

    @classmethod
    def setUpClass(cls):
        cls.enterClassContext(override_settings(PAGE_CACHE_TIMEOUT=3600))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)
            cls.form = ContactFormPageFactory(
                parent=cls.site.agency, slug="kontakt", to_address="oberhausen@example.org"
            )
        cls.urls = [
            cls.site.home.url,
            cls.site.event_index.url,
            cls.site.event.url,
            cls.site.event.url + "feed.ics",
            cls.site.event.get_translation(cls.site.ru).url,
        ]

    def setUp(self):
        for cache in caches.all():
            cache.clear()
        self.redis = redis.Redis.from_url(self.server.url)
        self.addCleanup(self.resume)

    def pause(self):
        os.kill(self.server.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.server.process.pid, signal.SIGCONT)

    def assertAnswersQuickly(self, url, status=200):
        started = time.monotonic()
        response = self.client.get(url)
        elapsed = time.monotonic() - started
        self.assertEqual(response.status_code, status, url)
        self.assertLess(elapsed, PATIENCE, f"{url} took {elapsed:.2f} s")
        return response

    def publish(self, page, change):
        page = page.get_latest_revision_as_object()
        change(page)
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()


class HungOrStoppedRedisTests(RedisFaultTestCase):
    def test_pages_answer_uncached_while_redis_is_paused(self):
        self.pause()
        for url in self.urls * 2:
            response = self.assertAnswersQuickly(url)
            self.assertNotEqual(response.headers.get(HEADER), "HIT")
        self.assertAnswersQuickly("/admin/login/")

    def test_pages_come_from_the_cache_again_once_redis_answers(self):
        self.pause()
        self.assertAnswersQuickly(self.site.event.url)
        self.resume()
        time.sleep(RETRY_AFTER)
        self.assertEqual(self.client.get(self.site.event.url).headers.get(HEADER), "MISS")
        self.assertEqual(self.client.get(self.site.event.url).headers.get(HEADER), "HIT")

    def test_a_message_sent_while_redis_is_paused_is_stored(self):
        self.pause()
        started = time.monotonic()
        response = self.client.post(self.form.url, message(), follow=True)
        self.assertLess(time.monotonic() - started, 2 * PATIENCE)
        self.assertContains(response, "Vielen Dank")
        self.assertTrue(FormSubmission.objects.filter(page=self.form).exists())

    def test_a_change_made_while_redis_hangs_is_not_hidden_by_the_cache_afterwards(self):
        url = self.site.event.url
        for expected in ("MISS", "HIT"):
            self.assertEqual(self.client.get(url).headers.get(HEADER), expected)
        self.pause()
        self.publish(self.site.event, lambda page: setattr(page, "title", "Neuer Titel"))
        # Recorded where moderators and the retry find it.
        self.assertTrue(FailedCacheInvalidation.objects.exists())
        self.resume()
        time.sleep(RETRY_AFTER)
        response = self.client.get(url)
        self.assertNotEqual(response.headers.get(HEADER), "HIT")
        self.assertContains(response, "Neuer Titel")
        self.assertFalse(FailedCacheInvalidation.objects.exists())

    def test_moderators_see_the_failure_on_the_dashboard_and_retry_it(self):
        setup_roles()
        users = {}
        for name in (EDITORS, MODERATORS):
            users[name] = get_user_model().objects.create_user(name, password="x")  # noqa: S106
            users[name].groups.add(Group.objects.get(name=name))
        self.pause()
        self.publish(self.site.event, lambda page: setattr(page, "title", "Neuer Titel"))
        heading = "Seiten-Cache: Änderungen noch nicht übernommen"
        self.client.force_login(users[EDITORS])
        self.assertNotContains(self.client.get("/admin/"), heading)
        self.client.force_login(users[MODERATORS])
        self.assertContains(self.client.get("/admin/"), heading)
        response = self.client.post("/admin/seiten-cache/erneut/", follow=True)
        self.assertContains(response, "antwortet noch nicht")
        self.resume()
        time.sleep(RETRY_AFTER)
        response = self.client.post("/admin/seiten-cache/erneut/", follow=True)
        self.assertContains(response, "Der Seiten-Cache wurde geleert")
        self.assertNotContains(response, heading)
        self.client.logout()
        self.assertContains(self.client.get(self.site.event.url), "Neuer Titel")


class StoppedRedisTests(RedisFaultTestCase):
    def test_pages_and_messages_survive_a_stopped_redis(self):
        self.server.process.terminate()
        self.server.process.wait(timeout=10)
        for url in self.urls:
            self.assertAnswersQuickly(url)
        response = self.client.post(self.form.url, message(), follow=True)
        self.assertContains(response, "Vielen Dank")
        self.assertTrue(FormSubmission.objects.filter(page=self.form).exists())

    def resume(self):
        pass  # nothing to resume: stopped for good (the class cleanup copes)


class FullRedisTests(RedisFaultTestCase):
    # Redis's default policy: a full Redis refuses every write.
    redis_server_options = ("--maxmemory-policy", "noeviction")

    def setUp(self):
        super().setUp()
        self.redis.config_set("maxmemory", 0)  # no limit until fill()

    def fill(self):
        # Any limit under what Redis holds: every write is refused from now
        # on, reads and deletions still work (as with a real full Redis,
        # without the race of its client buffers coming and going).
        self.redis.config_set("maxmemory", 1)
        with self.assertRaisesRegex(redis.exceptions.ResponseError, "maxmemory"):
            self.redis.set("ballast", b"x")

    def test_unpublished_pages_are_not_served_from_a_full_cache(self):
        event, calendar = self.site.event.url, self.site.event_index.url
        for url in (event, calendar, event + "feed.ics"):
            for expected in ("MISS", "HIT"):
                self.assertEqual(self.client.get(url).headers.get(HEADER), expected, url)
        self.fill()
        with self.captureOnCommitCallbacks(execute=True):
            self.site.event.unpublish()
        self.assertEqual(self.client.get(event).status_code, 404)
        self.assertEqual(self.client.get(event + "feed.ics").status_code, 404)
        response = self.client.get(calendar)
        self.assertNotEqual(response.headers.get(HEADER), "HIT")
        self.assertNotContains(response, self.site.event.title)
        self.assertFalse(FailedCacheInvalidation.objects.exists())

    def test_pages_and_messages_still_answer_on_a_full_redis(self):
        self.fill()
        for url in self.urls:
            self.assertAnswersQuickly(url)
        response = self.client.post(self.form.url, message(), follow=True)
        self.assertContains(response, "Vielen Dank")


def test_every_thread_gets_the_configured_retry_time():
    # Django builds one cache per thread from the same settings: the first
    # must not use up the options the next ones read.
    settings = {"LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": {"RETRY_AFTER": RETRY_AFTER}}
    caches = [ResilientRedisCache(settings["LOCATION"], settings) for _ in range(2)]
    assert [cache.retry_after for cache in caches] == [RETRY_AFTER, RETRY_AFTER]
    assert settings["OPTIONS"] == {"RETRY_AFTER": RETRY_AFTER}
