"""The outbox under real faults: worker processes killed with SIGKILL at random points, slow and
stopped servers, two workers racing over one slow batch.

The SMTP server and the gateway here keep every message they receive (they do not de-duplicate,
as many real ones do not), so a message sent twice is counted twice. What must hold: nothing is
lost; without a crash nothing arrives twice; each kill costs at most one duplicate (the message
on its way at that instant), and that copy carries the same Message-ID / idempotency key.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction

from aduan.notifications.queue import enqueue
from aduan.notifications.tests.conftest import Gateway, SMTPHandler, SMTPServer, free_port

MANAGE = Path(settings.BASE_DIR) / "manage.py"
POSTGRES = connection.vendor == "postgresql"
HOST = socket.gethostname()
FROM = "Aduan <aduan@kota.example>"


# ---------------------------------------------------------------------------------------------
# Real servers that keep every copy


@dataclass
class SlowSMTPHandler(SMTPHandler):
    """Keeps every message; with `delay`, answers only that long after the message arrived.

    The message is recorded before the delay: a sender killed while waiting for the answer has
    delivered it (the worst case for duplicates).
    """

    delay: float = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if self.delay:
            await asyncio.sleep(self.delay)
        return answer


@pytest.fixture
def mail_server() -> Iterator[SMTPServer]:
    server = SMTPServer("127.0.0.1", free_port(), SlowSMTPHandler())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sms_gateway() -> Iterator[Gateway]:
    fake = Gateway()
    fake.start()
    yield fake
    fake.stop()


def message_ids(server: SMTPServer) -> Counter[str]:
    return Counter(str(m["Message-ID"]) for m in list(server.messages))


def delivered(mail: SMTPServer, gateway: Gateway) -> int:
    return len(mail.messages) + len(gateway.requests)


def gateway_keys(gateway: Gateway) -> Counter[str]:
    # Every request the gateway received, as a gateway that does not de-duplicate would send it.
    return Counter(str(r["key"]) for r in list(gateway.requests))


# ---------------------------------------------------------------------------------------------
# The deployment the workers run against: the test database (PostgreSQL) or a file copy of it


@dataclass
class Deployment:
    url: str
    query: Callable[[str], list[tuple[Any, ...]]]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "LOG_LEVEL": "WARNING",
            "ADUAN_WORKER_POLL_SECONDS": "1",
            "DEFAULT_FROM_EMAIL": FROM,
            **extra,
        }
        env.pop("ADUAN_TEST_DB_SUFFIX", None)
        return env

    def start(self, name: str, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
        worker = subprocess.Popen(
            [sys.executable, str(MANAGE), "worker", "--no-jobs", "--name", name, *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.workers.append(worker)
        return worker

    def statuses(self) -> Counter[str]:
        rows = self.query("SELECT status, COUNT(*) FROM notifications_outbox GROUP BY status")
        return Counter(dict(rows))

    def wait_until_done(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if set(self.statuses()) <= {"sent"}:
                return
            time.sleep(0.2)
        raise AssertionError(f"not delivered in {timeout} s: {dict(self.statuses())}")

    def stop_all(self) -> list[str]:
        """SIGTERM every worker still running; returns their standard error, for the logs."""
        errors = []
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
            _out, err = worker.communicate(timeout=30)
            errors.append(err.decode())
        return errors


@pytest.fixture
def deployment(transactional_db: Any, tmp_path: Path) -> Iterator[Deployment]:
    if POSTGRES:
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )

        def query(sql: str) -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())

        deployment = Deployment(url, query)
    else:
        # Worker processes cannot reach the test's in-memory database: they get a file copy of
        # it, made once the messages are queued (see `ready`).
        path = tmp_path / "aduan.sqlite3"

        def query(sql: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path, timeout=30) as db:
                return list(db.execute(sql).fetchall())

        deployment = Deployment(f"sqlite:///{path}", query)
    yield deployment
    for worker in deployment.workers:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)


def ready(deployment: Deployment) -> None:
    """Hand the queued messages to the worker processes' database."""
    if POSTGRES:
        return
    path = Path(deployment.url.removeprefix("sqlite:///"))
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def queue(emails: int, messages: int = 0) -> None:
    with transaction.atomic():
        for _ in range(emails):
            enqueue(
                channel="email",
                template="complaint_received",
                recipient="warga@example.test",
                context={"follower_id": 0},
            )
        for _ in range(messages):
            enqueue(
                channel="whatsapp",
                template="complaint_received",
                recipient="081234567890",
                context={"follower_id": 0},
            )


