"""A feed after a change (issue 19: the cost follows what changed): the
address's last body is brought up to date by reading only the events the
log of generations names, and spliced; the bytes are still the full
build's, whatever the change: a new title, a new event in the middle, an
event unpublished, an event leaving a filtered feed, an expiry, a view
restriction, a log that cannot say (pruned, another history)."""

import datetime as dt
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

from events import feed_assembly
from events.factories import EventPageFactory
from events.feed_assembly import BODY_KEY
from events.models.feed_parts import FeedPartsChange, FeedPartsGeneration
from home.factories import AgencyPageFactory
from site_core.cache import invalidate
from site_core.cache.hot_copies import hot_copies
from site_core.cache.state import page_cache
from tests.admin_forms import publish_in_admin

from .test_feed_parts import FeedInPageCacheTestCase, full_build


class FeedPatchTests(FeedInPageCacheTestCase):
    READS = '"events_storedfeedpart"."body"'

    def setUp(self):
        super().setUp()
        feed_assembly.last_bodies.__init__()  # a fresh process
        # Events on both sides of the Deutsch-Café, so that a change lands
        # in the middle of the feed.
        with self.captureOnCommitCallbacks(execute=True):
            for n in range(4):
                EventPageFactory(parent=self.site.event_index, title=f"Gruppe {n}")
        self.get()  # stores the parts and the address's first body
        invalidate(None)
        self.get()  # the manifest moves on past the parts' first store

    def assert_full_build(self, query=None):
        url = self.url + (f"?{query}" if query else "")
        # The page cache's responses go (a factory's page skips the publish
        # that would make them stale); the feeds' keys stay.
        invalidate(None)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        params = dict([query.split("=")]) if query else {}
        self.assertEqual(response.content, full_build(self.site.event_index, params))
        return response, [q["sql"] for q in queries if self.READS in q["sql"]]

    def test_a_new_title_reads_only_that_events_part(self):
        self.publish_title("Deutsch-Café am Abend")
        response, reads = self.assert_full_build()
        self.assertIn(b"SUMMARY:Deutsch-Caf\xc3\xa9 am Abend", response.content)
        # One query of bytes, for the one new version (not a join of all).
        self.assertEqual(len(reads), 1)
        self.assertRegex(reads[0], r"\"version\" IN \('[0-9a-f]{64}'\)$")

    def test_a_new_event_is_put_in_by_its_path(self):
        with self.captureOnCommitCallbacks(execute=True):
            EventPageFactory(parent=self.site.event_index, title="Neu dazwischen")
        response, _ = self.assert_full_build()
        self.assertIn(b"SUMMARY:Neu dazwischen", response.content)

    def test_an_unpublished_event_goes(self):
        client = self.client_class()
        client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(f"/admin/pages/{self.event.pk}/unpublish/")
        self.assertEqual(response.status_code, 302)
        response, _ = self.assert_full_build()
        self.assertNotIn(b"Deutsch-Caf", response.content)

    def test_an_event_leaving_a_filtered_feed_goes_from_it(self):
        agency = self.site.agency
        query = f"agentur={agency.slug}"
        first, _ = self.assert_full_build(query)
        self.assertIn(b"Deutsch-Caf", first.content)
        other = AgencyPageFactory(parent=self.site.home, title="Integrationsagentur Mülheim")
        publish_in_admin(self, self.moderator, self.event, agency=other.pk)
        response, _ = self.assert_full_build(query)
        self.assertNotIn(b"Deutsch-Caf", response.content)

    def test_an_expired_event_goes_when_its_time_comes(self):
        expiry = timezone.now() + dt.timedelta(hours=1)
        with self.captureOnCommitCallbacks(execute=True):
            EventPageFactory(parent=self.site.event_index, title="Läuft ab", expire_at=expiry)
        before, _ = self.assert_full_build()
        self.assertIn(b"SUMMARY:L\xc3\xa4uft ab", before.content)
        later = expiry + dt.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            response, _ = self.assert_full_build()
        self.assertNotIn(b"L\xc3\xa4uft ab", response.content)

    def test_a_view_restriction_reads_the_feed_whole(self):
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(page=self.event, restriction_type="login")
        response, _ = self.assert_full_build()
        self.assertNotIn(b"Deutsch-Caf", response.content)

    def test_a_log_that_cannot_say_reads_the_feed_whole(self):
        self.publish_title("Deutsch-Café gekürzt")
        FeedPartsChange.objects.all().delete()  # pruned
        response, _ = self.assert_full_build()
        self.assertIn(b"gek\xc3\xbcrzt", response.content)

    def test_a_generation_number_seen_again_is_another_history(self):
        # A database restored from a backup (or a test rolled back) counts
        # the same numbers again: the token tells them apart.
        self.publish_title("Deutsch-Café eins")
        self.get()
        FeedPartsGeneration.objects.update(token="restored")
        FeedPartsChange.objects.update(token="restored")
        self.event.refresh_from_db()
        response, _ = self.assert_full_build()
        self.assertIn(b"eins", response.content)

    def test_another_process_patches_from_the_caches_copy(self):
        self.publish_title("Deutsch-Café zwei")
        self.get()
        feed_assembly.last_bodies.__init__()  # another worker
        self.publish_title("Deutsch-Café drei")
        response, reads = self.assert_full_build()
        self.assertIn(b"drei", response.content)
        self.assertEqual(len(reads), 1)


class FeedStoredOnceTests(FeedInPageCacheTestCase):
    """The page cache stores a feed's response without the body the feed
    keeps by its ETag already, and serves it whole from there; a body gone
    from the cache makes a miss, never an empty answer."""

    def test_a_hit_serves_the_whole_body_and_an_evicted_one_renders(self):
        feed_assembly.last_bodies.__init__()
        first, _ = self.get()
        first, _ = self.get()  # stored by the second (the first stored parts)
        stored = [value for value in page_cache()._cache.values() if b"feed-body" in value]
        self.assertTrue(stored)  # the entry names the body's key
        hot_copies.__init__()  # another worker: no copy of its own
        hit, _ = self.get()
        self.assertEqual((hit["X-Cache"], hit.content), ("HIT", first.content))
        hot_copies.__init__()
        page_cache().delete(f"{BODY_KEY}:{first['ETag'].strip(chr(34))}")
        feed_assembly.last_bodies.__init__()
        again, _ = self.get()
        self.assertEqual((again["X-Cache"], again.content), ("MISS", first.content))


class LogPruneTests(FeedInPageCacheTestCase):
    def test_the_nightly_run_keeps_two_days_of_the_log(self):
        self.get()  # a write of parts: a logged generation
        recent = FeedPartsChange.objects.count()
        old = FeedPartsChange.objects.create(generation=-1, token="old", event_ids=[1])
        FeedPartsChange.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - dt.timedelta(days=3)
        )
        call_command("store_occurrences", stdout=StringIO())
        self.assertFalse(FeedPartsChange.objects.filter(pk=old.pk).exists())
        self.assertGreaterEqual(FeedPartsChange.objects.count(), recent)
