"""Django admin for complaints (read-only: changes go through the staff console) and response templates."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aduan.audit.audited_admin import AuditedAdmin
from aduan.complaints.models import Complaint, ResponseTemplate


@admin.register(Complaint)
class ComplaintAdmin(AuditedAdmin):
    """A look-up list for administrators; every change of a complaint is an action in the console."""

    list_display = [
        "tracking_code",
        "title",
        "status",
        "category",
        "agency",
        "channel",
        "created_at",
        "due_at",
    ]
    list_filter = ["status", "channel", "classification", "is_confidential"]
    search_fields = ["=tracking_code", "title"]
    list_select_related = ["category", "agency"]
    raw_id_fields = ["reporter", "merged_into", "area", "agency", "unit"]
    date_hierarchy = "created_at"
    # Counting a million rows on every page view is the slow part of a large change list.
    show_full_result_count = False
    # The reporter (with the channel reference and original message, which are identity) is not
    # shown here; staff with the identity permission open it in the console, with a logged reason.
    exclude = ["reporter"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(AuditedAdmin):
    list_display = ["title", "category", "status", "is_active"]
    list_filter = ["is_active", "status", "category"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["category"]
    list_select_related = ["category"]
