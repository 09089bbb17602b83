"""Default time limits of DESIGN §3 as rows administrators can edit."""

from django.db import migrations

DEFAULTS = [
    # step, classification, amount (working days)
    ("verification", "", 3),
    ("first_response", "", 5),
    ("completion", "", 14),
    ("completion", "information", 5),
    ("completion", "aspiration", 5),
    ("completion", "complaint", 14),
    ("completion", "misconduct", 60),
    ("review", "", 3),
    ("citizen_reply", "", 5),
    ("confirmation", "", 10),
]


def create(apps, schema_editor):
    DeadlineRule = apps.get_model("agencies", "DeadlineRule")
    for step, classification, amount in DEFAULTS:
        DeadlineRule.objects.get_or_create(
            step=step, classification=classification, category=None, complexity="",
            defaults={"amount": amount, "unit": "working_days"},
        )


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
