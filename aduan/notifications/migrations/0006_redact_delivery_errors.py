"""Email addresses and phone numbers blanked out of stored delivery errors (shown in the admin)."""

import re

from django.db import migrations

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+|\b0|\b62)\d?(?:[ .\-]?\d){6,}")


def _redact(text):
    return PHONE.sub("[nomor]", EMAIL.sub("[alamat]", text))


def redact(apps, schema_editor):
    for model, field in (("Outbox", "last_error"), ("DeliveryAttempt", "error")):
        Model = apps.get_model("notifications", model)
        rows = Model.objects.exclude(**{field: ""}).only("pk", field)
        for row in rows.iterator(chunk_size=1000):
            clean = _redact(getattr(row, field))
            if clean != getattr(row, field):
                Model.objects.filter(pk=row.pk).update(**{field: clean})


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0005_job_slots_and_clock_hold'),
    ]

    operations = [
        migrations.RunPython(redact, migrations.RunPython.noop),
    ]
