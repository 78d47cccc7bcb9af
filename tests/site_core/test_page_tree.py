"""Where each page type may live, and that editors can create each one
through the admin with the form they see."""

import datetime as dt

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from events.models import EventIndexPage, EventPage
from home.models import AgencyPage, ContactFormPage, FocusAreaPage, HomePage
from projects.models import ProjectIndexPage, ProjectPage
from site_core.models import StandardPage
from tests.utils import build_site


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                AgencyPage,
                FocusAreaPage,
                EventIndexPage,
                ProjectIndexPage,
                StandardPage,
                ContactFormPage,
            },
        )

    def test_agency_and_focus_area_below_home(self):
        self.assertAllowedParentPageTypes(AgencyPage, {HomePage})
        self.assertAllowedSubpageTypes(AgencyPage, {StandardPage, ContactFormPage})
        self.assertAllowedParentPageTypes(FocusAreaPage, {HomePage})
        self.assertAllowedSubpageTypes(FocusAreaPage, set())

    def test_projects_live_in_the_project_index(self):
        self.assertAllowedParentPageTypes(ProjectIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProjectIndexPage, {ProjectPage})
        self.assertAllowedParentPageTypes(ProjectPage, {ProjectIndexPage})
        self.assertAllowedSubpageTypes(ProjectPage, set())

    def test_events_live_in_the_calendar(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())

    def test_standard_pages(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, AgencyPage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})


class SingletonTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    # assertCanCreateAt checks page types only; max counts need the instances.
    def test_one_calendar_and_one_project_index_per_home(self):
        self.assertFalse(EventIndexPage.can_create_at(self.site.home))
        self.assertFalse(ProjectIndexPage.can_create_at(self.site.home))
        self.assertTrue(AgencyPage.can_create_at(self.site.home))

    def test_events_only_in_the_calendar(self):
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanNotCreateAt(AgencyPage, EventPage)

    def test_home_page_once_per_language(self):
        # The German home exists; the Russian one may still be created (as a
        # translation), a third may not.
        root = Page.get_first_root_node()
        self.assertTrue(HomePage.can_create_at(root))
        self.site.home.copy_for_translation(self.site.ru)
        self.assertFalse(HomePage.can_create_at(root))


class CreateThroughAdminTests(WagtailPageTestCase):
    """An editor fills in the admin form of every page type and saves it."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def setUp(self):
        self.login()

    def body(self):
        return streamfield(
            [
                ("heading", {"text": "Willkommen", "level": "h2"}),
                ("paragraph", rich_text("<p>Ein Absatz.</p>")),
            ]
        )

    def test_create_standard_page(self):
        self.assertCanCreate(
            self.site.home,
            StandardPage,
            nested_form_data({"title": "Datenschutz", "slug": "datenschutz", "body": self.body()}),
        )

    def test_create_agency_page(self):
        self.assertCanCreate(
            self.site.home,
            AgencyPage,
            nested_form_data(
                {
                    "title": "Integrationsagentur Mülheim an der Ruhr",
                    "slug": "muelheim",
                    "city": "Mülheim an der Ruhr",
                    "founded": "2019-01-01",
                    "opening_hours": "Montag 10–13 Uhr",
                    "contact_links": inline_formset([]),
                    "body": self.body(),
                }
            ),
        )

    def test_create_focus_area_page(self):
        self.assertCanCreate(
            self.site.home,
            FocusAreaPage,
            nested_form_data(
                {"title": "Interkulturelle Öffnung", "slug": "oeffnung", "body": self.body()}
            ),
        )

    def test_create_project_page(self):
        self.assertCanCreate(
            self.site.project_index,
            ProjectPage,
            nested_form_data(
                {
                    "title": "Integrationslotsen",
                    "slug": "lotsen",
                    "status": "running",
                    "start_date": "2024-01-01",
                    "agency_links": inline_formset([{"agency": self.site.agency.pk}]),
                    "focus_area_links": inline_formset([{"focus_area": self.site.focus_area.pk}]),
                    "body": self.body(),
                }
            ),
        )
        project = ProjectPage.objects.get(slug="lotsen")
        self.assertEqual(project.agencies(), [self.site.agency])

    def test_create_event_page(self):
        self.assertCanCreate(
            self.site.event_index,
            EventPage,
            nested_form_data(
                {
                    "title": "Seniorennachmittag",
                    "slug": "senioren",
                    "start_date": "2027-03-02",
                    "start_time": "15:00",
                    "end_time": "17:00",
                    "recurrence": "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270701T000000Z\n"
                    "EXDATE:20270412T220000Z",
                    "date_changes": inline_formset([]),
                    "event_language": "de-ru",
                    "agency": self.site.agency.pk,
                    "focus_area_links": inline_formset([{"focus_area": self.site.focus_area.pk}]),
                    "body": self.body(),
                }
            ),
        )
        event = EventPage.objects.get(slug="senioren")
        self.assertEqual(event.start_date, dt.date(2027, 3, 2))
        # "Every Tuesday until July, except 13 April": the widget posts local
        # midnight in UTC (22:00Z the evening before), which must not shift the day.
        from events.schedule import scheduled_dates

        dates = scheduled_dates(event, dt.date(2027, 4, 1), dt.date(2027, 4, 30))
        self.assertEqual(dates, [dt.date(2027, 4, 6), dt.date(2027, 4, 20), dt.date(2027, 4, 27)])

    def test_event_ending_before_it_starts_is_refused_with_a_german_message(self):
        response = self.client.post(
            f"/admin/pages/add/events/eventpage/{self.site.event_index.pk}/",
            nested_form_data(
                {
                    "title": "Falsch herum",
                    "slug": "falsch",
                    "start_date": "2027-03-02",
                    "start_time": "15:00",
                    "end_time": "14:00",
                    "event_language": "de-ru",
                    "date_changes": inline_formset([]),
                    "focus_area_links": inline_formset([]),
                    "body": streamfield([]),
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Das Ende muss nach dem Beginn liegen.")
        self.assertFalse(EventPage.objects.filter(slug="falsch").exists())

    def test_project_needs_an_agency_to_be_published(self):
        # Wagtail 7 lets editors save incomplete drafts; publishing checks.
        response = self.client.post(
            f"/admin/pages/add/projects/projectpage/{self.site.project_index.pk}/",
            nested_form_data(
                {
                    "action-publish": "publish",
                    "title": "Ohne Agentur",
                    "slug": "ohne",
                    "status": "running",
                    "agency_links": inline_formset([], min=1),
                    "focus_area_links": inline_formset([], min=1),
                    "body": streamfield([]),
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ProjectPage.objects.filter(slug="ohne").exists())
        self.assertContains(response, "Gehen Sie zum ersten Fehler")