def channel_env(mail: SMTPServer, gateway: Gateway | None = None, **extra: str) -> dict[str, str]:
    env = {
        "ADUAN_EMAIL_CHANNEL": "smtp",
        "EMAIL_HOST": mail.host,
        "EMAIL_PORT": str(mail.port),
        "EMAIL_TIMEOUT": "2",
        "ADUAN_GATEWAY_TIMEOUT": "2",
        **extra,
    }
    if gateway is not None:
        env["ADUAN_WHATSAPP_GATEWAY_URL"] = gateway.url
    return env


def wait_for(check: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.01)


# ---------------------------------------------------------------------------------------------
# Kills at random points


def test_killed_workers_lose_nothing_and_cost_at_most_one_duplicate_per_kill(
    deployment: Deployment, mail_server: SMTPServer, sms_gateway: Gateway
) -> None:
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    mail_server.handler.delay = 0.02  # type: ignore[attr-defined]
    sms_gateway.mode, sms_gateway.delay = "slow", 0.02
    queue(emails=30, messages=10)
    ready(deployment)
    # The reclaim time is far beyond the test: only a restarted worker finding its own rows can
    # rescue what a killed one left, and it must do so at once.
    env = deployment.env(
        **channel_env(mail_server, sms_gateway, ADUAN_WORKER_RECLAIM_SECONDS="900")
    )
    names = ["w1", "w2"] if POSTGRES else ["w1"]
    running = {name: deployment.start(name, env, "--batch", "8") for name in names}

    kills = 0
    for _round in range(3):
        victim = chance.choice(names)
        # Kill only once this round's worker is sending: after a copy more than before.
        wait_for(
            partial(
                lambda b: delivered(mail_server, sms_gateway) > b,
                delivered(mail_server, sms_gateway),
            ),
            30,
        )
        time.sleep(chance.uniform(0.0, 0.4))
        running[victim].send_signal(signal.SIGKILL)
        running[victim].wait(10)
        kills += 1
        running[victim] = deployment.start(victim, env, "--batch", "8")

    deployment.wait_until_done(40)
    logs = deployment.stop_all()
    emails, texts = message_ids(mail_server), gateway_keys(sms_gateway)
    rows = deployment.query("SELECT channel, idempotency_key FROM notifications_outbox")
    assert set(emails) == {f"<{key}@kota.example>" for channel, key in rows if channel == "email"}
    assert set(texts) == {key for channel, key in rows if channel == "whatsapp"}
    assert len(emails) + len(texts) == 40, f"nothing lost (seed {seed})"
    duplicates = sum(n - 1 for n in emails.values()) + sum(n - 1 for n in texts.values())
    assert duplicates <= kills, f"{duplicates} duplicates for {kills} kills (seed {seed})"
    # A restarted worker's rescue charges nothing: only the sends a kill cut off count twice.
    (charged,) = deployment.query("SELECT SUM(attempts) - COUNT(*) FROM notifications_outbox")[0]
    assert charged <= kills, f"{charged} extra attempts for {kills} kills (seed {seed})"
    (cut,) = deployment.query(
        "SELECT COUNT(*) FROM notifications_deliveryattempt WHERE error LIKE '%diambil ulang%'"
    )[0]
    assert cut <= kills
    assert not any("Traceback" in log for log in logs), logs


