"""An editor cancels and moves dates of a German event, a moderator approves:
the Russian page, its feed and the Russian changes RSS show it at once, a
translator's unpublished draft keeps its text, and a sync that cannot run is
shown to moderators, who retry it."""

import datetime as dt

from icalendar import Calendar
from recurrence import deserialize

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils import WagtailTestUtils
from wagtail_localize.models import Translation

from events.factories import EventPageFactory
from events.models import EventPage, PendingDateSync
from site_core.roles import EDITORS, MODERATORS, TRANSLATORS, setup_roles
from site_core.translation import translate_object
from tests.admin_forms import form_data
from tests.utils import build_site, russian, translate_site

# Tuesdays 17:00 from 5 January 2027, six times.
WEEKLY = "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6"


def user_in(group_name):
    username = group_name.lower().replace("ü", "ue")
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@override_settings(PAGE_CACHE_TIMEOUT=3600, ADMINS=[("Technik", "technik@example.org")])
class DateSyncThroughTheWorkflowTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        event = cls.site.event
        event.start_date = dt.date(2027, 1, 5)
        event.start_time, event.end_time = dt.time(17), dt.time(18, 30)
        event.recurrence = deserialize(WEEKLY)
        event.save()
        translate_site(cls.site)
        setup_roles()
        cls.editor = user_in(EDITORS)
        cls.moderator = user_in(MODERATORS)
        cls.translator = user_in(TRANSLATORS)

    def setUp(self):
        caches["pages"].clear()
        self.de = EventPage.objects.get(pk=self.site.event.pk)
        self.ru = self.de.get_translation(self.site.ru)
        self.ru_index = self.site.event_index.get_translation(self.site.ru)
        # A visitor: no cookies, so served by the page cache.
        self.visitor = Client()

    # The people's steps

    def editor_cancels_and_moves_and_submits(self):
        """The editor cancels 12 January with a reason and moves 19 January
        to the Thursday, typing the dates as Germans do, and submits."""
        self.client.force_login(self.editor)
        url = f"/admin/pages/{self.de.pk}/edit/"
        data = form_data(self.client.get(url))
        data.update(
            {
                "date_changes-TOTAL_FORMS": "2",
                "date_changes-0-date": "12.01.2027",
                "date_changes-0-action": "cancel",
                "date_changes-0-reason": "wegen Krankheit",
                "date_changes-0-ORDER": "1",
                "date_changes-1-date": "19.01.2027",
                "date_changes-1-action": "move",
                "date_changes-1-new_date": "21.01.2027",
                "date_changes-1-ORDER": "2",
                "body-count": "0",
                "action-submit": "action-submit",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self.client.logout()

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
        self.assertTrue(EventPage.objects.get(pk=self.de.pk).date_changes.exists())
        self.client.logout()

    def translator_saves_a_draft(self, **changes):
        """A moderator stops wagtail-localize's synced translation (only
        Moderation may: site_core.localize_permissions); the translator edits
        the Russian page in the page editor and saves a draft."""
        self.client.force_login(self.moderator)
        translation = Translation.objects.get(
            source__object_id=self.de.translation_key, target_locale=self.site.ru
        )
        self.client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk]))
        self.assertFalse(Translation.objects.get(pk=translation.pk).enabled)
        self.client.force_login(self.translator)
        url = f"/admin/pages/{self.ru.pk}/edit/"
        data = form_data(self.client.get(url))
        data.update({"body-count": "0", **changes})
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self.client.logout()

    # What visitors see

    def russian_feed_dates(self):
        feed = Calendar.from_ical(self.visitor.get(self.ru.url + "feed.ics").content)
        events = feed.walk("VEVENT")
        master = next(e for e in events if "RECURRENCE-ID" not in e)
        exdate = master.get("EXDATE", [])
        exdates = [
            d.dt.date() for e in (exdate if isinstance(exdate, list) else [exdate]) for d in e.dts
        ]
        moved = {
            e["RECURRENCE-ID"].dt.date(): e["DTSTART"].dt.date()
            for e in events
            if "RECURRENCE-ID" in e
        }
        return exdates, moved

    def assert_russian_visitors_see_the_changes(self):
        self.ru.refresh_from_db()  # its address, should it have changed
        page = self.visitor.get(self.ru.url)
        self.assertContains(page, "wegen Krankheit")
        self.assertContains(page, "отменено")
        exdates, moved = self.russian_feed_dates()
        self.assertEqual(exdates, [dt.date(2027, 1, 12)])
        self.assertEqual(moved, {dt.date(2027, 1, 19): dt.date(2027, 1, 21)})
        rss = self.visitor.get(self.ru_index.url + "rss/aenderungen/")
        self.assertContains(rss, "12")
        self.assertContains(rss, russian("Deutsch-Café"))
        self.assertContains(rss, "wegen Krankheit")

    # The tests

    def test_cancelled_and_moved_dates_reach_the_russian_page_feed_and_rss(self):
        # Visitors have seen the Russian pages, and the page cache holds them.
        urls = [self.ru.url, self.ru.url + "feed.ics", self.ru_index.url + "rss/aenderungen/"]
        for url in urls:
            self.assertNotContains(self.visitor.get(url), "wegen Krankheit")
            self.assertEqual(self.visitor.get(url)["X-Cache"], "HIT")
        self.assertEqual(self.russian_feed_dates(), ([], {}))

        self.editor_cancels_and_moves_and_submits()
        self.moderator_approves()

        self.assertEqual([self.visitor.get(url)["X-Cache"] for url in urls], ["MISS"] * 3)
        self.assert_russian_visitors_see_the_changes()
        ru = EventPage.objects.get(pk=self.ru.pk)
        self.assertEqual(ru.title, russian("Deutsch-Café"))
        self.assertFalse(ru.has_unpublished_changes)
        self.assertFalse(PendingDateSync.objects.exists())
        # The translation's history names the system, not the editor.
        entry = PageLogEntry.objects.filter(page=ru, action="wagtail.publish").latest("pk")
        self.assertIsNone(entry.user)
        self.assertTrue(
            PageLogEntry.objects.filter(page=ru, action="events.sync_dates", user=None).exists()
        )

    def test_a_translators_draft_is_neither_published_nor_lost(self):
        old_introduction = self.ru.introduction
        self.translator_saves_a_draft(introduction="Черновик переводчицы")

        self.editor_cancels_and_moves_and_submits()
        self.moderator_approves()

        # Live: the new dates with the old Russian text.
        self.assert_russian_visitors_see_the_changes()
        ru = EventPage.objects.get(pk=self.ru.pk)
        self.assertEqual(ru.introduction, old_introduction)
        self.assertNotContains(self.visitor.get(self.ru.url), "Черновик переводчицы")
        # Latest draft: the translator's text with the new dates.
        self.assertTrue(ru.has_unpublished_changes)
        draft = ru.get_latest_revision_as_object()
        self.assertEqual(draft.introduction, "Черновик переводчицы")
        self.assertEqual(
            sorted((c.date, c.action, c.new_date) for c in draft.date_changes.all()),
            [
                (dt.date(2027, 1, 12), "cancel", None),
                (dt.date(2027, 1, 19), "move", dt.date(2027, 1, 21)),
            ],
        )
        # The translator opens the page editor: the draft, with the dates.
        self.client.force_login(self.translator)
        editor = self.client.get(f"/admin/pages/{ru.pk}/edit/")
        self.assertContains(editor, "Черновик переводчицы")
        self.assertContains(editor, "wegen Krankheit")

    def test_a_sync_that_fails_is_shown_to_moderators_and_retried(self):
        # The translator's draft gives the Russian page a new address; before
        # it is published, another event's translation takes that address.
        self.translator_saves_a_draft(slug="kafe-ru")
        other = EventPageFactory(parent=self.site.event_index, title="Kafe", slug="kafe")
        translate_object(other, self.site.ru, russian)

        self.editor_cancels_and_moves_and_submits()
        self.moderator_approves()

        # Nothing changed for Russian visitors, and nothing was silent.
        self.assertNotContains(self.visitor.get(self.ru.url), "wegen Krankheit")
        (report,) = [m for m in mail.outbox if m.to == ["technik@example.org"]]
        self.assertIn("ERROR", report.subject)
        self.assertIn("kafe-ru", report.body)
        sync = PendingDateSync.objects.get(source=self.de)
        self.assertIn("kafe-ru", sync.error)

        # The moderator sees it on the dashboard; the editor does not and
        # cannot retry.
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get("/admin/"), "Termine nicht übertragen")
        retry_url = reverse("events_retry_date_sync", args=[sync.pk])
        refused = self.client.post(retry_url, follow=True)
        self.assertNotContains(refused, "Termine von")
        self.assertEqual(PendingDateSync.objects.get().failed_at, sync.failed_at)  # not tried
        self.client.force_login(self.moderator)
        dashboard = self.client.get("/admin/")
        self.assertContains(dashboard, "Termine nicht übertragen")
        self.assertContains(dashboard, "kafe-ru")
        self.assertContains(dashboard, retry_url)

        # Retried while the cause remains: still failing, and said so.
        response = self.client.post(retry_url, follow=True)
        self.assertContains(response, "konnten wieder nicht übertragen werden")
        self.assertTrue(PendingDateSync.objects.exists())

        # The translator chooses another address; the moderator retries.
        self.client.logout()
        self.translator_saves_a_draft(slug="kafe-novoe-ru")
        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(retry_url, follow=True)
        self.assertContains(response, "sind jetzt in allen Übersetzungen")
        self.assertNotContains(response, "Termine nicht übertragen")
        self.assertFalse(PendingDateSync.objects.exists())
        self.client.logout()
        self.assert_russian_visitors_see_the_changes()
        draft = EventPage.objects.get(pk=self.ru.pk).get_latest_revision_as_object()
        self.assertEqual(draft.slug, "kafe-novoe-ru")
        self.assertEqual(draft.date_changes.count(), 2)

    def test_publishing_the_mended_translation_retries_the_sync(self):
        self.translator_saves_a_draft(slug="kafe-ru")
        other = EventPageFactory(parent=self.site.event_index, title="Kafe", slug="kafe")
        translate_object(other, self.site.ru, russian)
        self.editor_cancels_and_moves_and_submits()
        self.moderator_approves()
        self.assertTrue(PendingDateSync.objects.filter(failed_at__isnull=False).exists())

        # The translator picks another address and publishes the draft.
        with self.captureOnCommitCallbacks(execute=True):
            self.translator_saves_a_draft(slug="kafe-novoe-ru", **{"action-publish": "publish"})

        self.assertFalse(PendingDateSync.objects.exists())
        self.assert_russian_visitors_see_the_changes()
        ru = EventPage.objects.get(pk=self.ru.pk)
        self.assertEqual(ru.slug, "kafe-novoe-ru")
        self.assertFalse(ru.has_unpublished_changes)


class StuckDateSyncTests(WagtailTestUtils, TestCase):
    """A sync that never ran to its end (the server stopped after the
    German publish) is shown too, once it is clearly not just running."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.moderator = user_in(MODERATORS)

    def test_an_old_record_without_error_is_shown_and_retried(self):
        stuck = PendingDateSync.objects.create(
            source=self.site.event, created_at=timezone.now() - dt.timedelta(minutes=10)
        )
        just_now = EventPageFactory(parent=self.site.event_index, title="Gerade eben")
        PendingDateSync.objects.create(source=just_now)
        self.client.force_login(self.moderator)
        dashboard = self.client.get("/admin/")
        self.assertContains(dashboard, "Termine nicht übertragen")
        self.assertContains(dashboard, "nicht ausgeführt")
        self.assertNotContains(dashboard, "Gerade eben")  # still running, perhaps
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("events_retry_date_sync", args=[stuck.pk]), follow=True
            )
        self.assertContains(response, "sind jetzt in allen Übersetzungen")
        self.assertFalse(PendingDateSync.objects.filter(pk=stuck.pk).exists())
