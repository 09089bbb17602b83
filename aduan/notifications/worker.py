"""Delivering outbox rows: claim a batch, send each outside any transaction, record every attempt.

Claims are short transactions that move rows from pending to sending (FOR UPDATE SKIP LOCKED on
PostgreSQL, so several workers never claim the same row; SQLite's immediate transactions
serialise the claims). A row stays in `sending` while its message is on its way; a worker killed
then leaves it there, and any worker puts it back in the queue after ADUAN_WORKER_RECLAIM_SECONDS.
"""

from __future__ import annotations

import logging
import os
import random
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from aduan.complaints.models import Follower
from aduan.notifications import audience
from aduan.notifications.channels import Channels, DeliveryError, TemporaryFailure
from aduan.notifications.models import DeliveryAttempt, Outbox, OutboxQuerySet
from aduan.notifications.render import render

log = logging.getLogger("aduan.worker")
Status = Outbox.Status


def default_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with jitter: about 1, 2, 4, 8 … minutes, capped, never in lockstep."""
    base = settings.ADUAN_NOTIFY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    capped = min(base, settings.ADUAN_NOTIFY_RETRY_MAX_SECONDS)
    # Half fixed, half random: failed rows of one outage spread out instead of returning together.
    return timedelta(seconds=capped / 2 + random.uniform(0, capped / 2))


def claim(batch: int, worker: str, now: datetime | None = None) -> list[Outbox]:
    """Move up to `batch` due rows to `sending` for this worker and return them."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Outbox.objects.due(now).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:batch])
        if not ids:
            return []
        # The attempt is counted when claimed: a worker killed mid-send still used one.
        Outbox.objects.filter(id__in=ids, status=Status.PENDING).update(
            status=Status.SENDING,
            claimed_at=now,
            claimed_by=worker[:80],
            attempts=F("attempts") + 1,
        )
        rows = list(
            Outbox.objects.filter(id__in=ids, claimed_by=worker[:80], status=Status.SENDING)
            .select_related("complaint", "recipient_user")
            .order_by("id")
        )
    return rows


def reclaim(now: datetime | None = None) -> int:
    """Put rows stuck in `sending` (their worker died mid-send) back in the queue."""
    now = now or timezone.now()
    before = now - timedelta(seconds=settings.ADUAN_WORKER_RECLAIM_SECONDS)
    with transaction.atomic():
        stuck = Outbox.objects.stuck(before)
        if connection.features.has_select_for_update_skip_locked:
            stuck = stuck.select_for_update(skip_locked=True)
        rows = list(stuck.values_list("id", "claimed_by", "claimed_at")[:1000])
        if not rows:
            return 0
        ids = [pk for pk, _by, _at in rows]
        # The cut-off attempt is recorded here: workers write an attempt only when it ends.
        DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(
                outbox_id=pk,
                worker=by,
                started_at=at or now,
                finished_at=now,
                ok=False,
                error="pengirim berhenti sebelum selesai (diambil ulang)",
            )
            for pk, by, at in rows
        )
        count = Outbox.objects.filter(id__in=ids, status=Status.SENDING).update(
            status=Status.PENDING,
            next_attempt_at=now,
            claimed_at=None,
            claimed_by="",
            last_error="diambil ulang: pengirim sebelumnya berhenti di tengah pengiriman",
        )
    if count:
        log.warning("reclaimed %d outbox rows stuck in sending", count)
    return count


def release(rows: list[Outbox], worker: str) -> None:
    """Give rows this worker claimed but will not send (it is stopping) back to the queue."""
    ids = [row.pk for row in rows]
    if ids:
        Outbox.objects.filter(id__in=ids, status=Status.SENDING, claimed_by=worker[:80]).update(
            status=Status.PENDING, claimed_at=None, claimed_by="", attempts=F("attempts") - 1
        )


def _withheld(row: Outbox) -> str | None:
    """Why a citizen's message must not go out now (None: send it).

    Checked again at delivery: the follower may have unsubscribed, and the complaint may have been
    made rahasia, since the message was queued.
    """
    follower_id = row.context.get("follower_id")
    if not follower_id:
        return None
    follower = (
        Follower.objects.select_related("reporter").filter(pk=follower_id, notify=True).first()
    )
    if follower is None:
        return ""
    complaint = row.complaint
    if complaint is None:
        return None
    complaint.refresh_from_db(fields=["is_confidential"])
    if audience.may_hear(follower, complaint, row.template, audience.reporter_account(complaint)):
        return None
    if complaint.is_confidential:
        return "aduan dirahasiakan: kabarnya hanya untuk pelapor"
    return "pesan ini hanya untuk pelapor"


def _finish(row: Outbox, worker: str, **values: object) -> bool:
    """Record the outcome, unless the row was reclaimed from under a worker that took too long."""
    return bool(
        Outbox.objects.filter(
            pk=row.pk, status=Status.SENDING, claimed_by=worker[:80], claimed_at=row.claimed_at
        ).update(**values)
    )


def deliver(row: Outbox, worker: str, channels: Channels) -> str:
    """Send one claimed row and record the attempt; returns the row's new status."""
    now = timezone.now()
    withheld = _withheld(row)
    if withheld is not None:
        _finish(row, worker, status=Status.SKIPPED, claimed_at=None, last_error=withheld)
        return Status.SKIPPED
    attempts = row.attempts
    error: DeliveryError | None = None
    try:
        message = render(row)
        channels.for_kind(row.channel).send(message)
    except DeliveryError as exc:
        error = exc
    except Exception as exc:  # a bug in a template or channel must not stop the worker
        log.exception("outbox row %s failed unexpectedly", row.pk)
        error = TemporaryFailure(f"{type(exc).__name__}: {exc}")
    done = timezone.now()
    # The attempt and the row's new state commit together: one commit per message. A worker
    # killed before this point leaves the row in `sending`; reclaim() records that attempt.
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            outbox=row,
            worker=worker[:80],
            started_at=now,
            finished_at=done,
            ok=error is None,
            error=error.reason if error else "",
        )
        if error is None:
            _finish(row, worker, status=Status.SENT, sent_at=done, last_error="")
            return Status.SENT
        if error.permanent or attempts >= settings.ADUAN_NOTIFY_MAX_ATTEMPTS:
            _finish(row, worker, status=Status.FAILED, last_error=error.reason)
            log.warning("outbox row %s failed: %s", row.pk, error.reason)
            return Status.FAILED
        _finish(
            row,
            worker,
            status=Status.PENDING,
            next_attempt_at=done + backoff(attempts),
            claimed_at=None,
            claimed_by="",
            last_error=error.reason,
        )
        return Status.PENDING


def deliver_batch(
    batch: int, worker: str, channels: Channels, stopping: Callable[[], bool] = lambda: False
) -> int:
    """Claim and deliver one batch; a stop request finishes the current message, then releases."""
    rows = claim(batch, worker)
    for index, row in enumerate(rows):
        if stopping():
            release(rows[index:], worker)
            break
        deliver(row, worker, channels)
    return len(rows)


def send_again(rows: OutboxQuerySet) -> int:
    """Queue failed rows for one more round of attempts (the admin's "send again")."""
    return rows.filter(status=Status.FAILED).update(
        status=Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        claimed_at=None,
        claimed_by="",
    )
