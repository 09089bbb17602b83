"""Report pages of the staff console: who sees what, bad input, and the files they download."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.test import Client

from aduan.audit.models import AuditEntry
from aduan.reports import rollups
from aduan.reports.tests.handmade import NOW, build_july
from aduan.testing import City, staff_login

MONTHLY = "/staf/laporan/bulanan/"


@pytest.fixture
def july(city: City) -> None:
    build_july(city)


@pytest.fixture(autouse=True)
def _frozen() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


def signed_in(client: Client, user: object) -> Client:
    staff_login(client, user)  # type: ignore[arg-type]
    return client


def test_leadership_sees_the_city_report_with_numbers_linked_to_lists(
    client: Client, city: City, july: None
) -> None:
    page = signed_in(client, city.leadership).get(MONTHLY, {"bulan": "2026-07"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lima kategori terbanyak" in html
    assert (
        "/staf/antrean/semua/?date_from=2026-07-01&amp;date_to=2026-07-31&amp;status=closed" in html
    )


def test_a_supervisor_gets_their_own_agency_and_404_for_another(
    client: Client, city: City, july: None
) -> None:
    signed_in(client, city.supervisor_a)
    own = client.get(MONTHLY, {"bulan": "2026-07"})
    assert own.status_code == 200
    assert own.context["report"].agency == city.agency_a
    assert own.context["report"].received == 6
    assert client.get(MONTHLY, {"bulan": "2026-07", "instansi": "dlh"}).status_code == 404


def test_an_invalid_month_is_a_400_with_a_message(client: Client, city: City) -> None:
    page = signed_in(client, city.leadership).get(MONTHLY, {"bulan": "2026-13"})
    assert page.status_code == 400
    assert "Bulan 2026-13 tidak ada" in page.content.decode()


def test_the_report_downloads_as_pdf_xlsx_csv_and_html(
    client: Client, city: City, july: None
) -> None:
    signed_in(client, city.leadership)
    for fmt, start in [
        ("pdf", b"%PDF-"),
        ("xlsx", b"PK"),
        ("csv", "\ufeff".encode()),
        ("html", b"<!doctype"),
    ]:
        response = client.get(MONTHLY, {"bulan": "2026-07", "format": fmt})
        assert response.status_code == 200, fmt
        assert response.content.startswith(start), fmt
        assert "laporan-aduan-2026-07" in response["Content-Disposition"]
    assert client.get(MONTHLY, {"bulan": "2026-07", "format": "doc"}).status_code == 400


def test_citizens_and_visitors_cannot_open_reports(client: Client, city: City) -> None:
    assert client.get("/staf/laporan/").status_code == 302
    client.force_login(city.citizen)
    assert client.get("/staf/laporan/").status_code == 403


def test_the_dashboard_shows_queue_health_and_trends_from_rollups(
    client: Client, city: City, july: None
) -> None:
    rollups.rebuild_all()
    page = signed_in(client, city.leadership).get("/staf/laporan/")
    assert page.status_code == 200
    board = page.context["board"]
    dlh = next(row for row in board.queue if row.agency_id == city.agency_b.pk)
    assert dlh.counts["in_progress"] == 1 and dlh.counts["overdue"] == 1
    july_point = next(p for p in board.monthly if p.label == "Jul 26")
    assert (july_point.received, july_point.completed) == (12, 8)
    assert "<title id=" in page.content.decode()


def test_a_supervisors_dashboard_counts_only_their_subtree(
    client: Client, city: City, july: None
) -> None:
    rollups.rebuild_all()
    board = signed_in(client, city.supervisor_a).get("/staf/laporan/").context["board"]
    assert {row.agency_id for row in board.queue} == {city.agency_a.pk}
    july_point = next(p for p in board.monthly if p.label == "Jul 26")
    assert (july_point.received, july_point.completed) == (6, 5)


def test_an_export_is_scoped_has_no_identity_and_is_logged(
    client: Client, city: City, july: None
) -> None:
    signed_in(client, city.officer_b)
    response = client.get("/staf/laporan/ekspor/", {"format": "csv", "date_from": "2026-07-01"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert {r["instansi"] for r in rows} == {"Dinas Lingkungan Hidup"}
    assert not {"nama", "telepon", "email", "nik", "alamat"} & set(rows[0])
    entry = AuditEntry.objects.get(action="export.complaints")
    assert entry.after["count"] == 3
    assert entry.after["filters"] == {"date_from": "2026-07-01"}


def test_an_export_to_xlsx_and_a_bad_filter(client: Client, city: City, july: None) -> None:
    signed_in(client, city.leadership)
    response = client.get("/staf/laporan/ekspor/", {"format": "xlsx", "status": "closed"})
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert client.get("/staf/laporan/ekspor/", {"date_from": "kemarin"}).status_code == 400
