"""Feed parts are stored cleaned of control characters (a feed is served as
the plain join of its header and its parts), and the feeds join the event
pages to their parts (related_name "feed_part")."""

import hashlib
import re

import django.db.models.deletion
from django.db import migrations, models

# events.ical.ICAL_CONTROL_CHARACTERS, copied: a migration keeps what it did.
CONTROL_CHARACTERS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_stored_parts(apps, schema_editor):
    """Parts stored before this release hold the characters the feed used
    to clean when serving; cleaned, a part gets the version of its bytes."""
    parts = apps.get_model("events", "StoredFeedPart").objects
    for event_id, body in parts.values_list("event_id", "body").iterator():
        cleaned = CONTROL_CHARACTERS.sub(b" ", bytes(body))
        if cleaned != bytes(body):
            parts.filter(event_id=event_id).update(
                body=cleaned, version=hashlib.sha256(cleaned).hexdigest()
            )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0013_stored_feed_parts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="storedfeedpart",
            name="event",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="feed_part",
                serialize=False,
                to="events.eventpage",
            ),
        ),
        migrations.RunPython(clean_stored_parts, migrations.RunPython.noop),
    ]
