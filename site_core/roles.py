"""The three roles of the admin and what each may do, set up idempotently by
``manage.py setup_roles`` (and by the demo loader).

- Redaktion (editors): create and edit German pages, events and snippets;
  publishing goes through the German approval workflow.
- Moderation (moderators): approve and publish in both languages.
- Übersetzung (translators): translate into Russian in wagtail-localize's
  editor and publish Russian pages; the German tree is read-only to them.

Page permissions are granted on a language's home page, so they cover
exactly that language's tree. Snippet permissions in Wagtail are per model,
not per language: ``site_core.wagtail_hooks`` stops translators from
editing German snippets.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Redaktion"
MODERATORS = "Moderation"
TRANSLATORS = "Übersetzung"

# Wagtail's migrations create these two with rights on the whole tree
# (every language): they become Redaktion and Moderation.
WAGTAIL_DEFAULT_NAMES = {EDITORS: "Editors", MODERATORS: "Moderators"}

WORKFLOW_NAME = _("Freigabe deutscher Seiten")
TASK_NAME = _("Freigabe durch die Moderation")

SNIPPETS = ["location", "contactperson", "footertext"]
# (app label, model) of the image and document libraries.
MEDIA = [("wagtailimages", "image"), ("wagtaildocs", "document")]

MODEL_PERMISSIONS = {
    EDITORS: [
        "wagtailadmin.access_admin",
        *(f"{app}.{a}_{m}" for app, m in MEDIA for a in ("add", "change", "choose")),
        *(f"site_core.{a}_{s}" for s in SNIPPETS for a in ("add", "change", "view")),
        "wagtail_localize.submit_translation",
    ],
    MODERATORS: [
        "wagtailadmin.access_admin",
        *(f"{app}.{a}_{m}" for app, m in MEDIA for a in ("add", "change", "choose", "delete")),
        *(f"site_core.{a}_{s}" for s in SNIPPETS for a in ("add", "change", "view", "delete")),
        "site_core.change_sitesettings",
        "wagtail_localize.submit_translation",
    ],
    TRANSLATORS: [
        "wagtailadmin.access_admin",
        *(f"{app}.choose_{m}" for app, m in MEDIA),
        # Needed to translate snippets at all; German ones are refused in
        # site_core.wagtail_hooks.
        *(f"site_core.{a}_{s}" for s in SNIPPETS for a in ("change", "view")),
    ],
}

# Page permissions per role, per language code of the home page they apply to.
PAGE_PERMISSIONS = {
    EDITORS: {"de": ["add_page", "change_page"]},
    MODERATORS: {
        "de": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "ru": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    },
    TRANSLATORS: {"ru": ["add_page", "change_page", "publish_page"]},
}


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group(name):
    group = Group.objects.filter(name=name).first()
    if group is None and name in WAGTAIL_DEFAULT_NAMES:
        group = Group.objects.filter(name=WAGTAIL_DEFAULT_NAMES[name]).first()
        if group is not None:
            group.name = name
            group.save()
    return group or Group.objects.create(name=name)


def _home_pages():
    """The root's children, by language code: one home page per language."""
    root = Page.get_first_root_node()
    return {
        page.locale.language_code: page for page in root.get_children().select_related("locale")
    }


@transaction.atomic
def setup_roles():
    """Create or reset the three groups, their permissions and the German
    approval workflow. Safe to run again: each run leaves the same state."""
    homes = _home_pages()
    groups = {}
    for name, permissions in MODEL_PERMISSIONS.items():
        group = groups[name] = _group(name)
        group.permissions.set([_permission(p) for p in permissions])
        GroupPagePermission.objects.filter(group=group).delete()
        for language, codenames in PAGE_PERMISSIONS[name].items():
            if language not in homes:
                continue
            for codename in codenames:
                GroupPagePermission.objects.create(
                    group=group,
                    page=homes[language],
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )

    workflow, _created = Workflow.objects.get_or_create(name=str(WORKFLOW_NAME))
    task = GroupApprovalTask.objects.filter(name=str(TASK_NAME)).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=str(TASK_NAME))
    task.groups.set([groups[MODERATORS]])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Only German pages go through approval; Wagtail's default workflow on the
    # root would otherwise hold up every Russian translation as well.
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).delete()
    source_locale = Locale.get_default()
    if source_locale.language_code in homes:
        WorkflowPage.objects.update_or_create(
            page=homes[source_locale.language_code], defaults={"workflow": workflow}
        )
    return groups
