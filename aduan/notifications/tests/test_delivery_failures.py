"""When delivery goes wrong: SMTP down, a gateway answering 500 or hanging, invalid recipients."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from aduan.complaints import actions
from aduan.notifications.models import Outbox
from aduan.notifications.tests.conftest import Gateway, SMTPServer, free_port, run_worker
from aduan.notifications.worker import backoff
from aduan.testing import City, submit

Status = Outbox.Status


def later() -> None:
    """Let every retry come due, as if the backoff had passed."""
    Outbox.objects.filter(status=Status.PENDING).update(next_attempt_at=timezone.now())


def test_smtp_down_is_retried_later_and_nothing_is_lost(
    city: City, smtp: SMTPServer, settings: object
) -> None:
    smtp.stop()
    c = submit(city)
    before = timezone.now()
    run_worker()
    emails = Outbox.objects.filter(channel="email")
    assert emails.count() == 2  # the citizen's receipt and the desk's new-complaint email
    for row in emails:
        assert row.status == Status.PENDING and row.attempts == 1
        assert "SMTP" in row.last_error
        assert row.next_attempt_at > before + timedelta(seconds=25)
        attempt = row.delivery_attempts.get()
        assert not attempt.ok and attempt.finished_at is not None
    run_worker()
    assert emails.filter(attempts=1).count() == 2, "not retried before the backoff has passed"

    smtp.start()
    later()
    run_worker()
    assert set(emails.values_list("status", flat=True)) == {Status.SENT}
    assert [str(m["Subject"]) for m in smtp.to("siti@example.test")] == [
        f"Aduan {c.tracking_code} telah kami terima"
    ]


def test_backoff_grows_exponentially_with_jitter_up_to_a_cap(settings: object) -> None:
    settings.ADUAN_NOTIFY_RETRY_SECONDS = 60  # type: ignore[attr-defined]
    settings.ADUAN_NOTIFY_RETRY_MAX_SECONDS = 3600  # type: ignore[attr-defined]
    for attempts, full in [(1, 60), (2, 120), (3, 240), (10, 3600)]:
        waits = {backoff(attempts).total_seconds() for _ in range(20)}
        assert all(full / 2 <= w <= full for w in waits)
        assert len(waits) > 1, "jitter spreads retries"


def test_a_gateway_answering_500_is_retried_then_marked_failed_and_visible(
    city: City, gateway: Gateway, smtp: SMTPServer, settings: object
) -> None:
    settings.ADUAN_NOTIFY_MAX_ATTEMPTS = 3  # type: ignore[attr-defined]
    gateway.mode = "error"
    c = submit(city)
    wa = Outbox.objects.get(channel="whatsapp")
    for attempt in (1, 2):
        run_worker()
        wa.refresh_from_db()
        assert wa.status == Status.PENDING and wa.attempts == attempt
        assert wa.last_error == "gateway menjawab 500"
        later()
    run_worker()
    wa.refresh_from_db()
    assert wa.status == Status.FAILED and wa.attempts == 3
    assert len(gateway.requests) == 3
    assert list(Outbox.objects.failed().filter(complaint=c)) == [wa]
    from aduan.notifications.queries import failed_deliveries

    assert [row.pk for row in failed_deliveries(c)] == [wa.pk]


def test_a_hanging_gateway_times_out_and_is_retried_with_backoff(
    city: City, gateway: Gateway, smtp: SMTPServer, settings: object
) -> None:
    settings.ADUAN_NOTIFY_MAX_ATTEMPTS = 2  # type: ignore[attr-defined]
    gateway.mode, gateway.delay = "hang", 3.0
    submit(city)
    run_worker()
    wa = Outbox.objects.get(channel="whatsapp")
    assert wa.status == Status.PENDING
    assert wa.last_error == "gateway tidak menjawab dalam 1 detik"
    later()
    run_worker()
    wa.refresh_from_db()
    assert wa.status == Status.FAILED and wa.delivery_attempts.count() == 2


def test_the_gateway_gets_the_payload_template_token_and_idempotency_key(
    city: City, gateway: Gateway, smtp: SMTPServer, settings: object
) -> None:
    settings.ADUAN_WHATSAPP_GATEWAY_PAYLOAD = (  # type: ignore[attr-defined]
        '{"target": "{to}", "body": {"text": "{text}"}, "ref": "{key}", "type": "text"}'
    )
    c = submit(city)
    run_worker()
    wa = Outbox.objects.get(channel="whatsapp")
    assert wa.status == Status.SENT
    [request] = gateway.requests
    assert request["auth"] == "Bearer rahasia-gateway"
    assert request["key"] == wa.idempotency_key
    payload = request["payload"]
    assert payload["target"] == "081234567890" and payload["type"] == "text"
    assert payload["ref"] == wa.idempotency_key
    assert c.tracking_code in payload["body"]["text"]
    assert "/lacak/" in payload["body"]["text"]


def test_sms_is_short_subject_and_link(city: City, gateway: Gateway, smtp: SMTPServer) -> None:
    c = submit(
        city,
        reporter=actions.ReporterDetails(name="Budi", phone="081298765432", phone_channel="sms"),
    )
    run_worker()
    [request] = gateway.requests
    text = request["payload"]["message"]
    assert text.startswith(f"Aduan {c.tracking_code} telah kami terima http")
    assert len(text) < 300


@pytest.mark.parametrize("address", ["bukan-email", "siti@@example"])
def test_a_malformed_email_address_fails_at_once_without_retries(
    city: City, smtp: SMTPServer, address: str
) -> None:
    submit(city, reporter=actions.ReporterDetails(name="Siti", email=address))
    run_worker()
    row = Outbox.objects.get(channel="email", template="complaint_received")
    assert row.status == Status.FAILED and row.attempts == 1
    assert "tidak valid" in row.last_error


def test_a_recipient_the_smtp_server_refuses_fails_with_the_reason(
    city: City, smtp: SMTPServer
) -> None:
    smtp.handler.refuse.add("siti@example.test")
    submit(city)
    run_worker()
    row = Outbox.objects.get(channel="email", template="complaint_received")
    assert row.status == Status.FAILED and row.attempts == 1
    assert "550" in row.last_error
    # The other email of the same batch still went out.
    assert Outbox.objects.get(template="staff_new_complaint", channel="email").status == Status.SENT


def test_an_invalid_phone_number_fails_without_calling_the_gateway(
    city: City, gateway: Gateway, smtp: SMTPServer
) -> None:
    submit(city, reporter=actions.ReporterDetails(name="Budi", phone="12ab"))
    run_worker()
    row = Outbox.objects.get(channel="whatsapp")
    assert row.status == Status.FAILED and "nomor telepon tidak valid" in row.last_error
    assert gateway.requests == []


def test_an_unreachable_gateway_is_a_temporary_failure(
    city: City, gateway: Gateway, smtp: SMTPServer, settings: object
) -> None:
    settings.ADUAN_WHATSAPP_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/kirim"  # type: ignore[attr-defined]
    submit(city)
    run_worker()
    row = Outbox.objects.get(channel="whatsapp")
    assert row.status == Status.PENDING and "tidak dapat dihubungi" in row.last_error
