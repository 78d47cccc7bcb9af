"""A series changes from a date on: an editor changes the time, weekday or
place of a weekly event that already has dates, picking "Änderung gilt ab"
(typed as 15.01.2027), submits, a moderator approves. Past dates keep the
time and place they had, everywhere, in German and Russian; single-date
changes stay with their dates; one that lost its date is shown, not dropped.

Dates are relative to today: the series began eight Tuesdays ago."""

import datetime as dt
import json
import re

from recurrence import deserialize

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import WorkflowState
from wagtail.test.utils import WagtailTestUtils
from wagtail_localize.models import Translation

from events.factories import EventPageFactory
from events.models import EventDateChange, EventPage, EventPastSchedule
from events.occurrences import occurrences_between
from events.rules import describe
from events.schedule import (
    dropped_by_schedule_change,
    event_occurrences,
    occurrence_on_date,
    orphan_date_changes,
    schedule_segments,
)
from events.store import store_all
from site_core.factories import LocationFactory
from site_core.roles import EDITORS, MODERATORS, TRANSLATORS, setup_roles
from site_core.templatetags.site_dates import local_date
from site_core.translation import translate_object
from tests.admin_forms import form_data
from tests.utils import build_site, russian, translate_site

TODAY = timezone.localdate()
# The Tuesday of this week (today, if it is one), and the series' first date.
THIS_TUESDAY = TODAY - dt.timedelta(days=(TODAY.weekday() - 1) % 7)
START = THIS_TUESDAY - dt.timedelta(weeks=8)
# The change applies from the fourth Tuesday to come: dates before it, past
# and coming, keep the old time.
CHANGE_FROM = THIS_TUESDAY + dt.timedelta(weeks=4)
PAST_DATE = START + dt.timedelta(weeks=2)
COMING_OLD = THIS_TUESDAY + dt.timedelta(weeks=2)
COMING_NEW = CHANGE_FROM + dt.timedelta(weeks=1)


def german(date):
    return f"{date:%d.%m.%Y}"


def at(date, hour):
    """The HTML and JSON-LD form of a Berlin wall-clock time."""
    return (
        dt.datetime.combine(date, dt.time(hour), timezone.get_current_timezone())
        .isoformat()
        .replace("+00:00", "Z")
    )


