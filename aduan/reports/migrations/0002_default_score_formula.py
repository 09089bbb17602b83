import datetime

from django.db import migrations


def create_default(apps, schema_editor):
    ScoreFormula = apps.get_model("reports", "ScoreFormula")
    if not ScoreFormula.objects.exists():
        ScoreFormula.objects.create(
            name="Rumus bawaan (DESIGN §8)",
            weight_on_time=50,
            weight_completion=30,
            weight_satisfaction=20,
            very_good_from=90,
            good_from=80,
            fair_from=70,
            valid_from=datetime.date(2000, 1, 1),
            is_active=True,
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_score_formula")]
    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
