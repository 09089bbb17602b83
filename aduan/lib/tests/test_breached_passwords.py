"""Passwords known from breaches are refused, asking a range service on loopback (k-anonymity)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from aduan.lib.breached import BreachedPasswordValidator
from aduan.testing import sign_up

BREACHED = "Indonesia1945!"


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest().upper()


@dataclass
class RangeService:
    """Answers /<5 hex> with the suffixes it knows under that prefix, plus zero-count padding."""

    known: dict[str, int] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)
    delay: float = 0.0
    url: str = ""
    server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                service.paths.append(self.path)
                time.sleep(service.delay)
                prefix = self.path.rsplit("/", 1)[-1].upper()
                lines = [f"{'0' * 35}:0"]  # padding, as the real service adds
                lines += [
                    f"{digest[5:]}:{count}"
                    for digest, count in service.known.items()
                    if digest.startswith(prefix)
                ]
                body = "\r\n".join(lines).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/range/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def service(settings: Any) -> Iterator[RangeService]:
    fake = RangeService(known={_sha1(BREACHED): 4021})
    fake.start()
    settings.ADUAN_BREACHED_PASSWORDS_URL = fake.url
    settings.ADUAN_BREACHED_PASSWORDS_TIMEOUT = 1
    yield fake
    fake.stop()


def test_a_breached_password_is_refused_with_how_often_it_leaked(service: RangeService) -> None:
    with pytest.raises(ValidationError) as raised:
        BreachedPasswordValidator().validate(BREACHED)
    assert raised.value.messages == [
        "Kata sandi ini sudah pernah bocor dari situs lain (tercatat 4021 kali) dan dicoba "
        "penyerang lebih dulu. Pilih kata sandi lain."
    ]


def test_only_five_characters_of_the_hash_leave_the_server(service: RangeService) -> None:
    BreachedPasswordValidator().validate("kalimat panjang tentang hujan sore")
    digest = _sha1("kalimat panjang tentang hujan sore")
    assert service.paths == [f"/range/{digest[:5]}"]
    assert digest[5:] not in service.paths[0]


def test_a_padding_entry_is_not_a_breach(service: RangeService) -> None:
    service.known[_sha1("Gajah-Terbang-Di-Atas-Sawah")[:5] + "0" * 35] = 0
    BreachedPasswordValidator().validate("Gajah-Terbang-Di-Atas-Sawah")


def test_a_slow_or_missing_service_lets_the_other_rules_decide(
    service: RangeService, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    service.delay = 2
    started = time.monotonic()
    BreachedPasswordValidator().validate(BREACHED)
    assert time.monotonic() - started < 1.9
    settings.ADUAN_BREACHED_PASSWORDS_URL = "http://127.0.0.1:9/range/"
    BreachedPasswordValidator().validate(BREACHED)
    assert "password not checked" in caplog.text


def test_without_a_service_nothing_is_asked(settings: Any) -> None:
    settings.ADUAN_BREACHED_PASSWORDS_URL = ""
    BreachedPasswordValidator().validate(BREACHED)


@pytest.mark.django_db
def test_a_citizen_choosing_a_breached_password_sees_why(
    service: RangeService, settings: Any, client: Client
) -> None:
    settings.AUTH_PASSWORD_VALIDATORS = [
        *settings.AUTH_PASSWORD_VALIDATORS,
        {"NAME": "aduan.lib.breached.BreachedPasswordValidator"},
    ]
    response = sign_up(client, "warga.baru@example.com", name="Warga Uji", password=BREACHED)
    assert response.status_code == 200
    assert "sudah pernah bocor dari situs lain" in response.content.decode()
    from aduan.accounts import citizens

    assert citizens.find_citizen("email", "warga.baru@example.com") is None
