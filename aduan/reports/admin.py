"""Administration of the score formula."""

from django.contrib import admin

from aduan.audit.audited_admin import AuditedAdmin
from aduan.reports.models import ScoreFormula


@admin.register(ScoreFormula)
class ScoreFormulaAdmin(AuditedAdmin):
    list_display = (
        "name",
        "valid_from",
        "weight_on_time",
        "weight_completion",
        "weight_satisfaction",
        "very_good_from",
        "good_from",
        "fair_from",
        "is_active",
    )
    list_filter = ("is_active",)
