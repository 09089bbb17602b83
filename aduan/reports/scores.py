"""The agency score and its predicate from the published formula (DESIGN §8, docs/reports.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from aduan.reports.models import ScoreFormula

DEFAULT = ScoreFormula(
    name="Rumus bawaan",
    weight_on_time=50,
    weight_completion=30,
    weight_satisfaction=20,
    very_good_from=Decimal(90),
    good_from=Decimal(80),
    fair_from=Decimal(70),
)


def formula_for(day: date) -> ScoreFormula:
    """The active formula in force on `day` (the built-in default if administrators removed all)."""
    found = (
        ScoreFormula.objects.filter(is_active=True, valid_from__lte=day)
        .order_by("-valid_from", "-id")
        .first()
    )
    return found or DEFAULT


@dataclass(frozen=True)
class Score:
    """A score with the inputs it came from; None parts had no data and were left out."""

    on_time_pct: float | None
    completion_pct: float | None
    satisfaction_pct: float | None
    value: float | None
    predicate: str

    @property
    def rank_key(self) -> float:
        return -1.0 if self.value is None else self.value


def predicate(value: float | None, formula: ScoreFormula) -> str:
    if value is None:
        return _("Belum dinilai")
    if value >= float(formula.very_good_from):
        return _("Sangat Baik")
    if value >= float(formula.good_from):
        return _("Baik")
    if value >= float(formula.fair_from):
        return _("Sedang")
    return _("Kurang")


def score(
    formula: ScoreFormula,
    *,
    on_time_pct: float | None,
    completion_pct: float | None,
    satisfaction_pct: float | None,
) -> Score:
    """Weighted mean of the parts that have data; weights of missing parts are shared out
    proportionally, so an agency without ratings is judged on what is known, not given zero."""
    parts = [
        (on_time_pct, formula.weight_on_time),
        (completion_pct, formula.weight_completion),
        (satisfaction_pct, formula.weight_satisfaction),
    ]
    known = [(value, weight) for value, weight in parts if value is not None and weight > 0]
    total_weight = sum(weight for _value, weight in known)
    value = sum(v * w for v, w in known) / total_weight if known and total_weight else None
    if value is not None:
        value = round(value, 2)
    return Score(on_time_pct, completion_pct, satisfaction_pct, value, predicate(value, formula))
