"""Changes made as the site's people make them: a new revision published
by a user in the real Moderation group (site_core.roles), whose rights
Wagtail checks on publish."""


def moderator(username="bench-moderation"):
    """The demo content's moderator if there is one, else a user put in
    the Moderation group (made by setup_roles, which is safe to run again)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from site_core.roles import MODERATORS, setup_roles

    users = get_user_model().objects
    demo = users.filter(username="moderation", groups__name=MODERATORS).first()
    if demo is not None:
        return demo
    setup_roles()
    user, _created = users.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def publish_title(page, title, user):
    """What the admin's "Veröffentlichen" does: a new revision of the
    latest draft, published by ``user`` (PublishPermissionError if the
    user may not)."""
    # Read afresh: the instance's latest_revision is cached on it.
    draft = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.title = title
    draft.save_revision(user=user).publish(user=user)
