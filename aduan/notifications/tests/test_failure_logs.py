"""Every failed delivery attempt leaves one structured log line an operator can search and count."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from aduan.lib.logs import JsonFormatter
from aduan.notifications.models import Outbox
from aduan.notifications.tests.conftest import Gateway, SMTPServer, run_worker
from aduan.testing import City, submit


def failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "event", "") == "delivery_failed"]


def test_a_temporary_failure_is_logged_with_the_row_the_try_and_what_happens_next(
    city: City, gateway: Gateway, smtp: SMTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    gateway.mode = "error"
    c = submit(city)
    with caplog.at_level(logging.WARNING, logger="aduan.worker"):
        run_worker()
    [record] = failures(caplog)
    row = Outbox.objects.get(channel="whatsapp")
    line: dict[str, Any] = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["logger"] == "aduan.worker"
    assert line["event"] == "delivery_failed" and line["outbox"] == row.pk
    assert line["channel"] == "whatsapp" and line["template"] == "complaint_received"
    assert line["complaint"] == c.tracking_code and line["attempt"] == 1
    assert line["outcome"] == "retry" and line["permanent"] is False
    assert line["error"] == "gateway menjawab 500"
    assert line["next_attempt_at"] == row.next_attempt_at.isoformat()
    assert "081234567890" not in json.dumps(line), "no recipient address in the logs"
    assert f"outbox={row.pk}" in record.getMessage() and "outcome=retry" in record.getMessage()


def test_a_permanent_failure_is_logged_as_given_up(
    city: City, smtp: SMTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    smtp.handler.refuse.add("siti@example.test")
    submit(city)
    with caplog.at_level(logging.WARNING, logger="aduan.worker"):
        run_worker()
    [record] = failures(caplog)
    assert record.outcome == "failed" and record.permanent is True  # type: ignore[attr-defined]
    assert "550" in record.error  # type: ignore[attr-defined]
