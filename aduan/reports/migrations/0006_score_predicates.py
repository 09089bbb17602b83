from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def thresholds_to_predicates(apps, schema_editor):
    ScoreFormula = apps.get_model("reports", "ScoreFormula")
    ScorePredicate = apps.get_model("reports", "ScorePredicate")
    for formula in ScoreFormula.objects.all():
        for name, lowest in (
            ("Sangat Baik", formula.very_good_from),
            ("Baik", formula.good_from),
            ("Sedang", formula.fair_from),
            ("Kurang", Decimal(0)),
        ):
            ScorePredicate.objects.create(formula=formula, name=name, lowest_score=lowest)


def predicates_to_thresholds(apps, schema_editor):
    """Back to three thresholds: the three highest bands above 0, as far as there are any."""
    ScoreFormula = apps.get_model("reports", "ScoreFormula")
    for formula in ScoreFormula.objects.all():
        above = sorted(
            (p.lowest_score for p in formula.predicates.all() if p.lowest_score > 0), reverse=True
        )
        above += [Decimal(90), Decimal(80), Decimal(70)][len(above) :]
        formula.very_good_from, formula.good_from, formula.fair_from = above[:3]
        formula.save()


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_complaint_report_indexes")]

    operations = [
        migrations.CreateModel(
            name="ScorePredicate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=40, verbose_name="predikat")),
                (
                    "lowest_score",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=5,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="mulai dari nilai",
                    ),
                ),
                (
                    "formula",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="predicates",
                        to="reports.scoreformula",
                    ),
                ),
            ],
            options={
                "verbose_name": "predikat",
                "verbose_name_plural": "predikat",
                "ordering": ["formula", "-lowest_score"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("formula", "lowest_score"), name="score_predicate_one_per_threshold"
                    )
                ],
            },
        ),
        migrations.RunPython(thresholds_to_predicates, predicates_to_thresholds),
        migrations.RemoveField(model_name="scoreformula", name="fair_from"),
        migrations.RemoveField(model_name="scoreformula", name="good_from"),
        migrations.RemoveField(model_name="scoreformula", name="very_good_from"),
    ]
