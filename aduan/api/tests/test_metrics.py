"""/metrics: Prometheus text for a scraper holding the token, nothing for anyone else."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.testing import City, submit

TOKEN = "metrik-rahasia-" + "x" * 32


@pytest.fixture
def scraper(settings: Any) -> Client:
    settings.ADUAN_METRICS_TOKEN = TOKEN
    return Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def value(text: str, series: str) -> float:
    match = re.search(rf"^{re.escape(series)} (\S+)$", text, re.MULTILINE)
    assert match, f"{series} not in metrics"
    return float(match.group(1))


def test_metrics_are_off_until_a_token_is_set(client: Client, db: None, settings: Any) -> None:
    settings.ADUAN_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer salah", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_metrics_refuse_a_missing_or_wrong_token(
    client: Client, db: None, settings: Any, header: str | None
) -> None:
    settings.ADUAN_METRICS_TOKEN = TOKEN
    answer = client.get("/metrics", headers={"Authorization": header} if header else {})
    assert answer.status_code == 401
    assert b"aduan_" not in answer.content


def test_metrics_count_requests_deliveries_failures_backlog_and_escalations(
    scraper: Client, client: Client, city: City, settings: Any, tmp_path: Path
) -> None:
    settings.ADUAN_NOTIFY_FILE = tmp_path / "outbox.log"
    # The number is refused before any call: no gateway needs to listen there.
    settings.ADUAN_WHATSAPP_GATEWAY_URL = "http://127.0.0.1:9/kirim"
    client.get("/lacak/")
    submit(city, reporter=actions.ReporterDetails(name="Budi", phone="12ab"))  # a bad number
    Complaint.objects.update(escalation_level=2)
    before = scraper.get("/metrics").content.decode()
    assert value(before, 'aduan_outbox_messages{status="pending"}') >= 2
    assert value(before, "aduan_outbox_oldest_due_seconds") >= 0
    assert value(before, 'aduan_escalated_complaints{rung="2"}') == 1

    call_command("worker", "--once", "--no-jobs", "--name", "uji")
    text = scraper.get("/metrics").content.decode()
    assert text.startswith("# HELP")
    assert value(text, 'aduan_outbox_messages{status="pending"}') == 0
    assert value(text, 'aduan_outbox_messages{status="failed"}') == 1
    worker = [line for line in text.splitlines() if line.startswith("aduan_deliveries_total{")]
    assert len(worker) == 1 and ':uji"}' in worker[0] and float(worker[0].split()[-1]) >= 1
    assert re.search(r'^aduan_delivery_failures_total\{worker=".*:uji"\} 1\.0$', text, re.M)
    assert re.search(r'^aduan_messages_failed_total\{worker=".*:uji"\} 1\.0$', text, re.M)
    assert re.search(r'^aduan_worker_up\{worker=".*:uji"\} 1\.0$', text, re.M)
    assert value(text, 'aduan_http_requests_total{method="GET",route="lacak/",status="200"}') >= 1
    assert 'aduan_http_request_duration_seconds_bucket{le="0.5",route="lacak/"}' in text
