"""The published agency score formula, kept as data an administrator can edit (DESIGN §8)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
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
    very_good_from = models.DecimalField(
        _("Sangat Baik mulai"), max_digits=5, decimal_places=2, default=90
    )
    good_from = models.DecimalField(_("Baik mulai"), max_digits=5, decimal_places=2, default=80)
    fair_from = models.DecimalField(_("Sedang mulai"), max_digits=5, decimal_places=2, default=70)
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
        if not self.very_good_from > self.good_from > self.fair_from:
            raise ValidationError(_("Ambang harus menurun: Sangat Baik > Baik > Sedang."))
