"""The monthly_report command: every format, an agency's own report, and bad input."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pypdf import PdfReader

from aduan.reports.tests.handmade import NOW, build_july
from aduan.testing import City


@pytest.fixture
def july(city: City) -> None:
    build_july(city)


def run(tmp_path: Path, fmt: str, *extra: str) -> bytes:
    out = tmp_path / f"report.{fmt}"
    with time_machine.travel(NOW, tick=False):
        call_command(
            "monthly_report", "--month", "2026-07", "--format", fmt, "--out", str(out), *extra
        )
    return out.read_bytes()


def test_it_writes_an_html_report_with_every_section_and_accessible_charts(
    july: None, tmp_path: Path
) -> None:
    html = run(tmp_path, "html").decode()
    for heading in [
        "Jumlah aduan per status",
        "Klasifikasi",
        "Lima kategori terbanyak",
        "Lima instansi terbanyak",
        "Wilayah (kecamatan dan kelurahan)",
        "Kanal pengaduan",
        "Titik lokasi",
        "Waktu tanggapan dan penyelesaian",
        "Sebaran waktu penyelesaian",
        "Ketepatan waktu",
        "Aduan melewati batas waktu",
        "Kepuasan pelapor",
        "Nilai dan peringkat instansi",
        "Kesimpulan",
        "Saran tindak lanjut",
    ]:
        assert heading in html, heading
    assert html.count("<svg") == 4  # categories, agencies, channels, bands (no area outlines)
    assert html.count("<title id=") == html.count("<desc id=") == 4
    assert "84,4" in html  # mean completion hours
    assert "75,00%" in html  # on time


def test_it_writes_csv_with_the_same_numbers(july: None, tmp_path: Path) -> None:
    text = run(tmp_path, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Ringkasan", "Aduan diterima", "12"] in rows
    assert ["Sebaran waktu penyelesaian", "0–10 jam", "3", "37.5"] in rows
    assert ["Kanal pengaduan", "Situs web", "9", "75.0"] in rows


def test_it_writes_a_workbook(july: None, tmp_path: Path) -> None:
    book = load_workbook(io.BytesIO(run(tmp_path, "xlsx")))
    values = [tuple(r) for r in book.active.iter_rows(values_only=True)]
    assert ("Aduan diselesaikan", 8, None, None, None, None, None) in values
    assert (1, "Kelurahan Sukarasa", 100, 100, 100, 100, "Sangat Baik") in values


def test_it_writes_an_a4_pdf(july: None, tmp_path: Path) -> None:
    pdf = run(tmp_path, "pdf")
    assert pdf.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf


def test_the_pdf_embeds_a_unicode_font_and_prints_the_words_as_written(
    july: None, tmp_path: Path
) -> None:
    document = PdfReader(io.BytesIO(run(tmp_path, "pdf")))
    fonts: dict[str, bool] = {}
    for page in document.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font: Any = ref.get_object()
            if "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts  # every font is embedded
    text = "\n".join(page.extract_text() for page in document.pages)
    assert "5 ★" in text and "5 *" not in text
    assert "0–10 jam" in text  # an en dash, not a hyphen
    assert "Periode Juli 2026" in text and "2026-07" not in text
    assert "Grafik: Lima instansi terbanyak" in text


def test_an_agency_report_is_limited_to_that_agency(city: City, tmp_path: Path) -> None:
    build_july(city)
    text = run(tmp_path, "csv", "--agency", "dlh").decode("utf-8-sig")
    assert ["Ringkasan", "Aduan diterima", "3"] in list(csv.reader(io.StringIO(text)))


def test_an_invalid_month_is_refused_with_a_clear_message(db: None) -> None:
    with pytest.raises(CommandError, match="TTTT-BB"):
        call_command("monthly_report", "--month", "07-2026")
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("monthly_report", "--month", "2026-13")


def test_an_unknown_agency_is_refused(db: None) -> None:
    with pytest.raises(CommandError, match="No agency"):
        call_command("monthly_report", "--month", "2026-07", "--agency", "nope")


def test_a_month_without_complaints_is_a_clean_report(db: None, tmp_path: Path) -> None:
    html = run(tmp_path, "html").decode()
    assert "Tidak ada aduan pada Juli 2026" in html
    assert run(tmp_path, "pdf").startswith(b"%PDF-")
