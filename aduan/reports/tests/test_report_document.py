"""The monthly report as a document: the institution's words, the month's commentary, signing,
freezing, corrections, who may do what, and bad input (aduan/reports/documents.py)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from aduan.audit.models import AuditEntry
from aduan.complaints.states import Status
from aduan.reports.models import ReportDocument, ReportPreface, ReportVersion
from aduan.reports.tests.handmade import NOW, at, build_july, make
from aduan.testing import City, staff_login

MONTHLY = "/staf/laporan/bulanan/"
DOCUMENT = "/staf/laporan/bulanan/dokumen/"
PREFACE = "/staf/laporan/bulanan/pengantar/"
JULY = "bulan=2026-07"


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def july(city: City) -> None:
    build_july(city)


def as_(user: Any) -> Client:
    client = Client()
    staff_login(client, user)
    return client


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def draft(client: Client, query: str = JULY, revision: int = 0, **texts: str) -> Any:
    data = {"draf-revision": str(revision)}
    data.update({f"draf-{k}": v for k, v in texts.items()})
    return client.post(f"{DOCUMENT}simpan/?{query}", data)


def sign(client: Client, query: str = JULY, revision: int = 1, **extra: str) -> Any:
    data = {
        "final-revision": str(revision),
        "final-signer_name": "Drs. Agus Pratama",
        "final-signer_position": "Sekretaris Daerah",
        "final-signer_number": "19700101 199503 1 001",
        "final-signed_on": "2026-08-05",
    }
    data.update({f"final-{k}": v for k, v in extra.items()})
    return client.post(f"{DOCUMENT}final/?{query}", data)


def download(client: Client, number: int, fmt: str, query: str = JULY) -> Any:
    return client.get(f"{DOCUMENT}versi/{number}/{fmt}/?{query}")


def preface(client: Client, query: str = "", **texts: str) -> Any:
    return client.post(f"{PREFACE}?{query}", texts)


# ---------------------------------------------------------------------------------------------
# A draft's words


def test_a_drafts_words_appear_on_the_page_and_in_every_file(city: City, july: None) -> None:
    leader = as_(city.leadership)
    assert (
        preface(
            leader,
            introduction="Laporan ini disusun setiap bulan oleh Ruang Kendali.",
            legal_basis="Peraturan Menteri PANRB Nomor 62 Tahun 2018.",
            signing_place="Tangerang",
        ).status_code
        == 302
    )
    desk = as_(city.verifier)
    page = desk.get(f"{DOCUMENT}?{JULY}")
    assert page.status_code == 200
    # The generated conclusions are the draft's starting words.
    assert "Pada Juli 2026 diterima 12 aduan" in page.context["draft_form"]["conclusions"].value()
    saved = draft(
        desk,
        note_categories="Sampah naik karena musim hujan.",
        note_late="Dua aduan terlambat karena alat berat rusak.",
        conclusions="Pelayanan bulan Juli berjalan baik.",
        follow_ups="Tambah armada truk sampah.\nLatih petugas kelurahan.",
    )
    assert saved.status_code == 302

    html = desk.get(MONTHLY, {"bulan": "2026-07"}).content.decode()
    for text in (
        "Laporan ini disusun setiap bulan oleh Ruang Kendali.",
        "Peraturan Menteri PANRB Nomor 62 Tahun 2018.",
        "Sampah naik karena musim hujan.",
        "Dua aduan terlambat karena alat berat rusak.",
        "Pelayanan bulan Juli berjalan baik.",
        "Latih petugas kelurahan.",
        "Draf, belum final.",
    ):
        assert text in html, text
    # The desk's conclusions replace the generated ones.
    assert "Pada Juli 2026 diterima 12 aduan" not in html

    document = desk.get(MONTHLY, {"bulan": "2026-07", "format": "html"}).content.decode()
    assert "Sampah naik karena musim hujan." in document
    assert "Draf, belum final." in document
    pdf = pdf_text(desk.get(MONTHLY, {"bulan": "2026-07", "format": "pdf"}).content)
    for text in (
        "Pendahuluan",
        "Laporan ini disusun setiap bulan oleh Ruang Kendali.",
        "Dasar hukum",
        "Catatan: Lima kategori terbanyak",
        "Sampah naik karena musim hujan.",
        "Dua aduan terlambat karena alat berat rusak.",
        "Pelayanan bulan Juli berjalan baik.",
        "Tambah armada truk sampah.",
        "Draf, belum final.",
    ):
        assert text in pdf, text
    rows = list(
        csv.reader(
            io.StringIO(desk.get(MONTHLY, {"bulan": "2026-07", "format": "csv"}).content.decode())
        )
    )
    assert ["Catatan: Lima kategori terbanyak", "Sampah naik karena musim hujan."] in rows
    book = load_workbook(
        io.BytesIO(desk.get(MONTHLY, {"bulan": "2026-07", "format": "xlsx"}).content)
    )
    values = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "Dua aduan terlambat karena alat berat rusak." in values
    assert "Laporan ini disusun setiap bulan oleh Ruang Kendali." in values


def test_an_agency_report_uses_the_city_preface_until_it_writes_its_own(
    city: City, july: None
) -> None:
    preface(as_(city.leadership), introduction="Pengantar kota.")
    head = as_(city.supervisor_a)
    assert "Pengantar kota." in head.get(MONTHLY, {"bulan": "2026-07"}).content.decode()
    assert preface(head, introduction="Pengantar Dinas PUPR.").status_code == 302
    html = head.get(MONTHLY, {"bulan": "2026-07"}).content.decode()
    assert "Pengantar Dinas PUPR." in html
    assert "Pengantar kota." not in html
    # The city's report keeps the city's words.
    city_html = as_(city.leadership).get(MONTHLY, {"bulan": "2026-07"}).content.decode()
    assert "Pengantar kota." in city_html


# ---------------------------------------------------------------------------------------------
# Final: frozen, and downloadable exactly as signed


def test_finalising_freezes_the_numbers_and_the_words(city: City, july: None) -> None:
    preface(as_(city.leadership), introduction="Pengantar kota.", signing_place="Tangerang")
    desk = as_(city.verifier)
    draft(desk, note_summary="Bulan yang tenang.", conclusions="Kesimpulan bulan Juli.")
    leader = as_(city.leadership)
    assert sign(leader).status_code == 302

    version = ReportVersion.objects.get()
    assert (version.number, version.signer_name) == (1, "Drs. Agus Pratama")
    signed = {fmt: download(leader, 1, fmt) for fmt in ("html", "pdf", "xlsx", "csv")}
    for fmt, response in signed.items():
        assert response.status_code == 200, fmt
        assert "laporan-aduan-2026-07-v1." in response["Content-Disposition"], fmt
    signed_bytes = {fmt: b"".join(r.streaming_content) for fmt, r in signed.items()}
    pdf = pdf_text(signed_bytes["pdf"])
    for text in (
        "Bulan yang tenang.",
        "Kesimpulan bulan Juli.",
        "Tangerang, 5 Agustus 2026",
        "Sekretaris Daerah",
        "Drs. Agus Pratama",
        "NIP 197001011995031001",
        "Versi 1",
    ):
        assert text in pdf, text
    assert "Draf" not in pdf
    assert "12" in pdf

    # Afterwards: a July complaint more, one closed, the preface rewritten.
    make(city, agency=city.agency_a, created_at=at(7, 30, 9))
    make(city, agency=city.agency_b, created_at=at(7, 30, 10), status=Status.SUBMITTED)
    preface(leader, introduction="Pengantar baru.")
    # Nobody can change the words of a final report.
    frozen = draft(desk, revision=2, note_summary="Diubah setelah final.")
    assert frozen.status_code == 409
    assert "sudah final" in frozen.content.decode()

    for fmt in ("html", "pdf", "xlsx", "csv"):
        again = b"".join(download(leader, 1, fmt).streaming_content)
        assert again == signed_bytes[fmt], fmt
    # The live page has moved on and says it is not the signed document.
    live = leader.get(MONTHLY, {"bulan": "2026-07"})
    assert live.context["report"].received == 14
    assert "bukan dokumen final versi 1" in live.content.decode()
    assert ReportDocument.objects.get().commentary == {"summary": "Bulan yang tenang."}


def test_a_correction_is_a_new_version_with_its_note_and_both_versions_download(
    city: City, july: None
) -> None:
    leader = as_(city.leadership)
    assert (
        sign(leader, revision=0).status_code == 302
    )  # finalised straight from the generated words
    first = b"".join(download(leader, 1, "pdf").streaming_content)
    assert "Pada Juli 2026 diterima 12 aduan" in pdf_text(first)

    make(city, agency=city.agency_a, created_at=at(7, 30, 9))
    document = ReportDocument.objects.get()
    assert (
        leader.post(
            f"{DOCUMENT}koreksi/?{JULY}", {"koreksi-revision": document.revision}
        ).status_code
        == 302
    )
    document.refresh_from_db()
    assert document.status == ReportDocument.Status.DRAFT
    page = leader.get(f"{DOCUMENT}?{JULY}").content.decode()
    assert "Draf koreksi versi 2" in page
    # A correction without its note is refused, and nothing is signed.
    refused = sign(leader, revision=document.revision)
    assert refused.status_code == 400
    assert "Catatan koreksi" in refused.content.decode()
    assert ReportVersion.objects.count() == 1

    corrected = sign(
        leader,
        revision=document.revision,
        note="Satu aduan Jalan Rusak tercatat terlambat; angka penerimaan diperbaiki.",
        signed_on="2026-08-10",
    )
    assert corrected.status_code == 302
    second = ReportVersion.objects.get(number=2)
    assert second.note.startswith("Satu aduan Jalan Rusak")
    assert second.summary["received"] == 13
    v2 = pdf_text(b"".join(download(leader, 2, "pdf").streaming_content))
    assert "Catatan koreksi versi 2" in v2
    assert "Satu aduan Jalan Rusak tercatat terlambat" in v2
    assert "Versi 2" in v2
    assert b"".join(download(leader, 1, "pdf").streaming_content) == first
    page = leader.get(f"{DOCUMENT}?{JULY}").content.decode()
    assert "/staf/laporan/bulanan/dokumen/versi/1/pdf/" in page
    assert "/staf/laporan/bulanan/dokumen/versi/2/pdf/" in page


# ---------------------------------------------------------------------------------------------
# Who may


def test_the_desk_writes_the_city_report_and_leadership_signs_it(city: City, july: None) -> None:
    desk = as_(city.verifier)
    assert draft(desk, note_summary="Catatan meja.").status_code == 302
    refused = sign(desk)
    assert refused.status_code == 403
    assert preface(desk, introduction="Bukan wewenang.").status_code == 403
    assert not ReportVersion.objects.exists()
    assert not ReportPreface.objects.exists()
    dpo = as_(city.dpo)
    assert dpo.get(f"{DOCUMENT}?{JULY}").status_code == 200
    assert draft(dpo, revision=1, note_summary="Bukan wewenang.").status_code == 403
    assert ReportDocument.objects.get().commentary == {"summary": "Catatan meja."}
    assert sign(as_(city.leadership)).status_code == 302


def test_an_agency_writes_and_its_head_signs_only_its_own_report(city: City, july: None) -> None:
    officer_b = as_(city.officer_b)
    assert officer_b.get(f"{DOCUMENT}?{JULY}").status_code == 200  # DLH's own report
    assert officer_b.get(f"{DOCUMENT}?{JULY}&instansi=dinas-pupr").status_code == 404
    assert (
        draft(officer_b, query=f"{JULY}&instansi=dinas-pupr", note_summary="x").status_code == 404
    )
    assert (
        draft(officer_b, query=f"{JULY}&instansi=dlh", note_summary="Catatan DLH.").status_code
        == 302
    )
    assert sign(officer_b, query=f"{JULY}&instansi=dlh").status_code == 403

    head_a = as_(city.supervisor_a)
    assert sign(head_a, query=f"{JULY}&instansi=dlh").status_code == 404
    assert sign(head_a, query=f"{JULY}&instansi=dinas-pupr", revision=0).status_code == 302
    assert download(head_a, 1, "pdf", query=f"{JULY}&instansi=dinas-pupr").status_code == 200
    # Another agency's officer and the desk cannot reach agency A's signed files or its page.
    assert download(officer_b, 1, "pdf", query=f"{JULY}&instansi=dinas-pupr").status_code == 404
    assert as_(city.officer_b).get(f"{DOCUMENT}?{JULY}&instansi=dinas-pupr").status_code == 404
    assert as_(city.officer_a).get(f"{DOCUMENT}?{JULY}").status_code == 200  # PUPR's own
    assert as_(city.officer_a).get(f"{DOCUMENT}?{JULY}&instansi=dlh").status_code == 404
    version = ReportVersion.objects.get()
    assert version.document.agency == city.agency_a


def test_people_outside_the_console_cannot_open_the_document(city: City, july: None) -> None:
    assert as_(city.outsider).get(f"{DOCUMENT}?{JULY}").status_code == 403
    anonymous = Client().get(f"{DOCUMENT}?{JULY}")
    assert anonymous.status_code == 302
    assert "/staf/masuk/" in anonymous["Location"]


# ---------------------------------------------------------------------------------------------
# Bad input changes nothing


def test_bad_input_changes_nothing(city: City, july: None) -> None:
    desk, leader = as_(city.verifier), as_(city.leadership)
    too_long = draft(desk, note_summary="x" * 5001)
    assert too_long.status_code == 400
    assert (
        "Paling banyak 5000 karakter" in too_long.content.decode()
        or "5000" in too_long.content.decode()
    )
    assert not ReportDocument.objects.exists()

    assert draft(desk, note_summary="Pertama.").status_code == 302
    stale = draft(desk, revision=0, note_summary="Dari halaman lama.")
    assert stale.status_code == 409
    assert "sudah diubah orang lain" in stale.content.decode()
    assert ReportDocument.objects.get().commentary == {"summary": "Pertama."}

    nameless = sign(leader, signer_name="")
    assert nameless.status_code == 400
    too_early = sign(leader, signed_on="2026-07-31")
    assert too_early.status_code == 400
    assert "paling cepat 1 Agustus 2026" in too_early.content.decode()
    bad_nip = sign(leader, signer_number="12345")
    assert bad_nip.status_code == 400
    assert "NIP terdiri dari 18 angka" in bad_nip.content.decode()
    unfinished = sign(leader, query="bulan=2026-08", revision=0, signed_on="2026-08-10")
    assert unfinished.status_code == 400
    assert "Agustus 2026 belum berakhir" in unfinished.content.decode()
    assert not ReportVersion.objects.exists()
    assert ReportDocument.objects.get().status == ReportDocument.Status.DRAFT

    assert leader.get(f"{DOCUMENT}?bulan=2026-13").status_code == 400
    assert draft(desk, query="bulan=kemarin", note_summary="x").status_code == 400
    assert download(leader, 1, "pdf").status_code == 404  # nothing signed yet
    assert sign(leader).status_code == 302
    assert download(leader, 1, "docx").status_code == 404
    assert download(leader, 2, "pdf").status_code == 404
    # A second finalisation of the same draft is a conflict, not a second version.
    assert sign(leader, revision=2).status_code == 409
    assert desk.get(f"{DOCUMENT}simpan/?{JULY}").status_code == 405
    assert ReportVersion.objects.count() == 1


def test_every_change_to_a_document_is_audited(city: City, july: None) -> None:
    leader = as_(city.leadership)
    preface(leader, introduction="Pengantar kota.")
    draft(as_(city.verifier), note_summary="Catatan.")
    sign(leader)
    leader.post(f"{DOCUMENT}koreksi/?{JULY}", {"koreksi-revision": "2"})
    sign(leader, revision=3, note="Perbaikan.")
    entries = list(
        AuditEntry.objects.filter(action__startswith="report.").values_list("action", "actor_label")
    )
    assert entries == [
        ("report.preface_saved", "pimpinan_kota"),
        ("report.draft_saved", "verifikator"),
        ("report.finalised", "pimpinan_kota"),
        ("report.correction_started", "pimpinan_kota"),
        ("report.finalised", "pimpinan_kota"),
    ]
    last = AuditEntry.objects.filter(action="report.finalised").last()
    assert last is not None
    assert last.after["version"] == 2
    assert last.after["note"] == "Perbaikan."
    assert set(last.after["sha256"]) == {"html", "pdf", "xlsx", "csv"}
