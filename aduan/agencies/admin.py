"""Django admin for agencies and units (units inline), areas, categories, routing, deadlines, holidays
and the on-duty roster (piket)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from aduan.agencies.models import (
    Agency,
    Area,
    Category,
    DeadlineRule,
    DutyShift,
    Holiday,
    RoutingRule,
)
from aduan.audit.audited_admin import AuditedAdmin


class UnitInline(admin.TabularInline):
    model = Agency
    fk_name = "parent"
    extra = 0
    fields = ["name", "short_name", "code", "kind", "is_active"]
    verbose_name = _("unit kerja")
    verbose_name_plural = _("unit kerja di bawahnya")
    show_change_link = True


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "kind", "parent", "review_required", "is_active"]
    list_filter = ["kind", "is_active", "review_required"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent", "area"]
    list_select_related = ["parent"]
    inlines = [UnitInline]
    fields = [
        "name",
        "short_name",
        "code",
        "kind",
        "parent",
        "area",
        "working_days",
        "review_required",
        "is_active",
    ]


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    show_full_result_count = False


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = [
        "name",
        "group",
        "default_classification",
        "complexity",
        "auto_route",
        "is_sensitive",
        "is_urgent",
        "evidence_required",
        "sort_order",
        "is_active",
    ]
    list_editable = ["sort_order", "is_active"]
    list_filter = [
        "group",
        "default_classification",
        "auto_route",
        "is_sensitive",
        "is_urgent",
        "is_active",
    ]
    search_fields = ["name", "slug", "group"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = ["category", "area", "agency", "note"]
    list_filter = ["category", "agency"]
    search_fields = ["category__name", "area__name", "area__code", "agency__name", "note"]
    autocomplete_fields = ["category", "area", "agency"]
    list_select_related = ["category", "area", "agency"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    list_display = ["step", "classification", "category", "complexity", "amount", "unit"]
    list_filter = ["step", "classification", "complexity", "unit"]
    autocomplete_fields = ["category"]
    list_select_related = ["category"]


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(DutyShift)
class DutyShiftAdmin(AuditedAdmin):
    """Administrators keep each agency's roster; the model's clean() refuses a shift that ends
    before it starts, a person who is not staff of the node, and a person on two shifts at once."""

    list_display = ["agency", "user", "starts_at", "ends_at", "phone_note"]
    list_filter = [("agency", admin.RelatedOnlyFieldListFilter), "starts_at"]
    search_fields = ["user__username", "user__display_name", "agency__name", "agency__short_name"]
    autocomplete_fields = ["agency", "user"]
    list_select_related = ["agency", "user"]
    date_hierarchy = "starts_at"
    fields = ["agency", "user", "starts_at", "ends_at", "phone_note"]
