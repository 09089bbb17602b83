"""Delivering outbox rows: claim a batch, take each row's lease, send outside any transaction.

Ownership is per row. A claim moves due rows to `sending` under this worker's name (FOR UPDATE
SKIP LOCKED on PostgreSQL, so several workers never claim the same row; SQLite's immediate
transactions serialise the claims). Just before sending a row the worker renews its lease in a
conditional update that also counts the attempt and opens its DeliveryAttempt; if another worker
has taken the row back meanwhile, the update changes nothing and the row is not sent. A lease
older than ADUAN_WORKER_RECLAIM_SECONDS is free for any worker to take back, so a message can
only go out twice if its sender died (or froze) in the middle of that very message.

A worker's name survives restarts (host and slot, see `identity`), so a restarted worker takes
back its own unfinished rows at once instead of waiting for the reclaim time.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from aduan.complaints.models import Follower
from aduan.notifications import audience
from aduan.notifications.channels import Channels, DeliveryError, TemporaryFailure
from aduan.notifications.models import DeliveryAttempt, Outbox, OutboxQuerySet, WorkerHeartbeat
from aduan.notifications.render import render

log = logging.getLogger("aduan.worker")
Status = Outbox.Status
CUT_OFF = "pengirim berhenti sebelum selesai (diambil ulang)"
# Default slots tried when no --name is given: the first free one on this host is taken.
DEFAULT_SLOTS = 32
HEARTBEAT_SECONDS = 5.0


# ---------------------------------------------------------------------------------------------
# Who this worker is


class NameTaken(Exception):
    """Another live worker on this host already runs under the name asked for."""


@dataclass
class Identity:
    """The worker's name (host and slot) and the lock that proves no live process shares it."""

    name: str
    handle: IO[str] | None = field(default=None, repr=False)

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the file releases the lock
            self.handle = None


def _lock_dir() -> Path:
    database = connection.settings_dict
    # One lock per database: the same slot name may run against two deployments on one host.
    where = f"{database.get('HOST')}:{database.get('PORT')}/{database.get('NAME')}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:12]
    path = Path(settings.ADUAN_WORKER_LOCK_DIR) / digest
    path.mkdir(parents=True, exist_ok=True)
    return path


