"""The editor picks the date of a single-date change ("Termin am") from the
series' next dates, offered in a <datalist> as TT.MM.JJJJ, and may still
type one; a typed date that is not a date of the series is refused in
German. As a member of the real Redaktion group, through the admin."""

import datetime as dt
import re

from recurrence import deserialize

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.factories import EventPageFactory
from events.models import EventDateChange
from site_core.roles import EDITORS, setup_roles
from tests.admin_forms import loaded_revision
from tests.utils import build_site

DATALIST = re.compile(r'<datalist id="([^"]+)">(.*?)</datalist>', re.S)
OPTION = re.compile(r'<option value="([^"]+)">([^<]+)</option>')


def next_weekday(weekday, after):
    """The first ``weekday`` after the day ``after``."""
    return after + dt.timedelta(days=1 + (weekday - after.weekday() - 1) % 7)


class SeriesDatesOfferedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        setup_roles()
        cls.editor = get_user_model().objects.create_user("redakteurin")
        cls.editor.groups.add(Group.objects.get(name=EDITORS))
        today = timezone.localdate()
        # Started weeks ago, every Tuesday.
        cls.next_tuesday = next_weekday(1, today)
        cls.event = EventPageFactory(
            parent=cls.site.event_index,
            title="Gesprächsrunde",
            slug="gespraechsrunde",
            start_date=cls.next_tuesday - dt.timedelta(weeks=5),
            recurrence=deserialize("RRULE:FREQ=WEEKLY"),
        )
        EventDateChange.objects.create(
            page=cls.event, date=cls.next_tuesday + dt.timedelta(weeks=1), action="cancel"
        )
        cls.event.save_revision().publish()

    def setUp(self):
        self.client.force_login(self.editor)

    def edit_page(self):
        response = self.client.get(f"/admin/pages/{self.event.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def offered(self, html, input_id):
        lists = dict(DATALIST.findall(html))
        self.assertIn(f'list="{input_id}-termine"', html)
        return OPTION.findall(lists[f"{input_id}-termine"])

    def test_the_next_fifty_dates_are_offered_to_an_existing_and_a_new_change(self):
        html = self.edit_page()
        for input_id in ("id_date_changes-0-date", "id_date_changes-__prefix__-date"):
            options = self.offered(html, input_id)
            self.assertEqual(len(options), 50, input_id)
            self.assertEqual(options[0][0], f"{self.next_tuesday:%d.%m.%Y}")
            self.assertTrue(options[0][1].startswith("Dienstag, "), options[0])
            self.assertEqual(options[1][0], f"{self.next_tuesday + dt.timedelta(weeks=1):%d.%m.%Y}")
        # The stored change shows its date the German way.
        self.assertRegex(
            html,
            r'name="date_changes-0-date" value="'
            + f"{self.next_tuesday + dt.timedelta(weeks=1):%d.%m.%Y}",
        )

    def post(self, date):
        data = {
            "title": self.event.title,
            "slug": self.event.slug,
            "start_date": f"{self.event.start_date:%d.%m.%Y}",
            "start_time": "18:00",
            "end_time": "19:30",
            "event_language": "de-ru",
            "recurrence": "RRULE:FREQ=WEEKLY",
            "date_changes": inline_formset([{"date": date, "action": "cancel"}]),
            "focus_area_links": inline_formset([]),
            "body": streamfield([]),
            **loaded_revision(self.event),
        }
        return self.client.post(f"/admin/pages/{self.event.pk}/edit/", nested_form_data(data))

    def test_a_picked_date_is_saved(self):
        date = self.next_tuesday + dt.timedelta(weeks=2)
        response = self.post(f"{date:%d.%m.%Y}")
        self.assertEqual(response.status_code, 302)
        page = Page.objects.get(pk=self.event.pk).specific.get_latest_revision_as_object()
        self.assertIn(date, [change.date for change in page.date_changes.all()])

    def test_a_typed_date_that_is_not_one_of_the_series_is_refused_in_german(self):
        wednesday = self.next_tuesday + dt.timedelta(days=1)
        response = self.post(f"{wednesday:%d.%m.%Y}")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "gibt es keinen Termin dieser Veranstaltung.")
