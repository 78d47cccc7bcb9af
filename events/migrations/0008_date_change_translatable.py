# Single-date changes become translatable (their reason is text visitors
# read). Existing rows get their page's locale and a key of their own each:
# AddField with a callable default would give every row the same UUID.

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill_locale_and_key(apps, schema_editor):
    EventDateChange = apps.get_model("events", "EventDateChange")
    for change in EventDateChange.objects.select_related("page"):
        change.locale_id = change.page.locale_id
        change.translation_key = uuid.uuid4()
        change.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_date_change_created_at"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventdatechange",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="eventdatechange",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_locale_and_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="eventdatechange",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="eventdatechange",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="eventdatechange",
            unique_together={("translation_key", "locale")},
        ),
    ]
