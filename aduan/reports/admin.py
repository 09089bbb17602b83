"""Administration of the score formula and its predicates (the city's own rating names)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from aduan.audit.audited_admin import AuditedAdmin
from aduan.reports.models import DEFAULT_PREDICATES, ScoreFormula, ScorePredicate


class PredicateFormSet(forms.BaseInlineFormSet):
    """A formula names every score: at least one predicate, one of them starting at 0."""

    def clean(self) -> None:
        # Before the formset's own uniqueness check, whose message names no predicate.
        kept = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE", False)
        ]
        lowest = [row["lowest_score"] for row in kept if row.get("lowest_score") is not None]
        if Decimal(0) not in lowest:
            raise ValidationError(
                _("Satu predikat harus mulai dari nilai 0, agar setiap nilai mendapat predikat.")
            )
        if len(set(lowest)) != len(lowest):
            raise ValidationError(_("Dua predikat tidak boleh mulai dari nilai yang sama."))
        super().clean()


class ScorePredicateInline(admin.TabularInline):
    model = ScorePredicate
    formset = PredicateFormSet
    fields = ("name", "lowest_score")
    min_num = 1

    def get_extra(self, request: HttpRequest, obj: ScoreFormula | None = None, **kw: Any) -> int:
        # A new formula is offered the usual four rows (filled in); an existing one, one spare.
        return len(DEFAULT_PREDICATES) - 1 if obj is None else 1


@admin.register(ScoreFormula)
class ScoreFormulaAdmin(AuditedAdmin):
    list_display = (
        "name",
        "valid_from",
        "weight_on_time",
        "weight_completion",
        "weight_satisfaction",
        "is_active",
    )
    list_filter = ("is_active",)
    inlines = [ScorePredicateInline]

    def get_formset_kwargs(
        self, request: HttpRequest, obj: ScoreFormula, inline: Any, prefix: str
    ) -> dict[str, Any]:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj.pk is None and request.method == "GET":
            kwargs["initial"] = [{"name": n, "lowest_score": v} for n, v in DEFAULT_PREDICATES]
        return kwargs
