"""Admin lists of outgoing messages (with "send again" for failed ones) and periodic job runs."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aduan.audit.audited_admin import AuditedAdmin
from aduan.audit.log import record
from aduan.lib.crypto import is_stored_empty
from aduan.lib.ratelimit import client_ip
from aduan.notifications.models import DeliveryAttempt, JobRun, Outbox, OutboxQuerySet
from aduan.notifications.worker import send_again


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ("started_at", "finished_at", "worker", "ok", "error")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Outbox)
class OutboxAdmin(AuditedAdmin):
    list_display = (
        "id",
        "created_at",
        "channel",
        "template",
        "complaint",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("status", "channel", "template")
    search_fields = ("complaint__tracking_code", "template", "last_error")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    list_select_related = ("complaint",)
    actions = ["send_again_action"]
    inlines = [DeliveryAttemptInline]
    # The recipient is a reporter's or citizen's email or phone: identity, which an administrator
    # does not read here. Staff with the identity permission open a reporter's contact on the
    # complaint's page, with a reason that is logged (aduan/privacy/identity.py).
    exclude = ("recipient",)
    readonly_fields = (
        "channel",
        "template",
        "recipient_shown",
        "recipient_user",
        "complaint",
        "context",
        "language",
        "idempotency_key",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "claimed_by",
        "sent_at",
        "last_error",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("penerima"))
    def recipient_shown(self, row: Outbox) -> str:
        if row.recipient_user_id is not None and not row.context.get("follower_id"):
            return str(_("petugas (lihat kolom pengguna)"))
        if is_stored_empty(row, "recipient"):
            return "—"
        return str(_("pelapor atau warga: disimpan terenkripsi, tidak ditampilkan"))

    @admin.action(description=_("Kirim ulang pesan yang gagal"))
    def send_again_action(self, request: HttpRequest, queryset: OutboxQuerySet) -> None:
        with transaction.atomic():
            ids = sorted(queryset.values_list("pk", flat=True))
            count = send_again(queryset)
            if count:
                record(
                    actor=request.user,
                    action="admin.send_again",
                    object_type=Outbox._meta.label_lower,
                    after={"selected": ids[:100], "queued": count},
                    ip=client_ip(request),
                )
        self.message_user(
            request,
            ngettext(
                "%(n)d pesan dijadwalkan untuk dikirim ulang.",
                "%(n)d pesan dijadwalkan untuk dikirim ulang.",
                count,
            )
            % {"n": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(JobRun)
class JobRunAdmin(AuditedAdmin):
    list_display = ("name", "last_slot", "last_run_at")
    readonly_fields = ("name", "last_slot", "last_run_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
