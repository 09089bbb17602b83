"""The public transparency page and open data: no personal data, no rahasia complaints."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from aduan.complaints.models import Complaint, Reporter
from aduan.reports.tests.handmade import at, build_july, make
from aduan.testing import City


@pytest.fixture
def july(city: City) -> dict[str, str]:
    cache.clear()
    codes = build_july(city).codes
    reporter = Reporter.objects.create(name="Siti Aminah", phone="081234567890")
    secret = make(
        city,
        agency=city.agency_a,
        category=city.bribe,
        classification="misconduct",
        is_confidential=True,
        reporter=reporter,
        created_at=at(7, 9, 9),
        title="Pungutan liar di loket",
    )
    Complaint.objects.filter(tracking_code=codes["A1"]).update(
        reporter=reporter, latitude=Decimal("-6.178351"), longitude=Decimal("106.631949")
    )
    return {**codes, "secret": secret.tracking_code}


def streamed(response: object) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]


def test_the_page_shows_the_months_figures_without_rahasia_or_merged(
    client: Client, july: dict[str, str]
) -> None:
    page = client.get("/transparansi/", {"bulan": "2026-07"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lima kategori terbanyak" in html
    assert "Pungutan Liar" not in html
    # 12 received in July, minus the merged one; the rahasia complaint is not counted.
    assert "<b>11</b>" in html
    assert july["A4"] not in html  # no case lists in public


def test_an_invalid_month_is_a_400_with_a_message(client: Client, db: None) -> None:
    page = client.get("/transparansi/", {"bulan": "juli"})
    assert page.status_code == 400
    assert "TTTT-BB" in page.content.decode()
    assert client.get("/data/aduan.csv", {"bulan": "2026-00"}).status_code == 400


def test_open_data_csv_has_public_complaints_only_and_no_personal_fields(
    client: Client, july: dict[str, str]
) -> None:
    rows = list(csv.DictReader(io.StringIO(streamed(client.get("/data/aduan.csv")))))
    codes = {r["kode_lacak"] for r in rows}
    assert july["secret"] not in codes
    assert july["M1"] not in codes
    assert july["R1"] not in codes  # rejected: never public
    assert july["X3"] not in codes  # still unseen at the desk: not public yet
    assert july["A1"] in codes and july["P1"] in codes
    assert len(rows) == 12  # 16 made, minus the merged, rahasia, rejected and unseen ones
    text = streamed(client.get("/data/aduan.csv"))
    assert "Siti" not in text and "0812" not in text
    a1 = next(r for r in rows if r["kode_lacak"] == july["A1"])
    assert (a1["lintang"], a1["bujur"]) == ("-6.178", "106.632")
    assert a1["status"] == "Selesai"


def test_open_data_json_is_valid_and_can_be_limited_to_a_month(
    client: Client, july: dict[str, str]
) -> None:
    response = client.get("/data/aduan.json", {"bulan": "2026-06"})
    data = json.loads(streamed(response))
    assert {row["kode_lacak"] for row in data["data"]} == {july["X1"], july["P1"]}
    assert set(data["data"][0]) == set(data["kolom"])
