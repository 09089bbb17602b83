"""Behind a reverse proxy, the audit keeps the client's address, not the proxy's, for staff too.

One function reads the address (aduan.lib.ratelimit.client_ip, which trusts X-Forwarded-For only
as far as ADUAN_TRUSTED_PROXY_COUNT says); nothing else reads REMOTE_ADDR.
"""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aduan.audit.models import AuditEntry
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, staff_login, submit

PROXY = "10.0.0.5"
CLIENT = "203.0.113.7"


@pytest.fixture
def behind_proxy(settings: Any, client: Client) -> Client:
    settings.ADUAN_TRUSTED_PROXY_COUNT = 1
    client.defaults.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.1, {CLIENT}")
    return client


def _address_of(action: str) -> str | None:
    return AuditEntry.objects.filter(action=action).select_related("address").get().ip


def test_a_staff_action_is_audited_with_the_clients_address(
    behind_proxy: Client, city: City
) -> None:
    c = complaint_in(city, Status.ROUTED)
    staff_login(behind_proxy, city.officer_a)
    response = behind_proxy.post(
        reverse("staff:action", args=[c.tracking_code, "accept"]), {"accept-version": c.version}
    )
    assert response.status_code == 302
    assert _address_of("complaint.accept") == CLIENT


def test_a_bulk_action_is_audited_with_the_clients_address(
    behind_proxy: Client, city: City
) -> None:
    c = complaint_in(city, Status.ROUTED)
    staff_login(behind_proxy, city.officer_a)
    behind_proxy.post(
        reverse("staff:bulk", args=["masuk"]),
        {"action": "accept", "pilih": [f"{c.tracking_code}:{c.version}"]},
    )
    assert _address_of("complaint.accept") == CLIENT


def test_a_desk_intake_is_audited_with_the_clients_address(
    behind_proxy: Client, city: City
) -> None:
    staff_login(behind_proxy, city.verifier)
    response = behind_proxy.post(
        reverse("staff:intake"),
        {
            "channel": "phone",
            "category": str(city.road.pk),
            "title": "Jalan berlubang di depan SDN 3",
            "description": "Disampaikan lewat telepon; lubang besar di lajur kiri.",
            "area": city.kelurahan.code,
            "address": "Jl. Merdeka",
            "name": "Budi",
        },
    )
    assert response.status_code == 302
    assert _address_of("complaint.submit") == CLIENT


def test_opening_a_reporters_identity_is_audited_with_the_clients_address(
    behind_proxy: Client, city: City
) -> None:
    c = submit(city, is_anonymous=True)
    staff_login(behind_proxy, city.verifier)
    response = behind_proxy.post(
        reverse("staff:identity", args=[c.tracking_code]), {"reason": "perlu menghubungi"}
    )
    assert response.status_code == 200
    assert _address_of("identity.view") == CLIENT


def test_an_export_is_audited_with_the_clients_address(behind_proxy: Client, city: City) -> None:
    staff_login(behind_proxy, city.leadership)
    response = behind_proxy.get(reverse("staff:reports_export"), {"format": "csv"})
    assert response.status_code == 200
    assert _address_of("export.complaints") == CLIENT


def test_the_dpos_record_of_a_breach_is_audited_with_the_clients_address(
    behind_proxy: Client, city: City
) -> None:
    staff_login(behind_proxy, city.dpo)
    response = behind_proxy.post(
        reverse("staff:privacy_breaches"),
        {
            "discovered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "description": "Laptop petugas berisi ekspor hilang.",
            "affected_count": "12",
        },
    )
    assert response.status_code == 302
    assert _address_of("privacy.breach_recorded") == CLIENT


def test_only_the_proxy_aware_helper_reads_remote_addr() -> None:
    """One reader of the client's address: every other read would log the proxy's."""
    root = pathlib.Path(__file__).resolve().parents[2]
    helper = root / "lib" / "ratelimit.py"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path != helper
        and "REMOTE_ADDR" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
    assert helper.read_text(encoding="utf-8").count("REMOTE_ADDR") >= 1
