"""Changes to single dates of an event: cancelled, moved, or with a note."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin

from ..date_change_panels import SeriesDatePanel
from ..recurrence_rules import in_calendar_years
from ..validation import out_of_calendar_years


class EventDateChange(TranslatableMixin, Orderable):
    """A change to one date of an event: cancelled, moved, or with a note.

    Translatable, so that wagtail-localize offers the reason to translators;
    the dates themselves are copied to translations on publish (events.sync).
    """

    class Action(models.TextChoices):
        CANCEL = "cancel", _("Absagen")
        MOVE = "move", _("Verschieben")
        NOTE = "note", _("Hinweis")

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="date_changes")
    date = models.DateField(_("Termin am"), help_text=_("Das ursprüngliche Datum des Termins."))
    action = models.CharField(_("Änderung"), max_length=10, choices=Action.choices)
    new_date = models.DateField(_("Neues Datum"), null=True, blank=True)
    new_start_time = models.TimeField(_("Neuer Beginn"), null=True, blank=True)
    new_end_time = models.TimeField(_("Neues Ende"), null=True, blank=True)
    new_location = models.ForeignKey(
        "site_core.Location",
        verbose_name=_("Neuer Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(
        _("Grund oder Hinweis"),
        max_length=250,
        blank=True,
        help_text=_("Wird Besucherinnen und Besuchern angezeigt, z. B. „wegen Krankheit“."),
    )

    # For the RSS feed of changes: when visitors were told.
    created_at = models.DateTimeField(_("eingetragen am"), default=timezone.now, editable=False)

    panels = [
        # The date is picked from the series' next dates (or typed).
        FieldRowPanel([SeriesDatePanel("date"), FieldPanel("action")]),
        FieldRowPanel(
            [FieldPanel("new_date"), FieldPanel("new_start_time"), FieldPanel("new_end_time")]
        ),
        FieldPanel("new_location"),
        FieldPanel("reason"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Änderung eines Termins")
        verbose_name_plural = _("Änderungen einzelner Termine")

    def clean(self):
        super().clean()
        errors = {
            name: out_of_calendar_years()
            for name in ("date", "new_date")
            if getattr(self, name) and not in_calendar_years(getattr(self, name))
        }
        if errors:
            raise ValidationError(errors)
        if self.action == self.Action.MOVE and not (self.new_date or self.new_start_time):
            raise ValidationError(
                {"new_date": _("Bitte geben Sie ein neues Datum oder eine neue Uhrzeit an.")}
            )
