"""In-app notifications for staff: the list, marking read, and the unread count."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from aduan.accounts.models import User
from aduan.notifications.models import Notification
from aduan.notifications.queries import unread_count
from aduan.staff.decorators import staff_required

PAGE_SIZE = 50


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