def user_in(group_name):
    username = group_name.lower().replace("ü", "ue")
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@override_settings(PAGE_CACHE_TIMEOUT=0)
class SeriesChangeTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.old_place = LocationFactory(name="Bibliothek")
        cls.new_place = LocationFactory(name="Gemeindezentrum")
        event = cls.site.event
        event.start_date = START
        event.start_time, event.end_time = dt.time(18), dt.time(19, 30)
        event.recurrence = deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU")
        event.location = cls.old_place
        event.save_revision().publish()
        for place in (cls.old_place, cls.new_place):
            translate_object(place, cls.site.ru, russian)
        translate_site(cls.site)
        setup_roles()
        cls.editor = user_in(EDITORS)
        cls.moderator = user_in(MODERATORS)

    def setUp(self):
        caches["pages"].clear()
        self.de = EventPage.objects.get(pk=self.site.event.pk)
        self.ru = self.de.get_translation(self.site.ru)
        self.visitor = Client()

    # The people's steps

    def editor_submits(self, expect_redirect=True, **changes):
        self.client.force_login(self.editor)
        url = f"/admin/pages/{self.de.pk}/edit/"
        data = form_data(self.client.get(url))
        data.update({"body-count": "0", "action-submit": "action-submit", **changes})
        response = self.client.post(url, data, follow=expect_redirect)
        self.client.logout()
        return response

    def moderator_approves(self):
        state = WorkflowState.objects.get(
            base_content_type__model="page",
            object_id=str(self.de.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        self.client.force_login(self.moderator)
        url = f"/admin/pages/workflow/action/{self.de.pk}/approve/{state.current_task_state.pk}/"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"comment": ""})
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.de = EventPage.objects.get(pk=self.de.pk)
        self.ru = EventPage.objects.get(pk=self.ru.pk)

    def change_time_from_a_date(self):
        return self.editor_submits(
            start_time="19:00", end_time="20:30", change_from=german(CHANGE_FROM)
        )

    # What visitors see

    def archive_starts(self, index):
        html = self.visitor.get(index.url + "archiv/").content.decode()
        return set(re.findall(r'<time datetime="([^"]+T[^"]+)"', html))

    def json_ld_starts(self, page):
        html = self.visitor.get(page.url).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        items = [item for block in blocks for item in json.loads(block)]
        return {item["startDate"]: item.get("location", {}).get("name") for item in items}

    # The tests

    def test_a_time_change_keeps_the_past_in_both_languages(self):
        response = self.change_time_from_a_date()
        messages = [str(m) for m in response.context["messages"] if m.level_tag == "info"]
        self.assertEqual(len(messages), 1, messages)
        self.assertIn(
            f"Ab {german(CHANGE_FROM)} gilt der neue Zeitplan: jeden Dienstag, 19–20:30 Uhr "
            f"(Bibliothek) statt jeden Dienstag, 18–19:30 Uhr (Bibliothek). Frühere Termine "
            f"(bis {german(CHANGE_FROM - dt.timedelta(weeks=1))}) bleiben unverändert.",
            messages[0],
        )
        self.assertIn(f"{german(CHANGE_FROM)} 19:00", messages[0])
        # Not live before the moderator approves.
        self.assertIsNone(EventPage.objects.get(pk=self.de.pk).schedule_from)
        self.moderator_approves()

        self.assertEqual(self.de.schedule_from, CHANGE_FROM)
        self.assertEqual(
            [(s.first, s.last) for s in schedule_segments(self.de)],
            [(None, CHANGE_FROM - dt.timedelta(days=1)), (CHANGE_FROM, None)],
        )
        for page, index in ((self.de, self.site.event_index), (self.ru, self.ru_index)):
            with self.subTest(page.locale.language_code):
                # The archive: the past at the old time.
                self.assertIn(at(PAST_DATE, 18), self.archive_starts(index))
                self.assertNotIn(at(PAST_DATE, 19), self.archive_starts(index))
                # The event page: coming dates before the change at the old
                # time, those after it at the new.
                html = self.visitor.get(page.url).content.decode()
                self.assertIn(at(COMING_OLD, 18), html)
                self.assertIn(at(COMING_NEW, 19), html)
                self.assertNotIn(at(COMING_NEW, 18), html)
                starts = self.json_ld_starts(page)
                self.assertIn(at(COMING_OLD, 18), starts)
                self.assertIn(at(COMING_NEW, 19), starts)
                rss = self.visitor.get(index.url + "rss/").content.decode()
                with translation.override(page.locale.language_code):
                    old, new = (local_date(d, "weekday") for d in (COMING_OLD, COMING_NEW))
                self.assertIn(f"{old}, 18:00: ", rss)
                self.assertIn(f"{new}, 19:00: ", rss)
        # The stored rows say the same (rebuilt on publish and every night).
        store_all()
        self.assertIn(at(PAST_DATE, 18), self.archive_starts(self.site.event_index))
        self.assertIn(at(PAST_DATE, 18), self.archive_starts(self.ru_index))

    @property
    def ru_index(self):
        return self.site.event_index.get_translation(self.site.ru)

    def test_the_event_page_says_since_when_in_german_and_russian(self):
        self.change_time_from_a_date()
        self.moderator_approves()
        day = f"{CHANGE_FROM.day}."
        german_page = self.visitor.get(self.de.url).content.decode()
        self.assertIn(f"Ab {day}", german_page)
        self.assertIn("bis dahin: jeden Dienstag, 18–19:30 Uhr", german_page)
        russian_page = self.visitor.get(self.ru.url).content.decode()
        self.assertIn("до этого: каждый вторник", russian_page)

    def test_a_weekday_and_place_change_from_a_date(self):
        self.editor_submits(
            recurrence="RRULE:FREQ=WEEKLY;BYDAY=TH",
            location=str(self.new_place.pk),
            change_from=german(CHANGE_FROM),
        )
        self.moderator_approves()
        thursday = CHANGE_FROM + dt.timedelta(days=2)
        occurrences = event_occurrences(self.de, START, CHANGE_FROM + dt.timedelta(weeks=2))
        days = {(o.start_date, o.location.name) for o in occurrences}
        self.assertIn((PAST_DATE, "Bibliothek"), days)
        self.assertIn((COMING_OLD, "Bibliothek"), days)
        self.assertIn((thursday, "Gemeindezentrum"), days)
        self.assertNotIn(CHANGE_FROM, {o.start_date for o in occurrences})
        # The date pages' questions.
        self.assertEqual(occurrence_on_date(self.de, PAST_DATE).start.hour, 18)
        self.assertIsNone(occurrence_on_date(self.de, CHANGE_FROM))
        self.assertEqual(
            dropped_by_schedule_change(self.de, CHANGE_FROM), self.de.past_schedules.get()
        )
        self.assertIsNone(dropped_by_schedule_change(self.de, thursday))
        # The removed Tuesday's page stays and says so, in both languages;
        # adding it to a calendar is no longer offered.
        for page, text in [
            (self.de, "Zeitplan der Veranstaltung hat sich geändert"),
            (self.ru, "расписание мероприятия изменилось"),
        ]:
            url = f"{page.url}{CHANGE_FROM:%Y-%m-%d}/"
            response = self.client.get(url)
            self.assertContains(response, text)
            self.assertContains(response, f'href="{page.url}"')
            self.assertEqual(self.client.get(f"{url}termin.ics").status_code, 404)
        # A Tuesday the old schedule never reached is still no date at all.
        never = START - dt.timedelta(weeks=1)
        self.assertEqual(self.client.get(f"{self.de.url}{never:%Y-%m-%d}/").status_code, 404)
        # The Russian twin: the former schedule with its place translated.
        past = self.ru.past_schedules.get()
        self.assertEqual(past.location.name, russian("Bibliothek"))
        self.assertEqual(self.ru.location.name, russian("Gemeindezentrum"))
        self.assertEqual(self.ru.schedule_from, CHANGE_FROM)
        starts = self.json_ld_starts(self.ru)
        self.assertEqual(starts[at(COMING_OLD, 18)], russian("Bibliothek"))
        self.assertEqual(starts[at(thursday, 18)], russian("Gemeindezentrum"))

    def test_a_series_ends_and_resumes_without_losing_its_history(self):
        last = THIS_TUESDAY + dt.timedelta(weeks=3)
        ended = f"RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL={last:%Y%m%d}T235959Z"
        self.editor_submits(recurrence=ended)
        self.moderator_approves()
        # Ending the series changes no date before its end: one schedule.
        self.assertFalse(self.de.past_schedules.exists())
        dates = [
            o.start_date for o in event_occurrences(self.de, START, last + dt.timedelta(weeks=9))
        ]
        self.assertEqual((dates[0], dates[-1]), (START, last))

        resumed = last + dt.timedelta(weeks=4)
        self.editor_submits(
            recurrence="RRULE:FREQ=WEEKLY;BYDAY=TU", start_time="17:00", change_from=german(resumed)
        )
        self.moderator_approves()
        occurrences = event_occurrences(self.de, START, resumed)
        self.assertEqual(
            [(o.start_date, o.start.hour) for o in occurrences][-3:],
            [(last - dt.timedelta(weeks=1), 18), (last, 18), (resumed, 17)],
        )
        self.assertIn(at(PAST_DATE, 18), self.archive_starts(self.site.event_index))

    def test_single_date_changes_across_a_schedule_change(self):
        EventDateChange.objects.create(
            page=self.de, locale=self.de.locale, date=PAST_DATE, action="cancel", reason="Krank"
        )
        EventDateChange.objects.create(
            page=self.de, locale=self.de.locale, date=COMING_NEW, action="note", reason="Gast"
        )
        self.de.save_revision().publish()
        response = self.editor_submits(
            recurrence="RRULE:FREQ=WEEKLY;BYDAY=TH", change_from=german(CHANGE_FROM)
        )
        warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
        self.assertEqual(len(warnings), 1)
        self.assertIn(f"{german(COMING_NEW)} (Hinweis)", warnings[0])
        self.assertNotIn(german(PAST_DATE), warnings[0])
        self.moderator_approves()
        # Both kept; the past one still applies to its date.
        self.assertEqual(self.de.date_changes.count(), 2)
        self.assertTrue(occurrence_on_date(self.de, PAST_DATE).is_cancelled)
        self.assertEqual([c.date for c in orphan_date_changes(self.de)], [COMING_NEW])
        # The moderator and editor see it in the editor, too.
        self.client.force_login(self.moderator)
        editor = self.client.get(f"/admin/pages/{self.de.pk}/edit/").content.decode()
        self.assertIn(german(COMING_NEW), editor)
        self.assertIn("Änderung gilt ab", editor)

    def test_a_change_from_before_the_frozen_schedule_is_refused_in_german(self):
        self.change_time_from_a_date()
        self.moderator_approves()
        response = self.editor_submits(
            expect_redirect=False, start_time="20:00", change_from=german(COMING_OLD)
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            f"Die Änderung kann frühestens ab dem {german(CHANGE_FROM)} gelten",
        )
        response = self.editor_submits(
            expect_redirect=False, start_time="20:00", change_from="31.02.2027"
        )
        self.assertContains(response, "Bitte geben Sie ein gültiges Datum ein")
        # Nothing lost: the live and latest schedule as approved.
        page = EventPage.objects.get(pk=self.de.pk)
        self.assertEqual(page.get_latest_revision_as_object().start_time, dt.time(19))
        self.assertEqual(page.past_schedules.count(), 1)

    def test_the_russian_twin_follows_and_a_translators_draft_keeps_its_text(self):
        # A moderator stops wagtail-localize's synced translation; the
        # translator edits the Russian page and saves a draft.
        self.client.force_login(self.moderator)
        translation = Translation.objects.get(
            source__object_id=self.de.translation_key, target_locale=self.site.ru
        )
        self.client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk]))
        self.client.force_login(user_in(TRANSLATORS))
        url = f"/admin/pages/{self.ru.pk}/edit/"
        data = form_data(self.client.get(url))
        data.update({"body-count": "0", "introduction": "Черновик переводчицы"})
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.client.logout()

        self.change_time_from_a_date()
        self.moderator_approves()
        # Live: the former schedule and where the new one begins, in one
        # system revision; the translator's text only in the draft.
        self.assertEqual(self.ru.schedule_from, CHANGE_FROM)
        self.assertEqual(self.ru.past_schedules.get().start_time, dt.time(18))
        self.assertEqual(self.ru.past_schedules.get().location.name, russian("Bibliothek"))
        self.assertNotEqual(self.ru.introduction, "Черновик переводчицы")
        draft = self.ru.get_latest_revision_as_object()
        self.assertEqual(draft.introduction, "Черновик переводчицы")
        self.assertEqual(draft.schedule_from, CHANGE_FROM)
        self.assertEqual(
            [p.valid_until for p in draft.past_schedules.all()],
            [CHANGE_FROM - dt.timedelta(days=1)],
        )


