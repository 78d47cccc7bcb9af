"""Schedules an event had before a change that started on a date.

When an editor changes the time, length, place or rule of a series that
already has past dates, the change applies from a date the editor picks
(``EventPage.schedule_from``): the schedule until the day before is kept
here, frozen, so past dates keep the time and place they had when they
happened, in the archive, JSON-LD, the feeds and RSS. The page's own fields
are always the current schedule.

Part of the page (a ParentalKey): a change from a date is one revision,
reviewed and published as one. Not translatable (no text); events.sync
copies the rows to translations with the place translated.
"""

from recurrence.fields import RecurrenceField

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from ..segments import ScheduleDays


class EventPastSchedule(ScheduleDays, Orderable):
    """One former schedule, valid from ``valid_from`` (None: since the
    series began) to ``valid_until`` (inclusive). The fields mean what the
    event page's fields of the same names mean."""

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="past_schedules")
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"))

    start_date = models.DateField(_("Datum"))
    start_time = models.TimeField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Letzter Tag"), null=True, blank=True)
    end_time = models.TimeField(_("Ende"), null=True, blank=True)
    recurrence = RecurrenceField(verbose_name=_("Wiederholung"), blank=True)
    location = models.ForeignKey(
        "site_core.Location",
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skip_public_holidays = models.BooleanField(default=False)
    skip_jewish_holidays = models.BooleanField(default=False)

    # The fields a change from a date freezes, the same on the page.
    SCHEDULE_FIELDS = [
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "recurrence",
        "location",
        "skip_public_holidays",
        "skip_jewish_holidays",
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("früherer Zeitplan")
        verbose_name_plural = _("frühere Zeitpläne")

    def __str__(self):
        return f"{self.valid_from or self.start_date} – {self.valid_until}"
