"""Integrator data: the public archive and open data rows, never rahasia, never identity."""

from __future__ import annotations

import pytest
from django.test import Client

from aduan.api.tests.apiclient import Api, is_problem
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, submit


@pytest.fixture
def world(city: City) -> dict[str, str]:
    return {
        "public": complaint_in(city, Status.ROUTED).tracking_code,
        "rahasia": complaint_in(city, Status.ROUTED, is_confidential=True).tracking_code,
        "unseen": submit(city).tracking_code,
        "rejected": complaint_in(city, Status.REJECTED).tracking_code,
    }


def test_the_archive_lists_published_complaints_only_without_identity(
    client: Client, world: dict[str, str]
) -> None:
    page = Api(client).get("/public/complaints").json()
    assert [i["tracking_code"] for i in page["items"]] == [world["public"]]
    text = str(page)
    assert "Siti" not in text and "0812" not in text and "siti@" not in text


def test_open_data_rows_have_no_free_text(client: Client, world: dict[str, str]) -> None:
    rows = Api(client).get("/data/complaints").json()["items"]
    assert [r["kode_lacak"] for r in rows] == [world["public"]]
    assert "judul" not in rows[0] and rows[0]["kanal"] == "Situs web"


def test_filters_and_bad_filters(client: Client, city: City, world: dict[str, str]) -> None:
    api = Api(client)
    assert api.get("/public/complaints", {"category": "sampah-menumpuk"}).json()["items"] == []
    assert len(api.get("/public/complaints", {"area": city.kecamatan.code}).json()["items"]) == 1
    is_problem(api.get("/public/complaints", {"status": "hilang"}), 422)
    is_problem(api.get("/data/complaints", {"month": "juli"}), 422)
    # A NUL in a query is taken out before any view, as on every page (lib/tests/test_hostile_input.py).
    assert api.get("/public/complaints", {"category": "a\u0000b"}).json()["items"] == []
