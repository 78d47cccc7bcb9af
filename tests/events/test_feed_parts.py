"""Feeds from stored parts (issue 19): each event's VEVENTs are rendered when
the event or what it shows changes and stored; a feed is its header, its
time zone and the stored parts of its events. The bytes are those of the
full build (events.ical.build_calendar) for the same content, in German and
Russian and with every filter; a change re-renders only the parts that show
it; a conditional GET is answered from the parts' versions."""

import datetime as dt
from io import StringIO

from icalendar import Calendar
from recurrence import deserialize

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from wagtail.models import PageViewRestriction, WorkflowState

from events.factories import EventPageFactory
from events.feed_assembly import BODY_KEY, FeedParts
from events.feed_parts import store_all_parts
from events.forms import CalendarFilterForm
from events.ical import FEED_DESCRIPTION, build_calendar, clean_ical
from events.models import EventDateChange, EventIndexPage, EventPage, StoredFeedPart
from events.occurrences import live_events
from events.vevents import UID_FORMAT
from events.views.calendar import feed_name
from home.models import AgencyPage, FocusAreaPage
from projects.models import ProjectPage
from site_core.cache import invalidate
from site_core.cache.state import page_cache
from site_core.factories import ContactPersonFactory, LocationFactory
from site_core.roles import EDITORS, MODERATORS, setup_roles
from site_core.translation import translate_object
from tests.admin_forms import form_data, publish_in_admin
from tests.utils import build_site, russian, translate_site

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def full_build(page, query):
    """The feed of ``page`` as build_calendar writes it from every event,
    for a request to the Site's host (what the feeds served before parts)."""
    request = RequestFactory().get(f"{page.url}feed.ics", query)
    with translation.override(page.locale.language_code):
        if isinstance(page, EventIndexPage):
            form = CalendarFilterForm(query, locale=page.locale)
            assert form.is_valid(), form.errors
            events = live_events(locale=page.locale, **form.filters())
            name = feed_name(page, form)
            description = page.introduction or gettext(FEED_DESCRIPTION)
        else:
            events = EventPage.objects.live_in(page.locale).for_listings().filter(pk=page.pk)
            name, description = page.title, page.introduction
        cal = build_calendar(
            list(events.for_feed()),
            name=name,
            description=description,
            url=page.get_full_url(request),
            request=request,
            locale=page.locale,
        )
    return clean_ical(cal.to_ical())


def variants(locale):
    """The unfiltered feed, each filter on its own, and two combined."""
    queries = [{}]
    for param, model in (("agentur", AgencyPage), ("schwerpunkt", FocusAreaPage)):
        queries += [{param: p.slug} for p in model.objects.live().filter(locale=locale)]
    queries += [{"projekt": p.slug} for p in ProjectPage.objects.live().filter(locale=locale)]
    for language in ("de", "ru"):
        queries.append({"sprache": language})
        agency = AgencyPage.objects.live().filter(locale=locale).first()
        if agency:
            queries.append({"agentur": agency.slug, "sprache": language})
    return queries


def rendered():
    """When each stored part was last rendered, by event."""
    return dict(StoredFeedPart.objects.values_list("event_id", "rendered_at"))


