"""Real local servers for notification tests: an SMTP server and an SMS/WhatsApp HTTP gateway."""

from __future__ import annotations

import email
import email.policy
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from aduan.complaints.deadlines import clear_display_cache

# aiosmtpd logs every SMTP command at INFO; keep test output readable.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SMTPHandler:
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted"


@dataclass
class SMTPServer:
    host: str
    port: int
    handler: SMTPHandler
    controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture(autouse=True)
def _fresh_countdown_cache() -> Iterator[None]:
    """Rules and holidays a test created are rolled back; so is what the countdown cached."""
    clear_display_cache()
    yield
    clear_display_cache()


@pytest.fixture
def notify_file(settings: Any, tmp_path: Path) -> Path:
    settings.ADUAN_NOTIFY_FILE = tmp_path / "outbox.log"
    return Path(settings.ADUAN_NOTIFY_FILE)


@pytest.fixture
def smtp(settings: Any, notify_file: Path) -> Iterator[SMTPServer]:
    """An SMTP server on loopback that the email channel talks to."""
    server = SMTPServer("127.0.0.1", free_port(), SMTPHandler())
    server.start()
    settings.ADUAN_EMAIL_CHANNEL = "smtp"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Aduan Kota <aduan@kota.example>"
    yield server
    server.stop()


@dataclass
class Gateway:
    """A fake SMS/WhatsApp gateway: records requests, honours the idempotency key."""

    mode: str = "ok"  # ok, error (500), hang (sleep longer than the client waits), slow
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    delivered: dict[str, int] = field(default_factory=dict)
    received: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                payload = json.loads(body)
                gateway.requests.append(
                    {
                        "payload": payload,
                        "key": self.headers.get("Idempotency-Key"),
                        "auth": self.headers.get("Authorization"),
                    }
                )
                gateway.received.set()
                if gateway.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                key = self.headers.get("Idempotency-Key") or ""
                # A gateway that honours the key hands a message to the network once.
                gateway.delivered[key] = gateway.delivered.get(key, 0) + (
                    0 if key in gateway.delivered else 1
                )
                if gateway.mode in ("hang", "slow"):
                    time.sleep(gateway.delay)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"status": "queued"}')
                except OSError:
                    pass  # the client went away (timed out or was killed)

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/kirim"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def gateway(settings: Any, notify_file: Path) -> Iterator[Gateway]:
    fake = Gateway()
    fake.start()
    for kind in ("SMS", "WHATSAPP"):
        setattr(settings, f"ADUAN_{kind}_GATEWAY_URL", fake.url)
        setattr(settings, f"ADUAN_{kind}_GATEWAY_TOKEN", "rahasia-gateway")
    settings.ADUAN_GATEWAY_TIMEOUT = 1
    yield fake
    fake.stop()


def run_worker(*args: str) -> None:
    """One pass of the real worker command delivering every due message.

    Periodic jobs are left out: they depend on the wall clock; tests of jobs freeze it.
    """
    call_command("worker", "--once", "--no-jobs", "--name", "uji", *args)
