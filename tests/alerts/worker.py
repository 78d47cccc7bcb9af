"""Running the mail worker in tests as production runs it: the
``db_worker`` command over django-tasks' database queue."""

import datetime as dt

from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.utils import timezone


def run_mail_worker():
    """Work the "mail" queue until nothing is due, as `db_worker` does."""
    call_command("db_worker", "--backend", "mail", "--batch", "--no-startup-delay", verbosity=0)


def let_time_pass(delta):
    """Bring tasks planned within ``delta`` forward to now: the queue's clock
    is the database's, which a test cannot move."""
    soon = timezone.now() + delta
    DBTaskResult.objects.filter(run_after__lte=soon).update(
        run_after=timezone.now() - dt.timedelta(seconds=1)
    )
