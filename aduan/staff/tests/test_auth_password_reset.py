"""Forgotten password: an emailed link that never signs anyone in and never skips the second factor.

The email goes through the outbox like every message: the page answers at once, whatever the mail
server does, and the worker delivers it (here to a real SMTP server on loopback).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from aduan.accounts.models import User
from aduan.notifications.models import Outbox
from aduan.notifications.tests.conftest import SMTPHandler, SMTPServer, free_port
from aduan.staff.tests.authkit import GUARDED, code_for, enrolled, password_step, sign_in_fully
from aduan.testing import City

pytestmark = [pytest.mark.django_db, pytest.mark.urls("aduan.staff.tests.auth_urls")]
NEW = "sandi-baru-yang-panjang-77"


@pytest.fixture(autouse=True)
def mailbox(settings: Any, tmp_path: Path) -> Iterator[SMTPServer]:
    settings.ADUAN_NOTIFY_FILE = tmp_path / "outbox.log"
    server = SMTPServer("127.0.0.1", free_port(), SMTPHandler())
    server.start()
    settings.ADUAN_EMAIL_CHANNEL = "smtp"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


def deliver() -> None:
    call_command("worker", "--once", "--no-jobs", "--name", "uji")


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def sent(mailbox: SMTPServer) -> list[str]:
    """The text of each email the server received, after the worker's round."""
    deliver()
    return [text_of(m) for m in mailbox.messages]


def reset_link(client: Client, email: str, mailbox: SMTPServer) -> str:
    response = client.post("/staf/lupa-sandi/", {"email": email})
    assert response["Location"] == "/staf/lupa-sandi/terkirim/"
    [body] = sent(mailbox)
    match = re.search(r"https?://[^/\s]+(/staf/lupa-sandi/[^/\s]+/[^/\s]+/)", body)
    assert match
    return match.group(1)


def test_a_staff_member_gets_a_reset_link_by_email(
    client: Client, city: City, mailbox: SMTPServer
) -> None:
    link = reset_link(client, "petugas_a@example.test", mailbox)
    [message] = mailbox.messages
    assert message["To"] == "petugas_a@example.test"
    assert "satu jam" in client.get("/staf/lupa-sandi/terkirim/").content.decode()
    assert "60 menit" in text_of(message)
    assert client.get(link).status_code == 200


def test_the_reset_email_waits_in_the_outbox_without_its_link(
    client: Client, city: City, mailbox: SMTPServer
) -> None:
    """Sent by the worker, not inside the request: a mail server that is down neither breaks the
    page nor loses the email, and no secret token sits in the database while it waits."""
    mailbox.stop()
    response = client.post("/staf/lupa-sandi/", {"email": "petugas_a@example.test"})
    assert response["Location"] == "/staf/lupa-sandi/terkirim/"
    [row] = Outbox.objects.filter(template="password_reset")
    assert row.status == "pending" and row.recipient_user == city.officer_a
    assert "lupa-sandi" not in json.dumps(row.context)

    mailbox.start()
    [body] = sent(mailbox)
    link = re.search(r"https?://[^/\s]+(/staf/lupa-sandi/[^/\s]+/[^/\s]+/)", body)
    assert link and client.get(link.group(1)).status_code == 200


def test_the_answer_is_the_same_for_unknown_and_citizen_addresses(
    client: Client, city: City, mailbox: SMTPServer
) -> None:
    for email in ("tidak-ada@example.test", "warga@example.test"):
        response = client.post("/staf/lupa-sandi/", {"email": email})
        assert response["Location"] == "/staf/lupa-sandi/terkirim/"
    assert sent(mailbox) == []


def test_an_officer_with_an_authenticator_must_give_a_code_to_set_a_new_password(
    client: Client, city: City, mailbox: SMTPServer
) -> None:
    device = enrolled(city.officer_a)
    link = reset_link(client, "petugas_a@example.test", mailbox)
    page = client.get(link).content.decode()
    assert 'name="code"' in page

    with time_machine.travel(timezone.now(), tick=False) as clock:
        response = client.post(link, {"new_password1": NEW, "new_password2": NEW, "code": "000000"})
        assert "Kode salah" in response.content.decode()
        city.officer_a.refresh_from_db()
        assert not city.officer_a.check_password(NEW)

        clock.shift(timedelta(seconds=3))
        response = client.post(
            link, {"new_password1": NEW, "new_password2": NEW, "code": code_for(device)}
        )
    assert response["Location"] == "/staf/masuk/"
    city.officer_a.refresh_from_db()
    assert city.officer_a.check_password(NEW)


def test_a_reset_never_signs_anyone_in(client: Client, city: City, mailbox: SMTPServer) -> None:
    enrolled(city.officer_a)
    device = city.officer_a.stafftotpdevice_set.get()
    link = reset_link(client, "petugas_a@example.test", mailbox)
    client.post(link, {"new_password1": NEW, "new_password2": NEW, "code": code_for(device)})
    assert "_auth_user_id" not in client.session
    assert client.get(GUARDED).status_code == 302
    # The new password is only the first step: the second factor is still asked for.
    response = password_step(client, city.officer_a, password=NEW)
    assert response["Location"].startswith("/staf/2fa/verifikasi/")


def test_a_reset_link_works_once(client: Client, city: City, mailbox: SMTPServer) -> None:
    link = reset_link(client, "petugas_b@example.test", mailbox)
    client.post(link, {"new_password1": NEW, "new_password2": NEW})
    response = client.get(link)
    assert response.status_code == 400
    assert "Tautan tidak berlaku" in response.content.decode()


def test_a_new_password_ends_sessions_signed_in_elsewhere(city: City, mailbox: SMTPServer) -> None:
    device = enrolled(city.officer_a)
    other_device = Client()
    sign_in_fully(other_device, city.officer_a, device)
    assert other_device.get(GUARDED).status_code == 200
    client = Client()
    link = reset_link(client, "petugas_a@example.test", mailbox)
    client.post(link, {"new_password1": NEW, "new_password2": NEW, "code": code_for(device, 1)})
    assert other_device.get(GUARDED).status_code == 302


def test_a_weak_new_password_is_refused_with_a_message(
    client: Client, city: City, mailbox: SMTPServer
) -> None:
    link = reset_link(client, "petugas_b@example.test", mailbox)
    response = client.post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "Kesalahan:" in response.content.decode()
    assert User.objects.get(pk=city.officer_b.pk).check_password("kata-sandi-uji-123")


def test_a_flood_of_reset_requests_sends_few_emails(
    client: Client, city: City, mailbox: SMTPServer
) -> None:
    for _ in range(6):
        client.post("/staf/lupa-sandi/", {"email": "petugas_b@example.test"})
    assert len(sent(mailbox)) == 3


def test_a_mangled_link_is_refused_without_an_error(client: Client, city: City) -> None:
    for path in ("/staf/lupa-sandi/xx/yy/", "/staf/lupa-sandi/%C3%BF/abc-def/"):
        assert client.get(path).status_code == 400
