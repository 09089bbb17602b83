"""The agency score and its predicate from the published formula (DESIGN §8, docs/reports.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from aduan.reports.models import ScoreFormula

DEFAULT = ScoreFormula(
    name="Rumus bawaan", weight_on_time=50, weight_completion=30, weight_satisfaction=20
)


def formula_for(day: date) -> ScoreFormula:
    """The active formula in force on `day` (the built-in default if administrators removed all)."""
    found = (
        ScoreFormula.objects.filter(is_active=True, valid_from__lte=day)
        .prefetch_related("predicates")
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
    """The formula's name for a score: the best band whose lowest score it reaches."""
    if value is None:
        return _("Belum dinilai")
    bands = formula.bands()
    for name, lowest in bands:
        if value >= float(lowest):
            return name
    # Below every band (a formula whose lowest band starts above 0): the lowest band's name.
    return bands[-1][0] if bands else ""


def describe(formula: ScoreFormula) -> str:
    """The predicates as the report states them: "Sangat Baik ≥ 90, Baik ≥ 80, …"."""
    bands = formula.bands()
    parts = [f"{name} ≥ {float(lowest):g}" for name, lowest in bands if lowest > 0]
    if bands and bands[-1][1] == 0:
        parts.append(_("%(name)s di bawahnya") % {"name": bands[-1][0]})
    return ", ".join(parts)


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
