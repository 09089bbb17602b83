"""Read-only questions other pages ask about notifications (the staff complaint page, the header)."""

from __future__ import annotations

from typing import Any

from aduan.notifications.models import Notification, Outbox, OutboxQuerySet


def failed_deliveries(complaint: Any) -> OutboxQuerySet:
    """Messages about this complaint that could not be delivered, newest first.

    Each row has channel, template, last_error, attempts and created_at; the recipient address
    is personal data, so show it only to people who may see the reporter's identity.
    """
    return Outbox.objects.filter(complaint=complaint).failed().order_by("-created_at")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