class NoQueryPerFormerScheduleTests(TestCase):
    """Listings load the former schedules of all events at once."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.place = LocationFactory()

    def add_changed_series(self, n):
        for _ in range(n):
            event = EventPageFactory(
                parent=self.site.event_index,
                start_date=START,
                recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU"),
                schedule_from=CHANGE_FROM,
            )
            EventPastSchedule.objects.create(
                page=event,
                valid_until=CHANGE_FROM - dt.timedelta(days=1),
                # A Monday: a schedule's first day is always one of its dates.
                start_date=START - dt.timedelta(days=1),
                start_time=dt.time(17),
                recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=MO"),
                location=self.place,
            )

    def count_queries(self):
        with CaptureQueriesContext(connection) as queries:
            occurrences = occurrences_between(
                START, CHANGE_FROM + dt.timedelta(weeks=4), locale=self.site.de
            )
        return len(queries), occurrences

    def test_query_count_does_not_grow_with_the_number_of_changed_series(self):
        self.add_changed_series(2)
        few, _ = self.count_queries()
        self.add_changed_series(8)
        many, occurrences = self.count_queries()
        self.assertEqual(few, many)
        # Each date from its own schedule: Mondays at 17:00, then Tuesdays at 18:00.
        self.assertTrue(
            all(
                (o.start.weekday(), o.start.hour)
                == ((0, 17) if o.start_date < CHANGE_FROM else (1, 18))
                for o in occurrences
                if o.event.pk != self.site.event.pk
            )
        )
        self.assertTrue(any(o.location == self.place for o in occurrences))


class ScheduleInWordsTests(TestCase):
    """The event page's "Wann": the current schedule and since when."""

    def series(self, since):
        former = EventPastSchedule(
            valid_until=since - dt.timedelta(days=1),
            start_date=dt.date(2025, 9, 2),
            start_time=dt.time(18),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU"),
        )
        return EventPage(
            start_date=dt.date(2025, 9, 2),
            start_time=dt.time(19),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TH"),
            schedule_from=since,
            past_schedules=[former],
        )

    def test_since_a_past_date_in_german_and_russian(self):
        event = self.series(dt.date(2026, 3, 1))
        today = dt.date(2026, 6, 1)
        with translation.override("de"):
            self.assertEqual(
                describe(event, today), "Seit 1. März 2026: jeden Donnerstag um 19:00 Uhr"
            )
        with translation.override("ru"):
            self.assertEqual(describe(event, today), "С 1 марта 2026: каждый четверг в 19:00")

    def test_from_a_coming_date_with_what_applies_until_then(self):
        event = self.series(dt.date(2026, 3, 1))
        with translation.override("de"):
            self.assertEqual(
                describe(event, dt.date(2026, 2, 1)),
                "Ab 1. März 2026: jeden Donnerstag um 19:00 Uhr "
                "(bis dahin: jeden Dienstag um 18:00 Uhr)",
            )
