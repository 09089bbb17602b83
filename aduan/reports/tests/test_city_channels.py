"""A city's own channels by name: "JAKI 243", not "API 243", in the monthly report, the staff
filter, the dashboard, the export and open data (issue 14 item 1)."""

from __future__ import annotations

import csv
import io
import json

import pytest
import time_machine
from django.test import Client

from aduan.complaints.channels import Channel, ChannelKind
from aduan.complaints.models import Complaint
from aduan.reports import rollups
from aduan.reports.tests.handmade import NOW, at, build_july, make
from aduan.testing import City, staff_login


@pytest.fixture(autouse=True)
def _frozen() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def jaki(city: City) -> list[str]:
    """The city's super-app, defined by an administrator, with three July complaints in it."""
    build_july(city)
    Channel.objects.create(
        code="jaki", name="JAKI", kind=ChannelKind.PARTNER, usually_geotagged=True
    )
    rows = [
        make(city, agency=city.agency_a, channel="jaki", created_at=at(7, day, 9))
        for day in (3, 4, 5)
    ]
    return [c.tracking_code for c in rows]


def _signed_in(client: Client, user: object) -> Client:
    staff_login(client, user)  # type: ignore[arg-type]
    return client


def test_the_monthly_report_counts_the_city_channel_by_its_name(
    client: Client, city: City, jaki: list[str]
) -> None:
    page = _signed_in(client, city.leadership).get("/staf/laporan/bulanan/", {"bulan": "2026-07"})
    assert page.status_code == 200
    rows = {r.label: r.count for r in page.context["report"].by_channel}
    assert rows["JAKI"] == 3
    assert "jaki" not in rows and "API" not in rows
    section = page.content.decode().split('id="s-channel"')[1].split("</section>")[0]
    assert "<td>JAKI</td>" in section
    assert "channel=jaki" in section  # the number links to the list of those complaints


def test_the_staff_filter_offers_the_channel_by_name_and_lists_its_complaints(
    client: Client, city: City, jaki: list[str]
) -> None:
    page = _signed_in(client, city.verifier).get("/staf/antrean/semua/", {"channel": "jaki"})
    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="jaki" selected>JAKI</option>' in html
    listed = {c.tracking_code for c in page.context["rows"]}
    assert listed == set(jaki)
    assert "JAKI ·" in html  # each row says where it came in


def test_a_switched_off_channel_still_filters_its_old_complaints(
    client: Client, city: City, jaki: list[str]
) -> None:
    Channel.objects.filter(code="jaki").update(is_active=False)
    page = _signed_in(client, city.verifier).get("/staf/antrean/semua/", {"channel": "jaki"})
    assert {c.tracking_code for c in page.context["rows"]} == set(jaki)


def test_the_export_names_the_channel(client: Client, city: City, jaki: list[str]) -> None:
    response = _signed_in(client, city.leadership).get(
        "/staf/laporan/ekspor/", {"format": "csv", "channel": "jaki"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["kode_lacak"] for r in rows} == set(jaki)
    assert {r["kanal"] for r in rows} == {"JAKI"}


def test_the_dashboard_names_the_channel(client: Client, city: City, jaki: list[str]) -> None:
    # The dashboard covers the last 30 days: move the complaints into them.
    Complaint.objects.filter(tracking_code__in=jaki).update(created_at=at(8, 5, 9))
    rollups.rebuild_all()
    board = _signed_in(client, city.leadership).get("/staf/laporan/").context["board"]
    labels = {r.label: r.count for r in board.channels}
    assert labels.get("JAKI") == 3


def test_open_data_names_the_channel(client: Client, city: City, jaki: list[str]) -> None:
    body = b"".join(client.get("/data/aduan.json", {"bulan": "2026-07"}).streaming_content)  # type: ignore[attr-defined]
    data = json.loads(body)
    by_code = {row["kode_lacak"]: row for row in data["data"]}
    assert {by_code[code]["kanal"] for code in jaki} == {"JAKI"}
    assert "kanal" in data["kolom"]
