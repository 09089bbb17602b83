"""The roster page (/staf/piket/): who is on duty now and next, for one's own agency only; the desk,
city leadership and administrators see every agency's roster."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aduan.agencies.models import DutyShift
from aduan.testing import City, staff_login


@pytest.fixture
def roster(city: City) -> City:
    now = timezone.now()
    DutyShift.objects.create(  # on duty now for Dinas PUPR
        user=city.officer_a,
        agency=city.agency_a,
        starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(hours=6),
        phone_note="0812-1111-0001",
    )
    DutyShift.objects.create(  # next, for its unit
        user=city.supervisor_a,
        agency=city.unit_a,
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=3),
    )
    DutyShift.objects.create(  # next, for DLH
        user=city.officer_b,
        agency=city.agency_b,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=2),
        phone_note="0812-2222-0002",
    )
    DutyShift.objects.create(  # the desk, now
        user=city.verifier,
        agency=city.desk,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    DutyShift.objects.create(  # long past: not shown
        user=city.officer_b,
        agency=city.agency_b,
        starts_at=now - timedelta(days=9),
        ends_at=now - timedelta(days=8),
        phone_note="0812-9999-0009",
    )
    return city


def page(client: Client, city: City, persona: str) -> str:
    staff_login(client, city.personas[persona])
    response = client.get(reverse("staff:duty"))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, heading: str) -> str:
    start = html.index(f"<h2>{heading}</h2>")
    end = html.find("<h2>", start + 1)
    return html[start : end if end != -1 else len(html)]


def test_an_officer_sees_who_is_on_duty_now_and_next_for_their_agency(
    client: Client, roster: City
) -> None:
    html = page(client, roster, "officer_a")

    now = _section(html, "Sedang piket")
    assert "Petugas yang sedang piket sekarang</caption>" in now
    assert "Dinas PUPR" in now and "Petugas A" in now and "0812-1111-0001" in now
    upcoming = _section(html, "Piket berikutnya")
    assert "Jadwal piket 14 hari ke depan</caption>" in upcoming
    assert "Bidang Bina Marga" in upcoming and "Pimpinan A" in upcoming
    # Not another agency's roster, nor the desk's.
    assert "Petugas B" not in html and "0812-2222-0002" not in html
    assert "UPT Pengelola Ruang Kendali" not in html
    assert "0812-9999-0009" not in html
    assert "Anda melihat jadwal piket instansi Anda." in html


def test_the_officer_of_agency_b_sees_only_dlh(client: Client, roster: City) -> None:
    html = page(client, roster, "officer_b")

    assert "Tidak ada petugas yang sedang piket sekarang." in html
    assert "Petugas B" in _section(html, "Piket berikutnya") and "0812-2222-0002" in html
    assert "Petugas A" not in html and "0812-1111-0001" not in html
    assert "Bidang Bina Marga" not in html


def test_a_unit_officer_sees_the_shift_of_the_agency_above_their_unit(
    client: Client, roster: City
) -> None:
    from aduan.accounts.models import Membership, Role

    unit_officer = roster.outsider
    Membership.objects.create(user=unit_officer, agency=roster.unit_a, role=Role.OFFICER)
    staff_login(client, unit_officer)
    html = client.get(reverse("staff:duty")).content.decode()

    assert "Petugas A" in _section(html, "Sedang piket")
    assert "Pimpinan A" in html
    assert "Petugas B" not in html


@pytest.mark.parametrize("persona", ["verifier", "leadership", "administrator"])
def test_the_desk_leadership_and_administrators_see_every_roster(
    client: Client, roster: City, persona: str
) -> None:
    html = page(client, roster, persona)

    now = _section(html, "Sedang piket")
    assert "Petugas A" in now and "UPT Pengelola Ruang Kendali" in now
    upcoming = _section(html, "Piket berikutnya")
    assert "Petugas B" in upcoming and "Pimpinan A" in upcoming
    assert html.index("Petugas B") < html.index("Pimpinan A"), "soonest first"
    assert "Anda melihat jadwal piket semua instansi." in html


def test_the_dpo_has_no_roster_of_their_own(client: Client, roster: City) -> None:
    html = page(client, roster, "dpo")

    assert "Tidak ada petugas yang sedang piket sekarang." in html
    assert "Belum ada jadwal piket untuk 14 hari ke depan." in html
    assert "0812-" not in html


def test_the_roster_is_in_the_console_menu_and_closed_to_citizens(
    client: Client, roster: City
) -> None:
    url = reverse("staff:duty")
    assert f'<a href="{url}"' in page(client, roster, "officer_b")
    client.force_login(roster.citizen)
    assert client.get(url).status_code == 403
    client.logout()
    assert "/staf/masuk/" in client.get(url)["Location"]
