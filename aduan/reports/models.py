"""The published agency score formula, kept as data an administrator can edit (DESIGN §8)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScoreFormula(models.Model):
    """Weights of the agency score and the thresholds of its predicates.

    The active row with the latest `valid_from` on or before a month's first day applies to that
    month, so changing the formula never rewrites last year's published scores.
    """

    name = models.CharField(_("nama"), max_length=120)
    weight_on_time = models.PositiveSmallIntegerField(
        _("bobot penyelesaian tepat waktu (%)"), default=50
    )
    weight_completion = models.PositiveSmallIntegerField(
        _("bobot tingkat penyelesaian (%)"), default=30
    )
    weight_satisfaction = models.PositiveSmallIntegerField(_("bobot kepuasan (%)"), default=20)
    valid_from = models.DateField(_("berlaku mulai"), default=timezone.localdate)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("rumus nilai instansi")
        verbose_name_plural = _("rumus nilai instansi")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_on_time__lte=100)
                & Q(weight_completion__lte=100)
                & Q(weight_satisfaction__lte=100),
                name="score_formula_weights_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        total = self.weight_on_time + self.weight_completion + self.weight_satisfaction
        if total != 100:
            raise ValidationError(
                _("Jumlah bobot harus 100%%; sekarang %(total)s%%.") % {"total": total}
            )

    def bands(self) -> list[tuple[str, Decimal]]:
        """The predicates, best first, each with the lowest score that earns it.

        A formula not yet saved (the built-in default) uses DEFAULT_PREDICATES.
        """
        if self.pk is None:
            return list(DEFAULT_PREDICATES)
        return [(p.name, p.lowest_score) for p in self.predicates.all()]


# The predicates a new formula starts with; a city may name them otherwise (A, B, C, D, E).
DEFAULT_PREDICATES: tuple[tuple[str, Decimal], ...] = (
    ("Sangat Baik", Decimal(90)),
    ("Baik", Decimal(80)),
    ("Sedang", Decimal(70)),
    ("Kurang", Decimal(0)),
)


class ScorePredicate(models.Model):
    """One named band of the score: `name` from `lowest_score` up to the next band (DESIGN §8).

    The city's own words, as its report states them: "Sangat Baik"/"Baik"/… or "A"/"B"/…. The
    band starting at 0 names every score below the others.
    """

    formula = models.ForeignKey(ScoreFormula, on_delete=models.CASCADE, related_name="predicates")
    name = models.CharField(_("predikat"), max_length=40)
    lowest_score = models.DecimalField(
        _("mulai dari nilai"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["formula", "-lowest_score"]
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")
        constraints = [
            models.UniqueConstraint(
                fields=["formula", "lowest_score"], name="score_predicate_one_per_threshold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ≥ {float(self.lowest_score):g}"


class DailyRollup(models.Model):
    """Complaints received and completed per local day, per assigned node, for one breakdown.

    Dashboards read trends and breakdowns from these rows instead of counting a million complaints
    on every page view; rollups.py rebuilds them from the complaints (recent days by the worker,
    any range with `manage.py rebuild_rollups`).
    """

    class Dimension(models.TextChoices):
        ALL = "all", _("Semua")
        CATEGORY = "category", _("Kategori")
        AREA = "area", _("Wilayah")
        CHANNEL = "channel", _("Kanal")

    day = models.DateField()
    # complaint.assigned_path: the viewer's scope is a prefix match, like access.visible_complaints.
    node_path = models.CharField(max_length=255, blank=True)
    # complaint.agency; no database constraint, so deleting an agency never waits on statistics.
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    key = models.CharField(max_length=20, blank=True)
    received = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    rated_1 = models.PositiveIntegerField(default=0)
    rated_2 = models.PositiveIntegerField(default=0)
    rated_3 = models.PositiveIntegerField(default=0)
    rated_4 = models.PositiveIntegerField(default=0)
    rated_5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap harian")
        verbose_name_plural = _("rekap harian")
        indexes = [models.Index(fields=["dimension", "day"], name="rollup_dimension_day")]


class RollupState(models.Model):
    """When the roll-ups were last rebuilt, and up to which day (shown on dashboards)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)


class CompletionFigure(models.Model):
    """The durations of one completed complaint, computed once on its working calendar.

    A month's completion statistics are then aggregates in the database (figures.py). A row is
    fresh while the complaint's resolved_at and assigned_path equal the copies kept here.
    """

    complaint = models.OneToOneField(
        "complaints.Complaint", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    resolved_at = models.DateTimeField(db_index=True)
    node_path = models.CharField(max_length=255, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    hours = models.FloatField()
    working_days = models.FloatField()
    first_response_hours = models.FloatField(null=True)
    first_response_working_days = models.FloatField(null=True)
    band = models.PositiveSmallIntegerField()
    on_time = models.BooleanField(null=True)
    limit_amount = models.PositiveIntegerField(null=True)
    limit_unit = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = _("angka penyelesaian")
        verbose_name_plural = _("angka penyelesaian")