def _try_lock(slot: str) -> IO[str] | None:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in slot)
    handle = (_lock_dir() / f"worker-{safe}.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def identity(slot: str = "") -> Identity:
    """Take this host's worker slot `slot` (or the first free default slot) for this process.

    The kernel drops the lock when the process ends, however it ends, so holding it proves that
    rows left `sending` under this name belong to a dead predecessor.
    """
    host = socket.gethostname()
    if slot:
        handle = _try_lock(slot)
        if handle is None:
            raise NameTaken(
                f"a worker named {slot!r} is already running on {host}; "
                "give each worker on a host its own --name"
            )
        return Identity(f"{host}:{slot}"[:80], handle)
    for number in range(1, DEFAULT_SLOTS + 1):
        handle = _try_lock(f"worker-{number}")
        if handle is not None:
            return Identity(f"{host}:worker-{number}"[:80], handle)
    raise NameTaken(f"{DEFAULT_SLOTS} workers already run on {host}; name them with --name")


# ---------------------------------------------------------------------------------------------
# The retry schedule


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with jitter: about 1, 2, 4, 8 … minutes, capped, never in lockstep."""
    base = settings.ADUAN_NOTIFY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    capped = min(base, settings.ADUAN_NOTIFY_RETRY_MAX_SECONDS)
    # Half fixed, half random: failed rows of one outage spread out instead of returning together.
    return timedelta(seconds=capped / 2 + random.uniform(0, capped / 2))


def retry_window() -> timedelta:
    return timedelta(hours=settings.ADUAN_NOTIFY_RETRY_HOURS)


# ---------------------------------------------------------------------------------------------
# Claims and leases


def claim(batch: int, worker: str, now: datetime | None = None) -> list[Outbox]:
    """Move up to `batch` due rows to `sending` under this worker's name and return them."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Outbox.objects.due(now).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:batch])
        if not ids:
            return []
        # No attempt is counted yet: a row is tried only when its lease is renewed (begin()).
        Outbox.objects.filter(id__in=ids, status=Status.PENDING).update(
            status=Status.SENDING, claimed_at=now, claimed_by=worker[:80]
        )
        rows = list(
            Outbox.objects.filter(id__in=ids, claimed_by=worker[:80], status=Status.SENDING)
            .select_related("complaint", "recipient_user")
            .order_by("id")
        )
    return rows


def begin(row: Outbox, worker: str) -> DeliveryAttempt | None:
    """Renew the row's lease and open its attempt, if this worker still holds the row.

    None when another worker took the row back (this worker was too slow to reach it): the
    row must then not be sent.
    """
    now = timezone.now()
    with transaction.atomic():
        renewed = Outbox.objects.filter(
            pk=row.pk, status=Status.SENDING, claimed_by=worker[:80], claimed_at=row.claimed_at
        ).update(claimed_at=now, attempts=F("attempts") + 1)
        if not renewed:
            return None
        attempt = DeliveryAttempt.objects.create(outbox=row, worker=worker[:80], started_at=now)
    row.claimed_at = now
    row.attempts += 1
    return attempt


def _give_back(query: OutboxQuerySet, now: datetime, reason: str) -> tuple[int, int]:
    """Inside a transaction: put `sending` rows back in the queue; returns (rows, cut-off sends).

    A row whose attempt was still open was cut off mid-send; that attempt is closed as failed
    (it was a real try: the message may or may not have gone out). A row never started gets no
    attempt at all: taking it back costs it nothing.
    """
    rows = list(query.values_list("id", flat=True)[:1000])
    if not rows:
        return 0, 0
    cut = DeliveryAttempt.objects.filter(outbox_id__in=rows, finished_at__isnull=True).update(
        finished_at=now, ok=False, error=CUT_OFF
    )
    count = Outbox.objects.filter(id__in=rows, status=Status.SENDING).update(
        status=Status.PENDING,
        next_attempt_at=now,
        claimed_at=None,
        claimed_by="",
        last_error=reason,
    )
    return count, cut


def reclaim(now: datetime | None = None) -> int:
    """Take back rows whose lease ran out (their worker died or hangs) and queue them again."""
    now = now or timezone.now()
    before = now - timedelta(seconds=settings.ADUAN_WORKER_RECLAIM_SECONDS)
    with transaction.atomic():
        stuck = Outbox.objects.stuck(before)
        if connection.features.has_select_for_update_skip_locked:
            stuck = stuck.select_for_update(skip_locked=True)
        holders = sorted(set(stuck.values_list("claimed_by", flat=True)[:1000]))
        count, cut = _give_back(
            stuck, now, "diambil ulang: pengirim sebelumnya berhenti di tengah pengiriman"
        )
    if count:
        log.warning(
            "outbox_reclaimed rows=%d cut_off=%d from=%s",
            count,
            cut,
            ",".join(holders),
            extra={"event": "outbox_reclaimed", "rows": count, "cut_off": cut},
        )
    return count


def recover_own(worker: str, now: datetime | None = None) -> int:
    """At start-up: take back the rows a dead predecessor under this same name left `sending`."""
    now = now or timezone.now()
    with transaction.atomic():
        mine = Outbox.objects.filter(status=Status.SENDING, claimed_by=worker[:80])
        count, cut = _give_back(
            mine, now, "diambil ulang: pekerja dimulai ulang sebelum selesai mengirim"
        )
    if count:
        log.warning(
            "outbox_recovered worker=%s rows=%d cut_off=%d",
            worker,
            count,
            cut,
            extra={"event": "outbox_recovered", "worker": worker, "rows": count, "cut_off": cut},
        )
    return count


def release(rows: list[Outbox], worker: str) -> None:
    """Give rows this worker claimed but will not send (it is stopping) back to the queue."""
    ids = [row.pk for row in rows]
    if ids:
        Outbox.objects.filter(id__in=ids, status=Status.SENDING, claimed_by=worker[:80]).update(
            status=Status.PENDING, claimed_at=None, claimed_by=""
        )


# ---------------------------------------------------------------------------------------------
# Sending one row


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
    """Record the outcome, unless the row was taken back from under a worker that took too long."""
    return bool(
        Outbox.objects.filter(
            pk=row.pk, status=Status.SENDING, claimed_by=worker[:80], claimed_at=row.claimed_at
        ).update(**values)
    )


def _log_failure(
    row: Outbox, worker: str, error: DeliveryError, outcome: str, **more: object
) -> None:
    """One structured line per failed attempt: what, where, which try, and what happens next."""
    fields = {
        "event": "delivery_failed",
        "outbox": row.pk,
        "channel": row.channel,
        "template": row.template,
        "complaint": row.complaint.tracking_code if row.complaint else "",
        "attempt": row.attempts,
        "worker": worker,
        "outcome": outcome,
        "permanent": error.permanent,
        "error": error.reason,
        **more,
    }
    text = " ".join(f"{key}={value}" for key, value in fields.items() if key != "error")
    log.warning("%s error=%r", text, error.reason, extra=fields)


@dataclass
class Tally:
    """What one worker did since its counts were last written to its heartbeat row."""

    sent: int = 0
    failed_attempts: int = 0
    failed: int = 0

    def take(self) -> dict[str, int]:
        counts = {"sent": self.sent, "failed_attempts": self.failed_attempts, "failed": self.failed}
        self.sent = self.failed_attempts = self.failed = 0
        return counts


def deliver(row: Outbox, worker: str, channels: Channels, tally: Tally | None = None) -> str:
    """Send one claimed row and record the attempt; returns the row's new status.

    Returns `sending` without sending when the row's lease was lost to another worker.
    """
    tally = tally if tally is not None else Tally()
    withheld = _withheld(row)
    if withheld is not None:
        _finish(row, worker, status=Status.SKIPPED, claimed_at=None, last_error=withheld)
        return Status.SKIPPED
    attempt = begin(row, worker)
    if attempt is None:
        log.info(
            "outbox_lease_lost outbox=%s worker=%s",
            row.pk,
            worker,
            extra={"event": "outbox_lease_lost", "outbox": row.pk, "worker": worker},
        )
        return Status.SENDING
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
    # The attempt and the row's new state commit together: one commit per message after the
    # send. A worker killed before this point leaves the attempt open and the row `sending`.
    with transaction.atomic():
        closed = DeliveryAttempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(
            finished_at=done, ok=error is None, error=error.reason if error else ""
        )
        status = _settle(row, worker, error, done)
    if not closed:
        # Taken back while sending: the send outlived the lease (see the start-up check).
        log.error(
            "outbox_sent_after_reclaim outbox=%s worker=%s outcome=%s",
            row.pk,
            worker,
            "sent" if error is None else "failed",
            extra={"event": "outbox_sent_after_reclaim", "outbox": row.pk, "worker": worker},
        )
    if error is None:
        tally.sent += 1
    else:
        tally.failed_attempts += 1
        if status == Status.FAILED:
            tally.failed += 1
    return status


def _settle(row: Outbox, worker: str, error: DeliveryError | None, done: datetime) -> str:
    if error is None:
        _finish(row, worker, status=Status.SENT, sent_at=done, last_error="")
        return Status.SENT
    until = row.retry_until or done + retry_window()
    if error.permanent or row.attempts >= settings.ADUAN_NOTIFY_MAX_ATTEMPTS or done >= until:
        _finish(row, worker, status=Status.FAILED, retry_until=until, last_error=error.reason)
        _log_failure(row, worker, error, "failed")
        return Status.FAILED
    # The last try falls on the end of the window, however the backoff's jitter fell.
    next_at = min(done + backoff(row.attempts), until)
    _finish(
        row,
        worker,
        status=Status.PENDING,
        next_attempt_at=next_at,
        retry_until=until,
        claimed_at=None,
        claimed_by="",
        last_error=error.reason,
    )
    _log_failure(row, worker, error, "retry", next_attempt_at=next_at.isoformat())
    return Status.PENDING


def deliver_batch(
    batch: int,
    worker: str,
    channels: Channels,
    stopping: Callable[[], bool] = lambda: False,
    tally: Tally | None = None,
    between: Callable[[], None] = lambda: None,
) -> int:
    """Claim and deliver one batch; a stop request finishes the current message, then releases."""
    rows = claim(batch, worker)
    for index, row in enumerate(rows):
        if stopping():
            release(rows[index:], worker)
            break
        between()
        deliver(row, worker, channels, tally)
    return len(rows)


def send_again(rows: OutboxQuerySet) -> int:
    """Queue failed rows for one more round of attempts (the "send again" of the admin and console)."""
    return rows.filter(status=Status.FAILED).update(
        status=Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        retry_until=None,
        claimed_at=None,
        claimed_by="",
    )


# ---------------------------------------------------------------------------------------------
# Heartbeat


def beat(worker: str, tally: Tally, *, starting: bool = False, stopping: bool = False) -> None:
    """Write this worker's sign of life and add its latest counts to its totals."""
    now = timezone.now()
    counts = tally.take()
    values: dict[str, object] = {
        "beat_at": now,
        "pid": os.getpid(),
        **{name: F(name) + n for name, n in counts.items() if n},
    }
    if starting:
        values.update(started_at=now, stopped_at=None)
    if stopping:
        values["stopped_at"] = now
    if not WorkerHeartbeat.objects.filter(name=worker[:80]).update(**values):
        WorkerHeartbeat.objects.get_or_create(
            name=worker[:80],
            defaults={"pid": os.getpid(), "started_at": now, "beat_at": now, **counts},
        )


def add_recovered(worker: str, count: int) -> None:
    if count:
        WorkerHeartbeat.objects.filter(name=worker[:80]).update(recovered=F("recovered") + count)


# ---------------------------------------------------------------------------------------------
# The start-up check


def longest_send_seconds() -> int:
    """The longest one send can block while its server is slow but alive, from the timeouts.

    Each network step waits up to its timeout: SMTP connects, greets, maybe starts TLS and signs
    in, then MAIL, RCPT, DATA and the end of the message; a gateway call connects, sends and
    reads the answer.
    """
    longest = 0
    if settings.ADUAN_EMAIL_CHANNEL == "smtp":
        steps = 6 + (2 if settings.EMAIL_USE_TLS else 0) + (1 if settings.EMAIL_HOST_USER else 0)
        longest = max(longest, steps * settings.EMAIL_TIMEOUT)
    if settings.ADUAN_SMS_GATEWAY_URL or settings.ADUAN_WHATSAPP_GATEWAY_URL:
        longest = max(longest, 3 * settings.ADUAN_GATEWAY_TIMEOUT)
    return longest


def check_reclaim_time(batch: int) -> tuple[list[str], list[str]]:
    """(errors, warnings) about ADUAN_WORKER_RECLAIM_SECONDS against the timeouts and the batch."""
    reclaim_after = settings.ADUAN_WORKER_RECLAIM_SECONDS
    longest = longest_send_seconds()
    errors, warnings = [], []
    if longest and reclaim_after <= longest:
        errors.append(
            f"ADUAN_WORKER_RECLAIM_SECONDS ({reclaim_after}) must be longer than the longest a "
            f"single send can take with these timeouts ({longest} s from EMAIL_TIMEOUT="
            f"{settings.EMAIL_TIMEOUT} and ADUAN_GATEWAY_TIMEOUT={settings.ADUAN_GATEWAY_TIMEOUT}); "
            "otherwise a slow send is taken back and sent again by another worker"
        )
    slowest_batch = batch * max(
        settings.EMAIL_TIMEOUT if settings.ADUAN_EMAIL_CHANNEL == "smtp" else 0,
        settings.ADUAN_GATEWAY_TIMEOUT
        if settings.ADUAN_SMS_GATEWAY_URL or settings.ADUAN_WHATSAPP_GATEWAY_URL
        else 0,
    )
    if slowest_batch > reclaim_after:
        warnings.append(
            f"a batch of {batch} against servers that time out takes up to {slowest_batch} s, "
            f"longer than ADUAN_WORKER_RECLAIM_SECONDS ({reclaim_after}): other workers will take "
            "over the end of such a batch (nothing is sent twice), and a worker killed then "
            "leaves up to that many rows waiting; a smaller --batch keeps them moving"
        )
    return errors, warnings
