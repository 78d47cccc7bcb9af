"""The people of the alerts' staff side: users in the real groups, as the
demo loader makes them, and subscribers following pages."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from alerts.models import Follow, Subscriber


def user_in(group_name, username=None, email=None):
    username = username or group_name.lower()
    user = get_user_model().objects.create_user(
        username, email if email is not None else f"{username}@example.org", username
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def subscriber(email, language="de", *, follows=(None,), confirmed=True):
    """A subscriber following ``follows`` (pages; None: all events)."""
    person = Subscriber.objects.create(
        email=email, language=language, confirmed_at=timezone.now() if confirmed else None
    )
    for page in follows:
        Follow.objects.create(subscriber=person, page=page)
    return person
