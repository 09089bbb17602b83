"""How long a temporarily failing message is retried: the window the documentation promises."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import time_machine
from django.utils import timezone

from aduan.notifications.models import Outbox
from aduan.notifications.tests.conftest import Gateway, SMTPServer, run_worker
from aduan.testing import City, submit

Status = Outbox.Status


def retry_until_settled(row: Outbox, start: datetime) -> list[datetime]:
    """Run the worker each time the row comes due, the clock following; returns the tries' times."""
    tries: list[datetime] = []
    now = start
    for _ in range(100):
        with time_machine.travel(now, tick=False):
            run_worker()
        row.refresh_from_db()
        tries.append(now)
        if row.status != Status.PENDING:
            return tries
        now = row.next_attempt_at
    raise AssertionError("never settled")


def test_a_failing_message_is_retried_for_about_ten_hours_then_marked_failed(
    city: City, gateway: Gateway, smtp: SMTPServer, settings: Any
) -> None:
    assert settings.ADUAN_NOTIFY_RETRY_HOURS == 10
    gateway.mode = "error"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(city)
    wa = Outbox.objects.get(channel="whatsapp")
    tries = retry_until_settled(wa, start)
    assert wa.status == Status.FAILED and wa.last_error == "gateway menjawab 500"
    span = tries[-1] - tries[0]
    assert timedelta(hours=10) <= span < timedelta(hours=10, minutes=1), span
    assert tries[-2] - tries[0] < timedelta(hours=10), "the last try is the window's end"
    gaps = [b - a for a, b in pairwise(tries)]
    assert gaps[0] <= timedelta(minutes=1) and max(gaps) <= timedelta(hours=1)
    assert len(gateway.requests) == len(tries) == wa.attempts


def test_an_outage_of_ninety_minutes_delays_the_message_but_delivers_it(
    city: City, gateway: Gateway, smtp: SMTPServer
) -> None:
    gateway.mode = "error"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(city)
    wa = Outbox.objects.get(channel="whatsapp")
    now = start
    while now - start < timedelta(minutes=90):
        with time_machine.travel(now, tick=False):
            run_worker()
        wa.refresh_from_db()
        assert wa.status == Status.PENDING, f"given up after {now - start}"
        now = wa.next_attempt_at
    gateway.mode = "ok"
    with time_machine.travel(now, tick=False):
        run_worker()
    wa.refresh_from_db()
    assert wa.status == Status.SENT


def test_the_window_is_set_by_ADUAN_NOTIFY_RETRY_HOURS(
    city: City, gateway: Gateway, smtp: SMTPServer, settings: Any
) -> None:
    settings.ADUAN_NOTIFY_RETRY_HOURS = 2
    gateway.mode = "error"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(city)
    wa = Outbox.objects.get(channel="whatsapp")
    tries = retry_until_settled(wa, start)
    assert wa.status == Status.FAILED
    assert timedelta(hours=2) <= tries[-1] - tries[0] < timedelta(hours=2, minutes=1)
