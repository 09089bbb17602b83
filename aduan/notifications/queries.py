"""Read-only questions other pages ask about notifications: the staff pages, the header, health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from aduan.notifications.models import (
    JobRun,
    Notification,
    Outbox,
    OutboxQuerySet,
    WorkerHeartbeat,
)


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


@dataclass(frozen=True)
class WorkerState:
    name: str
    beat_at: datetime
    stopped_at: datetime | None
    age_seconds: float
    stale: bool


@dataclass(frozen=True)
class DeliveryHealth:
    """The outbox and its workers at a glance: what an operator's monitoring watches."""

    pending: int
    sending: int
    failed: int
    oldest_pending_seconds: float
    workers: list[WorkerState]
    held_jobs: list[str]

    @property
    def live_workers(self) -> int:
        # A worker run from cron (--once) stops after each run: recent is what counts.
        return sum(1 for w in self.workers if not w.stale)

    @property
    def last_beat_seconds(self) -> float | None:
        return min((w.age_seconds for w in self.workers), default=None)

    @property
    def problems(self) -> list[str]:
        """What an alert would say; empty when deliveries are flowing."""
        found = []
        if not self.live_workers and (self.pending or self.sending):
            found.append("no worker has reported in the last ADUAN_WORKER_STALE_SECONDS")
        if self.oldest_pending_seconds > settings.ADUAN_OUTBOX_ALERT_SECONDS:
            found.append("the oldest message due has waited longer than ADUAN_OUTBOX_ALERT_SECONDS")
        if self.held_jobs:
            found.append(
                f"jobs held because the clock jumped: {', '.join(self.held_jobs)}; "
                "check the clock, then run manage.py confirm_clock"
            )
        return found


def delivery_health(now: datetime | None = None) -> DeliveryHealth:
    """Counts by status (pending, sending, failed) and every worker's last heartbeat."""
    now = now or timezone.now()
    counts = dict(
        Outbox.objects.filter(
            status__in=(Outbox.Status.PENDING, Outbox.Status.SENDING, Outbox.Status.FAILED)
        )
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    # Waiting counts from when a message came due: a retry scheduled for later is not late yet.
    oldest = Outbox.objects.due(now).aggregate(first=Min("next_attempt_at"))["first"]
    stale_after = settings.ADUAN_WORKER_STALE_SECONDS
    workers = [
        WorkerState(
            name=w.name,
            beat_at=w.beat_at,
            stopped_at=w.stopped_at,
            age_seconds=max((now - w.beat_at).total_seconds(), 0.0),
            stale=(now - w.beat_at).total_seconds() > stale_after,
        )
        for w in WorkerHeartbeat.objects.order_by("name")
    ]
    return DeliveryHealth(
        pending=counts.get(Outbox.Status.PENDING, 0),
        sending=counts.get(Outbox.Status.SENDING, 0),
        failed=counts.get(Outbox.Status.FAILED, 0),
        oldest_pending_seconds=max((now - oldest).total_seconds(), 0.0) if oldest else 0.0,
        workers=workers,
        held_jobs=sorted(
            JobRun.objects.filter(held_at__isnull=False).values_list("name", flat=True)
        ),
    )
