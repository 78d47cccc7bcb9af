"""An editor changing single dates of a series in the page editor."""

from django.test import TestCase

from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventPage
from tests.utils import build_site

# Tuesdays 18:00 from 2 March 2027 until the end of April.
WEEKLY = "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270430T220000Z"


class DateChangeValidationTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def setUp(self):
        self.login()

    def post(self, changes):
        return self.client.post(
            f"/admin/pages/add/events/eventpage/{self.site.event_index.pk}/",
            nested_form_data(
                {
                    "title": "Deutsch-Café",
                    "slug": "cafe",
                    "start_date": "2027-03-02",
                    "start_time": "18:00",
                    "recurrence": WEEKLY,
                    "event_language": "de-ru",
                    "date_changes": inline_formset(changes),
                    "focus_area_links": inline_formset([]),
                    "body": streamfield([]),
                }
            ),
        )

    def test_cancelling_a_date_of_the_series_is_saved(self):
        response = self.post([{"date": "2027-03-09", "action": "cancel", "reason": "Krank"}])
        self.assertEqual(response.status_code, 302)
        event = EventPage.objects.get(slug="cafe")
        self.assertEqual(event.date_changes.get().reason, "Krank")

    def test_a_date_that_is_not_in_the_series_is_refused(self):
        response = self.post([{"date": "2027-03-10", "action": "cancel"}])  # a Wednesday
        self.assertContains(
            response, "Am Mittwoch, 10. März 2027 gibt es keinen Termin dieser Veranstaltung."
        )
        self.assertFalse(EventPage.objects.filter(slug="cafe").exists())

    def test_moving_onto_another_date_of_the_series_is_refused(self):
        response = self.post([{"date": "2027-03-09", "action": "move", "new_date": "2027-03-16"}])
        self.assertContains(
            response, "Am Dienstag, 16. März 2027 findet schon ein Termin dieser Veranstaltung"
        )
        self.assertFalse(EventPage.objects.filter(slug="cafe").exists())

    def test_moving_onto_a_cancelled_date_is_allowed(self):
        response = self.post(
            [
                {"date": "2027-03-16", "action": "cancel"},
                {"date": "2027-03-09", "action": "move", "new_date": "2027-03-16"},
            ]
        )
        self.assertEqual(response.status_code, 302)

    def test_two_changes_for_one_date_are_refused(self):
        response = self.post(
            [
                {"date": "2027-03-09", "action": "cancel"},
                {"date": "2027-03-09", "action": "note", "reason": "Raum 2"},
            ]
        )
        self.assertContains(response, "Für diesen Termin gibt es schon eine Änderung.")
