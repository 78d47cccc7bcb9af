import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_events(apps, schema_editor):
    """The stored rows' language and expiry date from their event pages, so
    that the month's counts are right before the next nightly run."""
    StoredOccurrence = apps.get_model("events", "StoredOccurrence")
    Page = apps.get_model("wagtailcore", "Page")
    event = Page.objects.filter(pk=OuterRef("event_id"))
    StoredOccurrence.objects.update(
        locale_id=Subquery(event.values("locale_id")[:1]),
        expire_at=Subquery(event.values("expire_at")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0017_feed_parts_change'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='storedoccurrence',
            name='expire_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name='storedoccurrence',
            name='locale',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.locale'),
        ),
        migrations.RunPython(copy_from_events, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='storedoccurrence',
            index=models.Index(fields=['locale', 'start_date', 'expire_at', 'event'], name='events_occurrence_count'),
        ),
        # Statistics for the new index, as the nightly store_occurrences
        # makes them: without, SQLite may read a month along another index.
        migrations.RunSQL('ANALYZE "events_storedoccurrence"', migrations.RunSQL.noop),
    ]
