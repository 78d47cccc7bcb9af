"""The people of the alert tests and their steps: a confirmed subscriber
(made directly: the sign-up has tests of its own), an editor of the
Redaktion group who changes a date in the admin and submits it, a
moderator who approves, a translator who translates in wagtail-localize;
and time passing for the queue and the alerts' windows alike."""

import datetime as dt

from recurrence import deserialize

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from wagtail.models import WorkflowState

from alerts.models import Follow, PendingChange, Subscriber
from events.models import EventPage
from site_core.roles import EDITORS, MODERATORS, setup_roles
from site_core.translation import translate_object
from tests.admin_forms import form_data
from tests.utils import build_site, russian, translate_site

from .worker import let_time_pass

TODAY = timezone.localdate()
# A weekly series whose dates are all to come, whatever today's weekday.
START = TODAY + dt.timedelta(days=7)


def alerts_to(person):
    """The mails ``person`` got."""
    return [message for message in mail.outbox if message.to == [person.email]]


def german(date):
    return f"{date:%d.%m.%Y}"


def site_with_weekly_event():
    """build_site() with its event every week at 18:00 from START, in
    German and Russian, and the real roles."""
    site = build_site()
    event = site.event
    event.start_date = START
    event.start_time, event.end_time = dt.time(18), dt.time(19, 30)
    event.recurrence = deserialize("RRULE:FREQ=WEEKLY")
    event.save_revision().publish()
    translate_site(site)
    setup_roles()
    # The event has been on the site for long: its being new was told.
    PendingChange.objects.all().delete()
    return site


def user_in(group_name):
    username = group_name.lower().replace("ü", "ue")
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def subscriber(email, language, *pages):
    """A confirmed subscriber following ``pages`` (none: all events)."""
    person = Subscriber.objects.create(
        email=email, language=language, confirmed_at=timezone.now() - dt.timedelta(days=1)
    )
    for page in pages or [None]:
        Follow.objects.create(subscriber=person, page=page)
    return person


class Editorial:
    """The Redaktion and the Moderation at work on one event."""

    def __init__(self, event):
        self.event = event
        self.editor = user_in(EDITORS)
        self.moderator = user_in(MODERATORS)
        self.client = Client()

    def submit(self, **changes):
        """The editor opens the event, changes fields and submits it."""
        self.client.force_login(self.editor)
        url = f"/admin/pages/{self.event.pk}/edit/"
        data = form_data(self.client.get(url))
        data.update({"body-count": "0", "action-submit": "action-submit", **changes})
        response = self.client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        self.client.logout()

    def date_change(self, date, action, reason="", **fields):
        """The form fields of a new "Einzelner Termin" row, as typed."""
        self.client.force_login(self.editor)
        data = form_data(self.client.get(f"/admin/pages/{self.event.pk}/edit/"))
        self.client.logout()
        index = int(data["date_changes-TOTAL_FORMS"])
        row = {"date": german(date), "action": action, "reason": reason, **fields}
        return {
            "date_changes-TOTAL_FORMS": str(index + 1),
            **{f"date_changes-{index}-{name}": value for name, value in row.items()},
        }

    def remove_date_changes(self):
        """Fields that delete every single-date change the event has."""
        self.client.force_login(self.editor)
        data = form_data(self.client.get(f"/admin/pages/{self.event.pk}/edit/"))
        self.client.logout()
        count = int(data["date_changes-TOTAL_FORMS"])
        return {f"date_changes-{index}-DELETE": "on" for index in range(count)}

    def approve(self):
        """The moderator approves what is waiting: it is published."""
        state = WorkflowState.objects.get(
            base_content_type__model="page",
            object_id=str(self.event.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        self.client.force_login(self.moderator)
        url = f"/admin/pages/workflow/action/{self.event.pk}/approve/{state.current_task_state.pk}/"
        response = self.client.post(url, {"comment": ""})
        assert response.status_code == 302
        self.client.logout()

    def cancel(self, date, reason):
        self.submit(**self.date_change(date, "cancel", reason))
        self.approve()


def translator_translates(event, site):
    """The translator translates the German event (reasons included) in
    wagtail-localize's editor and publishes it."""
    translate_object(EventPage.objects.get(pk=event.pk), site.ru, russian)


def let_alert_time_pass(delta):
    """``delta`` passes for the alerts as well as for the queue: the changes,
    the sign-ups, their confirmations and the last alerts are that much
    older."""
    let_time_pass(delta)
    for change in PendingChange.objects.all():
        change.created_at -= delta
        if change.handled_at:
            change.handled_at -= delta
        change.save(update_fields=["created_at", "handled_at"])
    for person in Subscriber.objects.all():
        person.created_at -= delta
        if person.confirmed_at:
            person.confirmed_at -= delta
        if person.last_alert_at:
            person.last_alert_at -= delta
        person.save(update_fields=["created_at", "confirmed_at", "last_alert_at"])
