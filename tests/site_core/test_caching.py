"""The page cache: anonymous visitors get cached pages and feeds, and every
change shows at once, in both languages, where it shows at all.

The site's changes run their invalidation after commit, so every change here
runs inside ``captureOnCommitCallbacks(execute=True)``, as a real commit
would. test_caching_redis.py runs these tests again against a real Redis.
"""

import datetime as dt
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Page, PageViewRestriction, Site

from events.models import EventDateChange, EventPage
from events.store import store_all
from home.factories import ContactFormPageFactory
from home.models import AgencyContactPerson, AgencyPage
from site_core.cache import HEADER, cache_timeout
from site_core.factories import ContactPersonFactory, LocationFactory, StandardPageFactory
from site_core.models import Location, SiteSettings
from site_core.translation import translate_object
from tests.utils import build_site, russian, translate_site

NEW_TITLE = "Deutsch-Café am Abend"


class RecordingBackend(BaseBackend):
    """A frontend cache (CDN, caching proxy) that notes what it is told to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.site = build_site()
            translate_site(cls.site)
            cls.location = LocationFactory(name="Gemeindezentrum")
        # The Russian place exists now (a translation task of the German one).
        with cls.captureOnCommitCallbacks(execute=True):
            event = cls.site.event
            event.location = cls.location
            event.save_revision().publish()
        # The calendar lists read stored dates, as in production (events.store):
        # every change below must reach them too.
        store_all()
        site = cls.site
        cls.event_ru = site.event.get_translation(site.ru)
        cls.month = f"monat/?monat={site.event.start_date:%Y-%m}"
        de_index, ru_index = site.event_index, site.event_index.get_translation(site.ru)
        # What shows the event, in each language.
        cls.showing_event = {
            "de": [
                site.event.url,
                site.event.url + "feed.ics",
                de_index.url,
                de_index.url + cls.month,
                de_index.url + "feed.ics",
                de_index.url + "?agentur=oh",
                site.home.url,
                site.agency.url,
                site.focus_area.url,
            ],
            "ru": [
                cls.event_ru.url,
                ru_index.url,
                ru_index.url + cls.month,
                ru_index.url + "feed.ics",
                site.home.get_translation(site.ru).url,
            ],
        }
        cls.unrelated = [site.standard.url, site.standard.get_translation(site.ru).url]

    def setUp(self):
        caches["pages"].clear()

    # Helpers

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def warm(self, *urls):
        """Visit ``urls`` until each is served from the cache."""
        for url in urls:
            self.assertEqual(self.get(url).headers.get(HEADER), "MISS", url)
            self.assertEqual(self.get(url).headers.get(HEADER), "HIT", url)

    def assertFresh(self, url, *texts, status=200):
        """``url`` is rendered anew and shows ``texts``."""
        response = self.get(url)
        self.assertNotEqual(response.headers.get(HEADER), "HIT", url)
        self.assertEqual(response.status_code, status, url)
        for text in texts:
            self.assertContains(response, text, msg_prefix=url)
        return response

    def assertCached(self, url):
        self.assertEqual(self.get(url).headers.get(HEADER), "HIT", url)

    def assertNeverCached(self, url, client=None):
        client = client or self.client
        for _ in range(2):
            response = client.get(url)
            self.assertIsNone(response.headers.get(HEADER), url)
        return response

    def publish(self, page, change):
        """Publish a new revision of ``page`` made by ``change(page)``."""
        page = page.get_latest_revision_as_object()
        change(page)
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

    # Serving

    def test_second_anonymous_request_is_served_from_the_cache_without_a_query(self):
        url = self.site.event.url
        first = self.get(url)
        self.assertEqual(first.headers[HEADER], "MISS")
        with self.assertNumQueries(0):
            second = self.get(url)
            head = self.client.head(url)
        self.assertEqual(second.headers[HEADER], "HIT")
        self.assertEqual(second.content, first.content)
        self.assertEqual(second["Content-Language"], "de")
        self.assertIn("Content-Security-Policy", second)
        self.assertEqual((head.status_code, head.headers[HEADER]), (200, "HIT"))

    def test_language_and_query_string_each_have_their_own_entry(self):
        index = self.site.event_index
        ru_index = index.get_translation(self.site.ru)
        self.warm(index.url, ru_index.url, index.url + "?agentur=oh")
        # Another filter, another entry ("?agentur=mh" names no agency here:
        # an unknown filter is not stored at all, tests/reliability/test_cache_flood.py).
        other_filter = f"?schwerpunkt={self.site.focus_area.slug}"
        self.assertEqual(self.get(index.url + other_filter).headers[HEADER], "MISS")
        self.assertContains(self.get(ru_index.url), russian("Deutsch-Café"))

    def test_errors_search_and_the_admin_are_not_cached(self):
        self.assertEqual(self.assertNeverCached("/de/gibt-es-nicht/").status_code, 404)
        self.assertEqual(self.assertNeverCached("/de/suche/?q=Caf%C3%A9").status_code, 200)
        self.assertEqual(self.assertNeverCached("/admin/login/").status_code, 200)

    def test_cached_feed_answers_conditional_requests_with_304(self):
        url = self.site.event_index.url + "feed.ics"
        # A feed reader's conditional request on an empty cache fills it.
        first = self.get(url, headers={"If-None-Match": '"stale"'})
        self.assertEqual((first.status_code, first.headers[HEADER]), (200, "MISS"))
        etag, last_modified = first["ETag"], first["Last-Modified"]
        with self.assertNumQueries(0):
            by_etag = self.get(url, headers={"If-None-Match": etag})
            by_date = self.get(url, headers={"If-Modified-Since": last_modified})
            full = self.get(url)
        self.assertEqual(by_etag.status_code, 304)
        self.assertEqual(by_etag["ETag"], etag)
        self.assertEqual(by_date.status_code, 304)
        self.assertEqual((full.status_code, full.headers[HEADER]), (200, "HIT"))
        self.assertEqual(full.content, first.content)
        # A cold conditional request that matches is a 304 too, and fills the cache.
        caches["pages"].clear()
        self.assertEqual(self.get(url, headers={"If-None-Match": etag}).status_code, 304)
        self.assertCached(url)

    def test_entries_end_at_local_midnight_and_after_an_hour_at_most(self):
        for time, seconds in [(dt.time(12), 3600), (dt.time(23, 59, 30), 30)]:
            now = timezone.make_aware(dt.datetime.combine(dt.date(2027, 3, 1), time))
            with mock.patch("django.utils.timezone.now", return_value=now):
                self.assertEqual(cache_timeout(), seconds)

    # Never from the cache

    def test_logged_in_users_neither_get_nor_fill_the_cache(self):
        url = self.site.event.url
        self.warm(url)
        editor = get_user_model().objects.create_superuser("editor", password="x")
        self.client.force_login(editor)
        response = self.assertNeverCached(url)
        self.assertContains(response, "userbar")
        self.client.logout()
        response = self.get(url)
        self.assertEqual(response.headers[HEADER], "HIT")
        self.assertNotContains(response, "userbar")

    def test_previews_and_drafts_are_never_served_or_stored(self):
        url = self.site.event.url
        self.warm(url)
        event = self.site.event.get_latest_revision_as_object()
        event.title = "Entwurf: Deutsch-Café neu"
        event.save_revision()
        editor = get_user_model().objects.create_superuser("editor", password="x")
        self.client.force_login(editor)
        draft = self.client.get(f"/admin/pages/{event.pk}/view_draft/")
        self.assertContains(draft, "Entwurf: Deutsch-Café neu")
        self.client.logout()
        response = self.get(url)
        self.assertEqual(response.headers[HEADER], "HIT")
        self.assertNotContains(response, "Entwurf")
        # Wagtail's preview renders through the middleware with a made-up request.
        preview = event.make_preview_request()
        self.assertContains(preview, "Entwurf: Deutsch-Café neu")
        self.assertIsNone(preview.headers.get(HEADER))
        self.assertNotContains(self.get(url), "Entwurf")

    def test_private_pages_are_never_cached_and_a_new_restriction_applies_at_once(self):
        page = self.site.standard
        self.warm(page.url)
        with self.captureOnCommitCallbacks(execute=True):
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
            )
        response = self.assertNeverCached(page.url)
        self.assertContains(response, 'name="password"')
        self.assertNotContains(response, "Eine Inhaltsseite.")
        # Not only for its cookie: the page cache's hook runs after Wagtail's
        # restriction check, so a restricted page is never a candidate.
        self.assertFalse(hasattr(response.wsgi_request, "page_cache_dependency"))
        with self.captureOnCommitCallbacks(execute=True):
            restriction.restriction_type = PageViewRestriction.LOGIN
            restriction.save()
        self.assertEqual(self.assertNeverCached(page.url).status_code, 302)

    def test_pages_that_set_cookies_are_never_cached(self):
        with self.captureOnCommitCallbacks(execute=True):
            form = ContactFormPageFactory(parent=self.site.agency, slug="kontakt")
        response = self.assertNeverCached(form.url)
        self.assertIn("csrftoken", response.cookies)
        # Neither for a visitor who has the cookie already.
        self.assertIn("csrftoken", self.client.cookies)
        self.assertNeverCached(form.url)

    # Invalidation

    def test_publishing_a_changed_event_shows_at_once_in_both_languages(self):
        self.warm(*self.showing_event["de"], *self.showing_event["ru"], *self.unrelated)
        day = self.site.event.start_date

        def change(page):
            page.title = NEW_TITLE
            page.date_changes = [EventDateChange(date=day, action="cancel", reason="Krankheit")]

        self.publish(EventPage.objects.get(pk=self.site.event.pk), change)

        for url in self.showing_event["de"]:
            if url.endswith("feed.ics"):
                self.assertFresh(url, f"SUMMARY:{NEW_TITLE}", "STATUS:CANCELLED")
            else:
                self.assertFresh(url, NEW_TITLE, "abgesagt")
        # The Russian text stays the translators' (events.sync), the date is cancelled.
        for url in self.showing_event["ru"]:
            if url.endswith("feed.ics"):
                self.assertFresh(url, "STATUS:CANCELLED")
            else:
                self.assertFresh(url, russian("Deutsch-Café"), "отменено")
        # Exactly what is stale: pages that do not show the event stay cached.
        for url in self.unrelated:
            self.assertCached(url)

    def test_unpublishing_an_event_removes_it_at_once(self):
        urls = self.showing_event["de"]
        self.warm(*urls, self.event_ru.url, *self.unrelated)
        with self.captureOnCommitCallbacks(execute=True):
            EventPage.objects.get(pk=self.site.event.pk).unpublish()
        self.assertFresh(self.site.event.url, status=404)
        for url in [self.site.event_index.url, self.site.home.url, self.site.agency.url]:
            self.assertNotContains(self.assertFresh(url), "Deutsch-Café")
        # Its Russian translation went offline with it (site_core.page_unpublishing).
        self.assertFresh(self.event_ru.url, status=404)
        for url in self.unrelated:
            self.assertCached(url)

    def test_deleting_an_event_removes_it_at_once(self):
        self.warm(*self.showing_event["de"], *self.unrelated)
        with self.captureOnCommitCallbacks(execute=True):
            Page.objects.get(pk=self.site.event.pk).delete()
        self.assertFresh(self.site.event.url, status=404)
        self.assertFresh(self.site.event.url + "feed.ics", status=404)
        for url in [self.site.event_index.url, self.site.home.url, self.site.focus_area.url]:
            self.assertNotContains(self.assertFresh(url), "Deutsch-Café")
        self.assertNotContains(
            self.assertFresh(self.site.event_index.url + "feed.ics"), "Deutsch-Café"
        )
        for url in self.unrelated:
            self.assertCached(url)

    def test_moving_a_page_changes_its_address_at_once(self):
        page = self.site.standard
        old_url = page.url
        self.warm(old_url, self.site.agency.url, self.site.event.url)
        with self.captureOnCommitCallbacks(execute=True):
            Page.objects.get(pk=page.pk).move(self.site.agency, pos="last-child")
        page.refresh_from_db()
        self.assertNotEqual(page.url, old_url)
        # Wagtail's automatic redirect, not the cached page.
        self.assertRedirects(self.get(old_url), page.url, status_code=301)
        self.assertContains(self.get(page.url), page.title)
        self.assertFresh(self.site.agency.url)  # its new parent
        self.assertCached(self.site.event.url)

    def test_publishing_a_translation_shows_in_russian_at_once(self):
        ru = self.event_ru
        ru_index = ru.get_parent()
        self.warm(ru.url, ru_index.url, ru_index.url + self.month, self.site.event.url)
        self.warm(*self.unrelated)
        with self.captureOnCommitCallbacks(execute=True):
            translate_object(
                EventPage.objects.get(pk=self.site.event.pk),
                self.site.ru,
                lambda text: "Немецкое кафе" if text == "Deutsch-Café" else russian(text),
            )
        for url in [ru.url, ru_index.url, ru_index.url + self.month]:
            self.assertFresh(url, "Немецкое кафе")
        self.assertFresh(self.site.event.url)  # its language switcher
        for url in self.unrelated:
            self.assertCached(url)

    def test_alias_of_an_untranslated_page_follows_its_german_source(self):
        with self.captureOnCommitCallbacks(execute=True):
            page = StandardPageFactory(parent=self.site.home, title="Angebote", slug="angebote")
            alias = page.copy_for_translation(self.site.ru, copy_parents=True, alias=True)
        self.warm(page.url, alias.url, *self.unrelated)

        def change(page):
            page.introduction = "Neue Angebote ab Mai."

        self.publish(page, change)
        self.assertFresh(page.url, "Neue Angebote ab Mai.")
        self.assertFresh(alias.url, "Neue Angebote ab Mai.")
        for url in self.unrelated:
            self.assertCached(url)

    def test_renaming_a_place_shows_on_the_event_page_at_once(self):
        urls = [self.site.event.url, self.site.event_index.url, self.site.event.url + "feed.ics"]
        self.warm(*urls, *self.unrelated)
        with self.captureOnCommitCallbacks(execute=True):
            location = Location.objects.get(pk=self.location.pk)
            location.name = "Neues Gemeindezentrum"
            location.save()
        for url in urls:
            self.assertFresh(url, "Neues Gemeindezentrum")
        for url in self.unrelated:
            self.assertCached(url)

    def test_translated_contact_person_shows_on_the_russian_agency_page_at_once(self):
        with self.captureOnCommitCallbacks(execute=True):
            person = ContactPersonFactory(name="Anna Schmidt")
        with self.captureOnCommitCallbacks(execute=True):
            agency = AgencyPage.objects.get(pk=self.site.agency.pk)
            agency.contact_links = [AgencyContactPerson(contact_person=person)]
            agency.save_revision().publish()
            translate_object(agency, self.site.ru, russian)
        ru_agency = agency.get_translation(self.site.ru)
        self.warm(agency.url, ru_agency.url, *self.unrelated)
        with self.captureOnCommitCallbacks(execute=True):
            ru_person = person.get_translation(self.site.ru)
            ru_person.name = "Анна Шмидт"
            ru_person.save()
        self.assertFresh(ru_agency.url, "Анна Шмидт")
        self.assertFresh(agency.url, "Anna Schmidt")
        for url in self.unrelated:
            self.assertCached(url)

    def test_site_settings_shown_on_every_page_make_every_page_stale(self):
        self.warm(self.site.event.url, *self.unrelated)
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.phone = "0208 123456"
        with self.captureOnCommitCallbacks(execute=True):
            settings.save()
        for url in [self.site.event.url, *self.unrelated]:
            self.assertFresh(url)

    @override_settings(
        WAGTAILFRONTENDCACHE={"cdn": {"BACKEND": f"{__name__}.RecordingBackend"}},
        WAGTAILFRONTENDCACHE_LANGUAGES=[],
    )
    def test_publishing_purges_the_frontend_cache_old_address_included(self):
        RecordingBackend.purged.clear()
        old_url = self.site.event.full_url

        def rename(page):
            page.slug = "deutsch-cafe-am-abend"

        self.publish(EventPage.objects.get(pk=self.site.event.pk), rename)
        purged = set(RecordingBackend.purged)
        self.assertIn(old_url, purged)
        self.assertIn(old_url + "feed.ics", purged)
        self.assertIn(EventPage.objects.get(pk=self.site.event.pk).full_url, purged)
        de_index = self.site.event_index
        ru_index = de_index.get_translation(self.site.ru)
        for url in [
            self.event_ru.full_url,
            self.event_ru.full_url + "feed.ics/",
            self.event_ru.full_url + "feed.ics",
            de_index.full_url,
            de_index.full_url + "monat/",
            de_index.full_url + "archiv/",
            de_index.full_url + "rss/",
            ru_index.full_url + "feed.ics",
            self.site.home.full_url,
            self.site.agency.full_url,
        ]:
            self.assertIn(url, purged)
        self.assertNotIn(self.site.standard.full_url, purged)
