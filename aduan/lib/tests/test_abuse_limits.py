"""Limits per person, not only per address: one phone, email or account cannot flood the site."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from aduan.complaints.models import Complaint
from aduan.lib import ratelimit
from aduan.lib.tests.test_antispam import solve
from aduan.public import archive, finish
from aduan.public.draft import SESSION_KEY
from aduan.public.tests.conftest import fill_report, send
from aduan.testing import City, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_may_be_quick(settings: Any) -> None:
    settings.ADUAN_MIN_REPORT_SECONDS = 0  # the timing tests below set their own


def test_one_phone_number_in_any_spelling_counts_as_one_contact() -> None:
    for phone in ("0812-3456-7890", "+62 812 3456 7890"):
        assert ratelimit.contact_allowed("uji", phone=phone, limit=2, window=3600)
    assert not ratelimit.contact_allowed("uji", phone="6281234567890", limit=2, window=3600)
    assert ratelimit.contact_allowed("uji", phone="081299999999", limit=2, window=3600)


def test_an_email_over_its_limit_refuses_even_with_a_fresh_phone() -> None:
    for _ in range(2):
        ratelimit.contact_allowed("uji", email="Siti@Example.test", limit=2, window=3600)
    assert not ratelimit.contact_allowed(
        "uji", email="siti@example.test", phone="081211112222", limit=2, window=3600
    )


def test_no_contact_is_never_limited_by_this_rule() -> None:
    for _ in range(5):
        assert ratelimit.contact_allowed("uji", limit=1, window=3600)


def test_reports_with_one_contact_are_limited_whatever_the_network(
    city: City, monkeypatch: Any
) -> None:
    monkeypatch.setattr(finish, "SUBMIT_CONTACT_LIMIT", 2)
    for number in range(2):
        client = Client(REMOTE_ADDR=f"10.0.0.{number + 1}")
        fill_report(client, city)
        assert send(client).status_code == 302
    client = Client(REMOTE_ADDR="10.0.0.99")
    fill_report(client, city)
    response = send(client)
    assert response.status_code == 429
    assert "nomor telepon atau email ini" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_dukung_by_one_account_is_limited_whatever_the_network(
    city: City, monkeypatch: Any, published_as_sent: None
) -> None:
    monkeypatch.setattr(archive, "SUPPORTS_PER_IP_PER_HOUR", 2)
    complaints = [submit(city) for _ in range(3)]
    results = []
    for number, complaint in enumerate(complaints):
        client = Client(REMOTE_ADDR=f"10.1.0.{number + 1}")
        client.force_login(city.citizen)
        results.append(
            client.post(f"/dukung/{complaint.tracking_code}/", {"next": "/arsip/"}).status_code
        )
    assert results == [302, 302, 429]


def test_dukung_by_one_contact_is_limited_whatever_the_network(
    city: City, monkeypatch: Any, published_as_sent: None
) -> None:
    monkeypatch.setattr(archive, "SUPPORTS_PER_IP_PER_HOUR", 2)
    complaints = [submit(city) for _ in range(3)]
    results = []
    for number, complaint in enumerate(complaints):
        client = Client(REMOTE_ADDR=f"10.2.0.{number + 1}")
        session = client.session
        session[SESSION_KEY] = {"token": "t", "photos": [], "phone": "081234567890"}
        session.save()
        response = client.post(
            f"/dukung/{complaint.tracking_code}/", {"next": "/arsip/", "ikuti": "1"}
        )
        results.append(response.status_code)
    assert results == [302, 302, 429]


def test_a_whole_report_sent_within_seconds_is_refused(city: City, settings: Any) -> None:
    settings.ADUAN_MIN_REPORT_SECONDS = 8
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fill_report(client, city)
        response = send(client)
        assert response.status_code == 400
        assert "terlalu cepat" in response.content.decode()
        assert not Complaint.objects.exists()
        clock.shift(timedelta(seconds=30))  # a person reading the check page
        assert send(client).status_code == 302
    assert Complaint.objects.count() == 1


def test_the_report_asks_for_a_proof_of_work_when_switched_on(city: City, settings: Any) -> None:
    settings.ADUAN_POW_BITS = 8
    client = Client()
    fill_report(client, city)
    page = client.get("/aduan/baru/periksa/").content.decode()
    challenge = re.search(r'name="pow_challenge" id="id_pow_challenge" value="([^"]+)"', page)
    assert challenge and "public/pow.js" in page
    token = client.session["aduan_draft"]["token"]
    wrong = client.post(
        "/aduan/baru/periksa/",
        {"token": token, "pow_challenge": challenge.group(1), "pow_solution": "x"},
    )
    assert wrong.status_code == 400
    assert "Pemeriksaan keamanan gagal" in wrong.content.decode()
    right = client.post(
        "/aduan/baru/periksa/",
        {
            "token": token,
            "pow_challenge": challenge.group(1),
            "pow_solution": solve(challenge.group(1), 8),
        },
    )
    assert right.status_code == 302
    assert Complaint.objects.count() == 1


def test_without_javascript_the_report_waits_on_the_same_challenge(
    city: City, settings: Any
) -> None:
    settings.ADUAN_POW_BITS = 16
    settings.ADUAN_POW_FALLBACK_SECONDS = 30
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fill_report(client, city)
        page = client.get("/aduan/baru/periksa/").content.decode()
        challenge = re.search(r'name="pow_challenge" id="id_pow_challenge" value="([^"]+)"', page)
        assert challenge
        token = client.session["aduan_draft"]["token"]
        data = {"token": token, "pow_challenge": challenge.group(1), "pow_solution": ""}
        clock.shift(timedelta(seconds=10))
        waiting = client.post("/aduan/baru/periksa/", data)
        assert "Tunggu 21 detik" in waiting.content.decode()
        assert challenge.group(1) in waiting.content.decode()
        clock.shift(timedelta(seconds=25))
        assert client.post("/aduan/baru/periksa/", data).status_code == 302
