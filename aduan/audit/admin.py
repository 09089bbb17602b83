"""Django admin for the audit log: searchable and filterable, never added to, changed or deleted.

Citizens appear by their opaque reference; their IP addresses are never shown here (they are kept
apart for security investigations, then erased). Staff members' addresses are shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aduan.audit.models import AuditAddress, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "created_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "reason",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["=object_id", "actor_label", "action", "reason"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = [*(f.name for f in AuditEntry._meta.fields), "ip_address"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("address")

    @admin.display(description=_("alamat IP"))
    def ip_address(self, entry: AuditEntry) -> str:
        try:
            address = entry.address
        except AuditAddress.DoesNotExist:
            return str(_("tidak ada, atau sudah dihapus"))
        if address.public:
            return str(_("alamat warga atau pengunjung: disimpan terpisah, tidak ditampilkan"))
        return address.ip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
