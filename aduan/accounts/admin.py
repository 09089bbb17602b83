"""Django admin for people and their roles: users with their memberships inline, memberships and
permission groups; every change is audited (aduan/audit/audited_admin.py)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from aduan.accounts.models import Membership, User
from aduan.audit.audited_admin import AuditedAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "can_view_identity"]


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "display_name", "email", "is_citizen", "is_active", "last_login"]
    list_filter = ["is_citizen", "is_active", "is_staff", "memberships__role"]
    search_fields = ["username", "display_name", "email"]
    ordering = ["username"]
    inlines = [MembershipInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Aduan"), {"fields": ("display_name", "language", "is_citizen")}),
    )
    show_full_result_count = False


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "agency", "can_view_identity", "created_at"]
    list_filter = ["role", "can_view_identity"]
    search_fields = ["user__username", "user__display_name", "agency__name", "agency__short_name"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]


# Django registers groups itself; a group's permissions are a grant like any other.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):
    pass
