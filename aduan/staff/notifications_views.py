"""In-app notifications for staff (the list, marking read, the unread count), and the delivery page
where the desk and administrators see messages that could not be delivered and send them again."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from aduan.accounts.models import Role, User
from aduan.complaints.access import scope_of
from aduan.notifications.models import Notification, Outbox
from aduan.notifications.queries import delivery_health, unread_count
from aduan.notifications.worker import send_again
from aduan.staff.decorators import staff_required

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def _mine(request: HttpRequest) -> QuerySet[Notification]:
    user = cast(User, request.user)  # staff_required let only signed-in staff through
    return Notification.objects.filter(user=user)


@require_GET
@staff_required
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = _mine(request).select_related("complaint")
    only_unread = request.GET.get("belum") == "1"
    if only_unread:
        rows = rows.filter(read_at__isnull=True)
    return render(
        request,
        "staff/notifications/list.html",
        {
            "notifications": rows[:PAGE_SIZE],
            "unread": unread_count(request.user),
            "only_unread": only_unread,
        },
    )


@require_POST
@staff_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read, then follow its link (or go back to the list)."""
    notification = _mine(request).filter(pk=pk).first()
    if notification is None:
        return redirect("staff:notifications")
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    if request.POST.get("buka") and notification.link:
        # Links are absolute (ADUAN_BASE_URL); follow only their path, and only within the console.
        parts = urlsplit(notification.link)
        if parts.path.startswith("/staf/"):
            return redirect(parts.path + (f"?{parts.query}" if parts.query else ""))
    return redirect("staff:notifications")


@require_POST
@staff_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    _mine(request).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("staff:notifications")


@require_GET
@staff_required
def unread(request: HttpRequest) -> JsonResponse:
    """The unread count, for a badge that refreshes itself where JavaScript runs."""
    return JsonResponse({"unread": unread_count(request.user)})


# ---------------------------------------------------------------------------------------------
# Deliveries: failed messages and the worker's state, for the desk and administrators


def may_see_deliveries(user: Any) -> bool:
    return bool({Role.ADMINISTRATOR, Role.VERIFIER} & scope_of(user).roles)


def deliveries_required(view: View) -> View:
    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_see_deliveries(request.user):
            return render(
                request,
                "staff/403.html",
                {"message": _("Halaman ini untuk meja pengaduan dan administrator.")},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@deliveries_required
def deliveries(request: HttpRequest) -> HttpResponse:
    """Messages that could not be delivered, newest first, with the reason; and the backlog."""
    failed = (
        Outbox.objects.failed()
        .select_related("complaint", "recipient_user")
        .order_by("-created_at", "-id")
    )
    page = Paginator(failed, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "staff/notifications/deliveries.html",
        {"page": page, "health": delivery_health()},
    )


@require_POST
@deliveries_required
def deliveries_send_again(request: HttpRequest) -> HttpResponse:
    """Queue the chosen failed messages (or all of them) for one more round of attempts."""
    rows = Outbox.objects.failed()
    if request.POST.get("semua") != "1":
        chosen = [int(pk) for pk in request.POST.getlist("pesan") if pk.isdigit()]
        if not chosen:
            messages.error(request, _("Pilih pesan yang akan dikirim ulang."))
            return redirect("staff:deliveries")
        rows = rows.filter(pk__in=chosen)
    count = send_again(rows)
    if count:
        messages.success(
            request,
            ngettext(
                "%(n)d pesan dijadwalkan untuk dikirim ulang.",
                "%(n)d pesan dijadwalkan untuk dikirim ulang.",
                count,
            )
            % {"n": count},
        )
    else:
        messages.warning(request, _("Tidak ada pesan gagal yang dapat dikirim ulang."))
    return redirect("staff:deliveries")
