import datetime as dt

import factory
import wagtail_factories

from django.utils import timezone

from .models import EventFocusArea, EventIndexPage, EventPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Veranstaltungen"
    slug = "veranstaltungen"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Veranstaltung {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    start_time = dt.time(18, 0)
    end_time = dt.time(19, 30)

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    @factory.post_generation
    def focus_areas(obj, create, extracted, **kwargs):
        for focus_area in extracted or []:
            EventFocusArea.objects.create(page=obj, focus_area=focus_area)