# ---------------------------------------------------------------------------------------------
# No crash, no duplicate


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES, reason="several worker processes need PostgreSQL")
def test_two_workers_over_a_slow_batch_send_nothing_twice(
    deployment: Deployment, sms_gateway: Gateway, tmp_path: Path
) -> None:
    # One message takes 0.2 s: a batch of 40 takes 8 s, longer than the 4 s reclaim time, so
    # the worker that claims the other 10 takes over the end of the big batch while its owner is
    # still working through it.
    sms_gateway.mode, sms_gateway.delay = "slow", 0.2
    env = deployment.env(
        ADUAN_EMAIL_CHANNEL="file",
        ADUAN_NOTIFY_FILE=str(tmp_path / "outbox.log"),
        ADUAN_WHATSAPP_GATEWAY_URL=sms_gateway.url,
        ADUAN_GATEWAY_TIMEOUT="1",
        ADUAN_WORKER_RECLAIM_SECONDS="4",
    )
    deployment.start("w1", env, "--batch", "40")
    deployment.start("w2", env, "--batch", "40")
    # Both are up and polling before there is anything to send, however slowly they started.
    wait_for(
        lambda: len(deployment.query("SELECT name FROM notifications_workerheartbeat")) == 2, 60
    )
    queue(emails=0, messages=50)
    deployment.wait_until_done(45)
    logs = deployment.stop_all()

    texts = gateway_keys(sms_gateway)
    assert len(texts) == 50
    assert set(texts.values()) == {1}, f"sent twice: {[k for k, n in texts.items() if n > 1]}"
    by_worker = Counter(
        worker
        for (worker,) in deployment.query(
            "SELECT worker FROM notifications_deliveryattempt WHERE ok"
        )
    )
    assert set(by_worker) == {f"{HOST}:w1", f"{HOST}:w2"}, by_worker
    assert any("outbox_reclaimed" in log for log in logs), "a batch was taken over meanwhile"


def test_a_stopped_then_slow_server_delays_messages_but_loses_and_doubles_none(
    deployment: Deployment, mail_server: SMTPServer, sms_gateway: Gateway
) -> None:
    mail_server.stop()
    sms_gateway.mode = "error"
    queue(emails=10, messages=5)
    ready(deployment)
    env = deployment.env(
        **channel_env(
            mail_server,
            sms_gateway,
            ADUAN_NOTIFY_RETRY_SECONDS="1",
            ADUAN_NOTIFY_RETRY_MAX_SECONDS="1",
        )
    )
    deployment.start("w1", env)
    wait_for(lambda: len(sms_gateway.requests) >= 10, 30)  # two rounds of failures at least
    failing = deployment.statuses()
    assert failing["pending"] + failing["sending"] == 15 and not failing["failed"], failing
    mail_server.handler.delay = 0.1  # type: ignore[attr-defined]
    mail_server.start()
    sms_gateway.mode, sms_gateway.delay = "slow", 0.1
    deployment.wait_until_done(30)
    [log] = deployment.stop_all()

    emails = message_ids(mail_server)
    assert len(emails) == 10 and set(emails.values()) == {1}
    # The gateway was called once per recorded attempt: none failed silently or went out twice.
    (texts_tried, texts_sent) = deployment.query(
        "SELECT COUNT(*), SUM(CASE WHEN a.ok THEN 1 ELSE 0 END) FROM notifications_deliveryattempt a"
        " JOIN notifications_outbox o ON o.id = a.outbox_id WHERE o.channel = 'whatsapp'"
    )[0]
    assert texts_sent == 5 and len(sms_gateway.requests) == texts_tried
    assert set(gateway_keys(sms_gateway)) == set(sms_gateway.delivered)
    # Every failed attempt left one structured log line naming the row, the try and the reason.
    (failed_attempts,) = deployment.query(
        "SELECT COUNT(*) FROM notifications_deliveryattempt WHERE NOT ok"
    )[0]
    lines = [line for line in log.splitlines() if "event=delivery_failed" in line]
    assert failed_attempts >= 15 and len(lines) == failed_attempts
    assert any("channel=email" in line and "outcome=retry" in line for line in lines)
    assert any("channel=whatsapp" in line and "gateway menjawab 500" in line for line in lines)
