"""Dates as a German editor types them into the event editor: read as meant,
or refused with a German message on the field; never replaced by another date.
Through the admin's add view, as a member of the real Redaktion group."""

import datetime as dt
import json
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from events.models import EventPage
from site_core.roles import EDITORS, setup_roles
from tests.utils import build_site

INVALID_DATE = "Bitte geben Sie ein gültiges Datum ein, z. B. 15.01.2027 (Tag.Monat.Jahr)."
# Thursdays from 14 January 2027 (the event's first day).
WEEKLY = "RRULE:FREQ=WEEKLY;BYDAY=TH"


class EventEditorDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        setup_roles()
        cls.editor = get_user_model().objects.create_user("redakteurin")
        cls.editor.groups.add(Group.objects.get(name=EDITORS))

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, *, changes=(), **fields):
        data = {
            "title": "Deutsch-Café am Donnerstag",
            "slug": "cafe-do",
            "start_date": "14.01.2027",
            "start_time": "18:00",
            "event_language": "de-ru",
            "recurrence": WEEKLY,
            "date_changes": inline_formset(list(changes)),
            "focus_area_links": inline_formset([]),
            "body": streamfield([]),
            **fields,
        }
        return self.client.post(
            f"/admin/pages/add/events/eventpage/{self.site.event_index.pk}/",
            nested_form_data(data),
        )

    def saved_event(self):
        return EventPage.objects.get(slug="cafe-do").get_latest_revision_as_object()

    def test_german_dates_are_read_as_meant(self):
        response = self.post(
            start_date="14.1.2027",
            end_date="15.01.27",
            changes=[
                {"date": "21.1.2027", "action": "move", "new_date": "22.01.2027"},
                {"date": "2027-01-28", "action": "cancel"},  # ISO as well
            ],
        )
        self.assertEqual(response.status_code, 302)
        event = self.saved_event()
        self.assertEqual(
            (event.start_date, event.end_date), (dt.date(2027, 1, 14), dt.date(2027, 1, 15))
        )
        self.assertEqual(
            sorted((c.date, c.new_date) for c in event.date_changes.all()),
            [(dt.date(2027, 1, 21), dt.date(2027, 1, 22)), (dt.date(2027, 1, 28), None)],
        )

    def test_the_editor_shows_dates_the_german_way(self):
        self.post(start_date="14.1.2027", changes=[{"date": "21.1.2027", "action": "cancel"}])
        page = Page.objects.get(slug="cafe-do")
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertContains(response, 'value="14.01.2027"')
        self.assertContains(response, 'value="21.01.2027"')
        # Wagtail's picker reads and writes that format, and leaves alone
        # what it cannot read (it used to put today's date there).
        self.assertContains(
            response,
            'initDateChooser("id_start_date", {"dayOfWeekStart": 1, "format": "d.m.Y", '
            '"validateOnBlur": false})',
        )

    def test_an_unreadable_date_is_refused_on_its_field_and_kept(self):
        response = self.post(
            start_date="32.13.2027",
            changes=[{"date": "31.02.2027", "action": "move", "new_date": "1.1.2O27"}],
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(EventPage.objects.filter(slug="cafe-do").exists())
        form = response.context["form"]
        self.assertEqual(form.errors["start_date"], [INVALID_DATE])
        change = form.formsets["date_changes"].forms[0]
        self.assertEqual(change.errors["date"], [INVALID_DATE])
        self.assertIn(INVALID_DATE, change.errors["new_date"])
        # What the editor typed is shown again as typed, the rest kept.
        self.assertContains(response, 'value="32.13.2027"')
        self.assertContains(response, 'value="31.02.2027"')
        self.assertContains(response, 'value="1.1.2O27"')
        self.assertContains(response, 'value="Deutsch-Café am Donnerstag"')
        self.assertContains(response, WEEKLY)

    def test_an_unreadable_date_in_the_rule_widget_is_refused(self):
        # recurrence-dates.js sends what it could not read beside the rule,
        # which it left without an end.
        response = self.post(recurrence_unreadable="32.13.2027")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(EventPage.objects.filter(slug="cafe-do").exists())
        self.assertEqual(
            response.context["form"].errors["recurrence"],
            [
                "„32.13.2027“ ist kein gültiges Datum. Bitte geben Sie Daten als "
                "Tag.Monat.Jahr ein, z. B. 11.03.2027."
            ],
        )
        self.assertContains(response, WEEKLY)

    def test_an_editor_using_the_english_admin_may_type_german_dates(self):
        profile = UserProfile.get_for_user(self.editor)
        profile.preferred_language = "en"
        profile.save()
        response = self.post(start_date="14.1.2027", end_date="2027-01-15")
        self.assertEqual(response.status_code, 302)
        event = self.saved_event()
        self.assertEqual(
            (event.start_date, event.end_date), (dt.date(2027, 1, 14), dt.date(2027, 1, 15))
        )


class ScheduledPublishingTests(EventEditorDateTests):
    """The go-live and expiry times of Wagtail's "Veröffentlichungszeitplan":
    its picker turned a time it could not read into *now*."""

    def test_a_german_go_live_time_is_read_as_meant(self):
        response = self.post(go_live_at="15.01.2027 10:00", expire_at="2027-02-01 18:30")
        self.assertEqual(response.status_code, 302)
        event = self.saved_event()
        berlin = dt.timezone(dt.timedelta(hours=1))
        self.assertEqual(event.go_live_at, dt.datetime(2027, 1, 15, 10, 0, tzinfo=berlin))
        self.assertEqual(event.expire_at, dt.datetime(2027, 2, 1, 18, 30, tzinfo=berlin))

    def test_an_unreadable_go_live_time_is_refused_in_german(self):
        response = self.post(go_live_at="15.01.2027 25:00")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bitte geben Sie Datum und Uhrzeit so ein: 15.01.2027 10:00")
        self.assertFalse(EventPage.objects.filter(slug="cafe-do").exists())

    def test_the_picker_keeps_what_was_typed(self):
        response = self.client.get(f"/admin/pages/add/events/eventpage/{self.site.event_index.pk}/")
        for field in ("go_live_at", "expire_at"):
            config = re.search(
                rf'initDateTimeChooser\("id_{field}", (\{{.*?\}})\);', response.content.decode()
            )
            self.assertEqual(
                {key: json.loads(config.group(1))[key] for key in ("format", "validateOnBlur")},
                {"format": "d.m.Y H:i", "validateOnBlur": False},
            )


class SnippetChooserLanguageTests(EventEditorDateTests):
    def test_the_place_chooser_speaks_german(self):
        # Wagtail filled "Choose another %(object)s" in at start-up, in English.
        response = self.client.get(f"/admin/pages/add/events/eventpage/{self.site.event_index.pk}/")
        for english in ("Choose Ort", "Choose another Ort", "Edit this Ort"):
            self.assertNotContains(response, english)
        self.assertContains(response, "Anderes Ort-Objekt auswählen")
