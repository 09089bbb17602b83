"""Django admin for people and their roles: users with their memberships inline, and memberships."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from aduan.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "can_view_identity"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "can_view_identity", "created_at"]
    list_filter = ["role", "can_view_identity"]
    search_fields = ["user__username", "user__display_name", "agency__name", "agency__short_name"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]
