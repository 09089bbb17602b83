"""The worker and the outbox in the probes: /readyz tells, /healthz/worker alarms."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from aduan.testing import City, submit


def run_worker() -> None:
    call_command("worker", "--once", "--no-jobs", "--name", "uji")


def test_readyz_shows_the_backlog_and_the_workers_heartbeat_without_names(
    client: Client, city: City, settings: Any, tmp_path: Path
) -> None:
    settings.ADUAN_NOTIFY_FILE = tmp_path / "outbox.log"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(city)
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert body["outbox"]["pending"] >= 2 and body["outbox"]["failed"] == 0
    assert body["outbox"]["oldest_pending_seconds"] == 300
    assert body["worker"] == {"live": 0, "last_heartbeat_seconds": None}

    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        run_worker()
    with time_machine.travel(start + timedelta(minutes=6, seconds=20), tick=False):
        body = client.get("/readyz").json()
    assert body["outbox"] == {"pending": 0, "sending": 0, "failed": 0, "oldest_pending_seconds": 0}
    assert body["worker"]["last_heartbeat_seconds"] == 20
    assert "uji" not in str(body), "public probes name no worker or host"


def test_healthz_worker_fails_while_messages_wait_and_no_worker_reports(
    client: Client, city: City, settings: Any, tmp_path: Path
) -> None:
    settings.ADUAN_NOTIFY_FILE = tmp_path / "outbox.log"
    settings.ADUAN_WORKER_STALE_SECONDS = 600
    settings.ADUAN_OUTBOX_ALERT_SECONDS = 1800
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        run_worker()  # a worker ran once, then died
        submit(city)
        assert client.get("/healthz/worker").status_code == 200
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        late = client.get("/healthz/worker")
    assert late.status_code == 503
    assert late.json()["problems"] == [
        "no worker has reported in the last ADUAN_WORKER_STALE_SECONDS"
    ]
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        later = client.get("/healthz/worker").json()["problems"]
    assert len(later) == 2 and "ADUAN_OUTBOX_ALERT_SECONDS" in later[1]
    with time_machine.travel(start + timedelta(minutes=32), tick=False):
        run_worker()  # the worker is back and catches up
        assert client.get("/healthz/worker").status_code == 200
