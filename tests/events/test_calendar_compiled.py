"""The calendar's queries are compiled once per process and run with each
request's values (events.models.compiled): what a visitor sees still follows
every change at the next request, whatever the process compiled before:
a view restriction, an expiry, the filters, the language."""

import datetime as dt

from django.test import TestCase
from django.utils import timezone

from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory
from events.models import EventPage, StoredOccurrence
from events.models.compiled import compiled
from events.store import store_all
from tests.utils import build_site, translate_site


class SameShapeNewValuesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        cls.other = EventPageFactory(
            parent=cls.site.event_index, title="Nähcafé ohne Agentur", start_date=tomorrow
        )
        store_all()

    def views(self):
        index = self.site.event_index.url
        today = timezone.localdate()
        return {
            "list": index,
            "day list": f"{index}?ab={today + dt.timedelta(days=1):%Y-%m-%d}",
            "month": f"{index}monat/?monat={today + dt.timedelta(days=1):%Y-%m}",
        }

    def assertEveryViewShows(self, title, shown=True):
        for view, url in self.views().items():
            with self.subTest(view=view, title=title):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                if shown:
                    self.assertContains(response, title)
                else:
                    self.assertNotContains(response, title)

    def test_a_view_restriction_hides_the_event_at_the_next_request(self):
        self.assertEveryViewShows("Nähcafé ohne Agentur")
        PageViewRestriction.objects.create(
            page=EventPage.objects.get(pk=self.other.pk),
            restriction_type=PageViewRestriction.PASSWORD,
            password="geheim",
        )
        self.assertEveryViewShows("Nähcafé ohne Agentur", shown=False)
        self.assertEveryViewShows("Deutsch-Café")

    def test_an_expired_event_leaves_the_calendar_before_it_is_unpublished(self):
        self.assertEveryViewShows("Nähcafé ohne Agentur")
        # Past its expiry date, still live until publish_scheduled runs.
        EventPage.objects.filter(pk=self.other.pk).update(
            expire_at=timezone.now() - dt.timedelta(minutes=1)
        )
        self.assertEveryViewShows("Nähcafé ohne Agentur", shown=False)

    def test_filters_and_languages_have_their_own_queries(self):
        index = self.site.event_index.url
        self.assertContains(self.client.get(index), "Nähcafé ohne Agentur")
        filtered = self.client.get(index, {"agentur": "oh"})
        self.assertContains(filtered, "Deutsch-Café")
        self.assertNotContains(filtered, "Nähcafé ohne Agentur")
        # The Russian calendar lists its own pages (the untranslated event
        # is not one of them), with their addresses.
        russian = self.client.get(self.site.event_index.get_translation(self.site.ru).url)
        event_ru = self.site.event.get_translation(self.site.ru)
        self.assertContains(russian, f'href="{event_ru.url}"')
        self.assertNotContains(russian, "Nähcafé ohne Agentur")
        self.assertNotContains(russian, f'href="{self.site.event.url}"')
        # And the unfiltered German list is as it was.
        self.assertContains(self.client.get(index), "Nähcafé ohne Agentur")

    def test_a_value_the_query_does_not_hold_is_refused(self):
        with self.assertRaisesMessage(ValueError, "'day'"):
            compiled(
                ("test", "no day"),
                lambda day: StoredOccurrence.objects.values_list("pk"),
                day=dt.date(2027, 1, 15),
            )
