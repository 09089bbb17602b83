"""Several worker processes against PostgreSQL: every message exactly once, even when one is
killed with SIGKILL in the middle of sending."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction

from aduan.notifications.models import DeliveryAttempt, Outbox
from aduan.notifications.queue import enqueue
from aduan.notifications.tests.conftest import Gateway, SMTPServer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several worker processes need PostgreSQL (SQLite serialises them by design)",
    ),
]
MANAGE = Path(settings.BASE_DIR) / "manage.py"


def worker_env(**extra: str) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", **extra}
    env.pop("ADUAN_TEST_DB_SUFFIX", None)
    return env


def start_worker(name: str, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(MANAGE), "worker", "--name", name, "--no-jobs", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def queue_messages(count: int, channel: str, recipient: str) -> list[str]:
    with transaction.atomic():
        rows = [
            enqueue(
                channel=channel,
                template="complaint_received",
                recipient=recipient,
                context={"follower_id": 0},
            )
            for _ in range(count)
        ]
    return [row.idempotency_key for row in rows]


def test_two_workers_deliver_each_message_exactly_once(
    transactional_db: Any, smtp: SMTPServer
) -> None:
    keys = queue_messages(120, "email", "warga@example.test")
    env = worker_env(
        ADUAN_EMAIL_CHANNEL="smtp",
        EMAIL_HOST=smtp.host,
        EMAIL_PORT=str(smtp.port),
        DEFAULT_FROM_EMAIL="Aduan <aduan@kota.example>",
    )
    workers = [start_worker(f"w{i}", env, "--once", "--batch", "7") for i in (1, 2)]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()

    ids = Counter(str(m["Message-ID"]) for m in smtp.messages)
    assert len(ids) == 120 and set(ids.values()) == {1}, "each message delivered once"
    assert set(ids) == {f"<{k}@kota.example>" for k in keys}
    assert set(Outbox.objects.values_list("status", flat=True)) == {Outbox.Status.SENT}
    by_worker = Counter(DeliveryAttempt.objects.values_list("worker", flat=True))
    host = socket.gethostname()
    assert set(by_worker) == {f"{host}:w1", f"{host}:w2"}, f"both took a share: {by_worker}"
    assert DeliveryAttempt.objects.filter(ok=True).count() == 120


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(
    transactional_db: Any, gateway: Gateway, notify_file: Path
) -> None:
    gateway.mode, gateway.delay = "slow", 30.0
    keys = queue_messages(3, "whatsapp", "081234567890")
    env = worker_env(
        ADUAN_WHATSAPP_GATEWAY_URL=gateway.url,
        ADUAN_GATEWAY_TIMEOUT="60",
        ADUAN_WORKER_RECLAIM_SECONDS="600",
        ADUAN_NOTIFY_FILE=str(notify_file),
    )
    victim = start_worker("victim", env, "--batch", "10")
    assert gateway.received.wait(60), "the worker reached the gateway"
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)

    me = f"{socket.gethostname()}:victim"
    stuck = Outbox.objects.get(idempotency_key=gateway.requests[0]["key"])
    assert stuck.status == Outbox.Status.SENDING and stuck.claimed_by == me
    assert Outbox.objects.filter(status=Outbox.Status.SENDING).count() == 3, "the batch was claimed"
    assert list(Outbox.objects.values_list("attempts", flat=True).order_by("id")) == [1, 0, 0]

    # Restarted under its name, the worker takes its rows back at once (not after 600 s), and
    # only the message it was sending when it died is tried a second time.
    gateway.mode = "ok"
    restarted = start_worker("victim", env, "--once")
    _out, err = restarted.communicate(timeout=60)
    assert restarted.returncode == 0, err.decode()

    assert set(Outbox.objects.values_list("status", flat=True)) == {Outbox.Status.SENT}
    assert set(gateway.delivered) == set(keys)
    assert set(gateway.delivered.values()) == {1}, "the gateway sent each message once"
    sent_twice = Counter(r["key"] for r in gateway.requests)
    assert sent_twice[stuck.idempotency_key] == 2, "the cut-off message was tried again"
    assert sorted(sent_twice.values()) == [1, 1, 2]
    cut, again = stuck.delivery_attempts.order_by("id")
    assert cut.worker == me and not cut.ok and "diambil ulang" in cut.error
    assert again.ok
    stuck.refresh_from_db()
    assert stuck.attempts == 2, "the cut-off send counts, taking the row back does not"
    others = Outbox.objects.exclude(pk=stuck.pk)
    assert set(others.values_list("attempts", flat=True)) == {1}


def test_a_stopping_worker_finishes_its_message_and_gives_back_the_rest(
    transactional_db: Any, gateway: Gateway, notify_file: Path
) -> None:
    gateway.mode, gateway.delay = "slow", 2.0
    queue_messages(4, "whatsapp", "081234567890")
    env = worker_env(ADUAN_WHATSAPP_GATEWAY_URL=gateway.url, ADUAN_GATEWAY_TIMEOUT="30")
    worker = start_worker("polite", env, "--batch", "10")
    assert gateway.received.wait(60)
    worker.send_signal(signal.SIGTERM)
    out, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err.decode()
    assert b"stopped" in out
    statuses = Counter(Outbox.objects.values_list("status", flat=True))
    assert statuses == {Outbox.Status.SENT: 1, Outbox.Status.PENDING: 3}