def user_in(group_name):
    user = get_user_model().objects.create_user(group_name.lower(), password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


class SameBytesMixin:
    def assert_every_feed_is_the_full_build(self):
        pages = [
            *EventIndexPage.objects.live().select_related("locale"),
            *EventPage.objects.live().public().select_related("locale"),
        ]
        for page in pages:
            queries = variants(page.locale) if isinstance(page, EventIndexPage) else [{}]
            for query in queries:
                with self.subTest(page=page.url, query=query):
                    # The first request stores the parts, the second reads them.
                    first = self.client.get(f"{page.url}feed.ics", query)
                    second = self.client.get(f"{page.url}feed.ics", query)
                    self.assertEqual(second.status_code, 200)
                    expected = full_build(page, query)
                    self.assertEqual(first.content, expected)
                    self.assertEqual(second.content, expected)
        live = EventPage.objects.live().count()
        self.assertEqual(StoredFeedPart.objects.count(), live)


@override_settings(PAGE_CACHE_TIMEOUT=0)
class DemoContentBytesTests(SameBytesMixin, TestCase):
    def test_demo_feeds_are_the_full_build_in_both_languages(self):
        call_command("load_demo_content", stdout=StringIO())
        self.assertTrue(EventPage.objects.filter(locale__language_code="ru").live().exists())
        self.assert_every_feed_is_the_full_build()


@override_settings(PAGE_CACHE_TIMEOUT=0)
class GeneratedSeriesBytesTests(SameBytesMixin, TestCase):
    """A few hundred series of every kind the editor can make."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        today = timezone.localdate()
        places = [LocationFactory(name=f"Raum {n}") for n in range(3)]
        contact = ContactPersonFactory(name="Anna Beispiel")
        for n in range(240):
            start = today - dt.timedelta(days=n * 11 % 200)
            rule = f"RRULE:FREQ={'WEEKLY' if n % 3 else 'MONTHLY'};BYDAY={WEEKDAYS[n % 7]}"
            if n % 5 == 0:
                rule += ";INTERVAL=2"
            if n % 4 == 1:
                rule += f";UNTIL={today + dt.timedelta(days=300):%Y%m%d}T215959Z"
            event = EventPageFactory(
                parent=cls.site.event_index,
                title=f"Gruppe {n}\x0b",  # a control character the feed cleans
                start_date=start,
                start_time=dt.time(9 + n % 12),
                end_time=dt.time(10 + n % 12),
                recurrence=deserialize(rule),
                location=places[n % 3] if n % 2 else None,
                contact_person=contact if n % 6 == 0 else None,
                agency=cls.site.agency if n % 4 < 2 else None,
                focus_areas=[cls.site.focus_area] if n % 3 == 0 else [],
                skip_public_holidays=n % 4 == 0,
                event_language="ru" if n % 5 == 1 else "de",
            )
            if n % 7 == 0:
                first = event.start_date + dt.timedelta(weeks=4)
                EventDateChange.objects.create(
                    page=event, date=first, action="cancel", reason="Krankheit"
                )
            if n < 8:  # some in Russian as well
                translate_object(event, cls.site.ru, russian)

    def test_generated_feeds_are_the_full_build_in_both_languages(self):
        self.assert_every_feed_is_the_full_build()

    def test_parts_are_stored_clean_so_a_feed_is_a_plain_join(self):
        self.client.get(f"{self.site.event_index.url}feed.ics")
        bodies = [bytes(body) for body in StoredFeedPart.objects.values_list("body", flat=True)]
        self.assertEqual(len(bodies), EventPage.objects.live().filter(locale=self.site.de).count())
        self.assertEqual([body for body in bodies if clean_ical(body) != body], [])
        self.assertTrue(any(b"SUMMARY:Gruppe 1 \r\n" in body for body in bodies))

    def test_the_nightly_run_keeps_versions_whose_bytes_stay(self):
        ru_index = self.site.event_index.get_translation(self.site.ru)
        for index in (self.site.event_index, ru_index):
            self.client.get(f"{index.url}feed.ics")
        before = dict(StoredFeedPart.objects.values_list("event_id", "version"))
        events, changed = store_all_parts()
        self.assertEqual((events, changed), (len(before), 0))
        after = dict(StoredFeedPart.objects.values_list("event_id", "version"))
        self.assertEqual(before, after)


@override_settings(PAGE_CACHE_TIMEOUT=0)
class ChangeRerendersOnlyItsPartsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.place = LocationFactory(name="Bibliothek")
        cls.elsewhere = LocationFactory(name="Gemeindezentrum")
        event = cls.site.event
        event.location = cls.place
        event.recurrence = deserialize("RRULE:FREQ=WEEKLY")
        event.save_revision().publish()
        cls.same_place = EventPageFactory(parent=cls.site.event_index, location=cls.place)
        cls.other = EventPageFactory(parent=cls.site.event_index, location=cls.elsewhere)
        translate_object(cls.place, cls.site.ru, russian)
        translate_site(cls.site)
        setup_roles()
        cls.editor, cls.moderator = user_in(EDITORS), user_in(MODERATORS)

    def setUp(self):
        self.de = EventPage.objects.get(pk=self.site.event.pk)
        self.ru = self.de.get_translation(self.site.ru)
        self.ru_index = self.site.event_index.get_translation(self.site.ru)
        self.feeds = [f"{self.site.event_index.url}feed.ics", f"{self.ru_index.url}feed.ics"]
        for url in self.feeds:  # stores every part
            self.client.get(url)

    def test_the_editors_change_rerenders_that_event_in_both_languages(self):
        before = rendered()
        self.assertEqual(set(before), {self.de.pk, self.ru.pk, self.same_place.pk, self.other.pk})
        # The editor moves the event to 19:00 and submits; a moderator approves.
        self.client.force_login(self.editor)
        url = f"/admin/pages/{self.de.pk}/edit/"
        data = form_data(self.client.get(url))
        data.update({"body-count": "0", "action-submit": "action-submit"})
        data.update({"start_time": "19:00", "end_time": "20:30"})
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(rendered(), before)  # a draft changes no feed
        state = WorkflowState.objects.get(
            object_id=str(self.de.pk), status=WorkflowState.STATUS_IN_PROGRESS
        )
        self.client.force_login(self.moderator)
        approve = (
            f"/admin/pages/workflow/action/{self.de.pk}/approve/{state.current_task_state.pk}/"
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.post(approve, {"comment": ""}).status_code, 302)
        self.client.logout()

        after = rendered()
        changed = {pk for pk in after if after[pk] != before.get(pk)}
        self.assertEqual(changed, {self.de.pk, self.ru.pk})
        uid = UID_FORMAT.format(key=self.de.translation_key)  # the same in both languages
        for url in self.feeds:
            with self.subTest(url):
                cal = Calendar.from_ical(self.client.get(url).content)
                [vevent] = [e for e in cal.walk("VEVENT") if str(e["UID"]) == uid]
                self.assertEqual(vevent["DTSTART"].dt.time(), dt.time(19))
                self.assertEqual(vevent["DTEND"].dt.time(), dt.time(20, 30))
        self.assertEqual(rendered(), after)  # served from the stored parts

    def test_a_place_edit_rerenders_only_the_events_there(self):
        before = rendered()
        self.client.force_login(self.editor)
        url = f"/admin/snippets/site_core/location/edit/{self.place.pk}/"
        data = form_data(self.client.get(url), form_id="w-editor-form")
        data["name"] = "Stadtbibliothek"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        after = rendered()
        changed = {pk for pk in after if after[pk] != before.get(pk)}
        self.assertEqual(changed, {self.de.pk, self.same_place.pk})
        body = self.client.get(self.feeds[0]).content.decode()
        self.assertEqual(body.count("LOCATION:Stadtbibliothek"), 2)

    def test_conditional_get_is_answered_from_the_versions(self):
        response = self.client.get(self.feeds[0])
        with CaptureQueriesContext(connection) as queries:
            again = self.client.get(self.feeds[0], HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual(again.status_code, 304)
        # No part's bytes are read.
        self.assertFalse([q for q in queries if '"events_storedfeedpart"."body"' in q["sql"]])
        self.de.title = "Deutsch-Café am Abend"
        self.de.save_revision().publish()
        changed = self.client.get(self.feeds[0], HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], response["ETag"])
        self.assertIn(b"SUMMARY:Deutsch-Caf\xc3\xa9 am Abend", changed.content)

    def test_a_304_reads_the_parts_in_one_query_and_a_full_answer_in_two(self):
        etag = self.client.get(self.feeds[0])["ETag"]
        for headers, status, expected in (({"HTTP_IF_NONE_MATCH": etag}, 304, 1), ({}, 200, 2)):
            with self.subTest(status), CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.feeds[0], **headers)
            self.assertEqual(response.status_code, status)
            parts = [q["sql"] for q in queries if '"events_storedfeedpart"' in q["sql"]]
            self.assertEqual(len(parts), expected, parts)

    def test_a_part_no_longer_matching_its_event_row_is_rendered_again_once(self):
        # A row changed behind the signals' back (a shell update): the feed
        # sees it in its one query and renders that part, and only that one.
        self.assertIsNotNone(self.de.live_revision_id)
        EventPage.objects.filter(pk=self.de.pk).update(live_revision=None)
        before = rendered()
        self.client.get(self.feeds[0])
        after = rendered()
        self.assertEqual({pk for pk in after if after[pk] != before[pk]}, {self.de.pk})
        self.assertIsNone(StoredFeedPart.objects.get(event=self.de).revision_id)
        # Both NULL is a match, as in Python: no render on every request.
        self.client.get(self.feeds[0])
        self.assertEqual(rendered(), after)


@override_settings(PAGE_CACHE_TIMEOUT=0)
class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.url = f"{cls.site.event_index.url}feed.ics"

    def queries(self, events, **headers):
        index = EventIndexPage.objects.get(pk=self.site.event_index.pk)
        for n in range(EventPage.objects.count(), events):
            EventPageFactory(
                parent=index,
                title=f"Gruppe {n}",
                location=LocationFactory() if n % 3 == 0 else None,
                **({"recurrence": deserialize("RRULE:FREQ=WEEKLY")} if n % 2 else {}),
            )
        self.client.get(self.url)  # stores the parts
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url, **headers)
        if response.status_code == 200:
            self.assertGreaterEqual(response.content.count(b"BEGIN:VEVENT"), events)
        self.sql_size = sum(len(query["sql"]) for query in queries)
        return len(queries)

    def test_the_main_feed_costs_the_same_at_20_and_200_events(self):
        at_20 = self.queries(20)
        etag = self.client.get(self.url)["ETag"]
        not_modified_at_20 = self.queries(20, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(self.queries(200), at_20)
        etag = self.client.get(self.url)["ETag"]
        self.assertEqual(self.queries(200, HTTP_IF_NONE_MATCH=etag), not_modified_at_20)
        self.assertLess(not_modified_at_20, at_20)

    def test_the_main_feeds_queries_name_no_events(self):
        # The parts are joined to the feed's query of events, not looked up
        # by lists of ids: the SQL stays the same size at any number of events.
        self.queries(20)
        at_20 = self.sql_size
        self.queries(200)
        self.assertEqual(self.sql_size, at_20)


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class FeedInPageCacheTestCase(TestCase):
    """The main feed with the page cache on; ``get()`` counts the queries
    that read what ``READS`` names. Events are changed as a moderator of
    the real group publishes them in the admin."""

    READS = '"events_storedfeedpart"'

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.url = f"{cls.site.event_index.url}feed.ics"
        setup_roles()
        cls.moderator = get_user_model().objects.create_user("moderation")
        cls.moderator.groups.add(Group.objects.get(name=MODERATORS))

    def setUp(self):
        page_cache().clear()
        self.event = EventPage.objects.get(pk=self.site.event.pk)

    def get(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response, len([q for q in queries if self.READS in q["sql"]])

    def publish_title(self, title):
        publish_in_admin(self, self.moderator, self.event, title=title)


class BodyByETagTests(FeedInPageCacheTestCase):
    """A feed's body is kept in the page cache by its ETag: a miss for an
    ETag served before reads no part's bytes; a new ETag reads them once."""

    READS = '"events_storedfeedpart"."body"'

    def test_a_miss_for_a_known_etag_reads_no_part_and_a_publish_reads_them_once(self):
        first, read = self.get()
        self.assertEqual(read, 1)
        invalidate(None)  # every cached response goes (a menu change)
        again, read = self.get()
        self.assertEqual((again["X-Cache"], read), ("MISS", 0))
        self.assertEqual((again.content, again["ETag"]), (first.content, first["ETag"]))
        self.publish_title("Deutsch-Café am Abend")
        changed, read = self.get()
        self.assertEqual(read, 1)
        self.assertNotEqual(changed["ETag"], first["ETag"])
        self.assertIn(b"SUMMARY:Deutsch-Caf\xc3\xa9 am Abend", changed.content)

    def test_a_part_changed_while_the_feed_is_read_gives_the_newer_etag(self):
        events = live_events(locale=self.event.locale)
        parts = FeedParts.of(events, b"HEADER\r\n")
        before = parts.etag
        self.publish_title("Deutsch-Café neu")  # between the versions and the bytes
        body = parts.body()
        self.assertIn(b"SUMMARY:Deutsch-Caf\xc3\xa9 neu", body)
        self.assertNotEqual(parts.etag, before)
        self.assertEqual(parts.etag, FeedParts.of(events, b"HEADER\r\n").etag)
        # Kept under the ETag of its bytes, never under the one read first.
        self.assertEqual(page_cache().get(f"{BODY_KEY}:{parts.etag}"), body)
        self.assertIsNone(page_cache().get(f"{BODY_KEY}:{before}"))


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class FeedByAddressTests(FeedInPageCacheTestCase):
    """While no part changed and nothing public was logged, a feed's address
    gives its ETag from one row (no query of the parts); after a publish its
    new body takes the parts that stayed from its last body, and is still
    the full build's bytes."""

    def test_a_miss_for_a_known_address_reads_no_part(self):
        self.get()  # stores the parts: a new generation
        invalidate(None)
        first, _ = self.get()
        invalidate(None)  # every cached response goes (a menu change)
        again, read = self.get()
        self.assertEqual((again["X-Cache"], read), ("MISS", 0))
        self.assertEqual((again.content, again["ETag"]), (first.content, first["ETag"]))

    def test_after_a_publish_the_new_body_is_the_full_build(self):
        self.get()
        self.publish_title("Deutsch-Café am Morgen")
        changed, _ = self.get()
        self.assertIn(b"SUMMARY:Deutsch-Caf\xc3\xa9 am Morgen", changed.content)
        self.assertEqual(changed.content, full_build(self.site.event_index, {}))
        page_cache().clear()  # assembled from the stored parts alone
        self.assertEqual(self.get()[0].content, changed.content)

    def test_a_view_restriction_takes_its_event_out_at_once(self):
        # No part changes: the restriction's log entry (the feeds'
        # Last-Modified) makes the address's ETag unknown.
        self.get()  # stores the parts: a new generation
        invalidate(None)
        first, _ = self.get()
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(page=self.event, restriction_type="login")
        restricted, _ = self.get()

        self.assertNotEqual(restricted["ETag"], first["ETag"])
        self.assertEqual(restricted.content, full_build(self.site.event_index, {}))
        self.assertLess(
            restricted.content.count(b"BEGIN:VEVENT"), first.content.count(b"BEGIN:VEVENT")
        )
