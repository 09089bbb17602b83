"""Who may send a row: the lease per row, a restarted worker's own rows, names and start-up checks."""

from __future__ import annotations

import socket
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from aduan.notifications.channels import Channels
from aduan.notifications.models import DeliveryAttempt, Outbox
from aduan.notifications.queue import enqueue
from aduan.notifications.tests.conftest import SMTPServer, run_worker
from aduan.notifications.worker import claim, deliver, reclaim

Status = Outbox.Status
HOST = socket.gethostname()


def queue_emails(count: int) -> list[Outbox]:
    with transaction.atomic():
        return [
            enqueue(
                channel="email",
                template="complaint_received",
                recipient=f"warga{i}@example.test",
                context={"follower_id": 0},
            )
            for i in range(count)
        ]


def age_leases(seconds: int) -> None:
    Outbox.objects.filter(status=Status.SENDING).update(
        claimed_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_worker_does_not_send_a_row_another_worker_took_back(
    db: Any, smtp: SMTPServer, settings: Any
) -> None:
    queue_emails(3)
    slow = claim(3, "lambat")
    # The slow worker sent nothing for longer than the reclaim time: another takes the rows over.
    age_leases(settings.ADUAN_WORKER_RECLAIM_SECONDS + 1)
    assert reclaim() == 3
    channels = Channels()
    try:
        for row in claim(3, "cepat"):
            deliver(row, "cepat", channels)
        # The slow worker finally reaches its rows: it no longer holds them, so it sends nothing.
        for row in slow:
            deliver(row, "lambat", channels)
    finally:
        channels.close()
    ids = Counter(str(m["Message-ID"]) for m in smtp.messages)
    assert len(ids) == 3 and set(ids.values()) == {1}, "each message sent once"
    assert set(Outbox.objects.values_list("status", flat=True)) == {Status.SENT}
    assert set(DeliveryAttempt.objects.values_list("worker", flat=True)) == {"cepat"}


def test_taking_back_rows_never_started_charges_no_attempt(db: Any, settings: Any) -> None:
    queue_emails(4)
    claim(4, "mati")
    age_leases(settings.ADUAN_WORKER_RECLAIM_SECONDS + 1)
    assert reclaim() == 4
    assert set(Outbox.objects.values_list("status", "attempts")) == {(Status.PENDING, 0)}
    assert not DeliveryAttempt.objects.exists(), "no false failed attempts"


def test_a_restarted_worker_takes_back_its_own_rows_at_once(
    db: Any, smtp: SMTPServer, settings: Any
) -> None:
    """Killed mid-send and restarted under its name: no wait for the reclaim time, and only the
    message on its way when it died counts one more attempt."""
    rows = queue_emails(3)
    name = f"{HOST}:uji"
    Outbox.objects.update(status=Status.SENDING, claimed_by=name, claimed_at=timezone.now())
    cut = rows[0]
    Outbox.objects.filter(pk=cut.pk).update(attempts=1)
    DeliveryAttempt.objects.create(outbox=cut, worker=name)  # open: it died mid-send

    run_worker()  # the same name, "uji", on the same host

    assert set(Outbox.objects.values_list("status", flat=True)) == {Status.SENT}
    assert len(smtp.messages) == 3
    attempts = dict(Outbox.objects.values_list("pk", "attempts"))
    assert attempts == {rows[0].pk: 2, rows[1].pk: 1, rows[2].pk: 1}
    first = cut.delivery_attempts.order_by("id").first()
    assert first is not None and not first.ok and first.finished_at is not None
    assert "diambil ulang" in first.error


def test_a_second_worker_under_a_name_already_running_here_is_refused(db: Any) -> None:
    from aduan.notifications.worker import identity

    held = identity("uji")
    try:
        with pytest.raises(CommandError, match="already running"):
            call_command("worker", "--once", "--no-jobs", "--name", "uji")
    finally:
        held.release()
    run_worker()  # free again once the first one ends


def test_workers_without_a_name_take_the_first_free_slot(db: Any) -> None:
    from aduan.notifications.worker import identity

    first, second = identity(), identity()
    try:
        assert first.name == f"{HOST}:worker-1" and second.name == f"{HOST}:worker-2"
    finally:
        first.release()
        second.release()
    again = identity()
    assert again.name == f"{HOST}:worker-1", "a restarted worker gets its slot back"
    again.release()


def test_a_reclaim_time_shorter_than_a_send_can_take_stops_start_up(db: Any, settings: Any) -> None:
    settings.ADUAN_EMAIL_CHANNEL = "smtp"
    settings.EMAIL_TIMEOUT = 20
    settings.ADUAN_WORKER_RECLAIM_SECONDS = 60
    with pytest.raises(CommandError, match="ADUAN_WORKER_RECLAIM_SECONDS"):
        call_command("worker", "--once", "--no-jobs", "--name", "uji")
