"""axe-core (WCAG 2.2 A and AA) finds nothing on any public page or error state."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from aduan.agencies.models import Category
from aduan.complaints import actions
from aduan.complaints.states import Status
from aduan.lib.signing import reporter_token
from aduan.public.tests.browser_steps import walk_report
from aduan.testing import City, complaint_in, photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_checker_finds_a_known_violation(page: Any, axe: Callable[[Any], list[str]]) -> None:
    page.set_content('<html lang="id"><title>x</title><main><img src="data:,"></main></html>')
    assert any(v.startswith("image-alt") for v in axe(page))


def test_every_step_of_the_report_and_its_errors_pass_axe(
    page: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found[name] = axe(page)

    walk_report(page, live_server.url, on_page=check)
    assert len(found) == 17
    assert {name: v for name, v in found.items() if v} == {}


def test_tracking_pages_and_their_errors_pass_axe(
    page: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    base = live_server.url
    Category.objects.create(
        slug="kebakaran",
        name="Kebakaran",
        group="Darurat",
        is_emergency=True,
        hotline_text="Damkar 113",
    )
    asked = complaint_in(city, Status.NEEDS_INFO)
    done = complaint_in(city, Status.RESOLVED)
    busy = complaint_in(city, Status.IN_PROGRESS)
    actions.post_update(busy, by=city.officer_a, message="Survei lokasi.", photos=[photo()])
    pages: dict[str, list[str]] = {}

    def visit(name: str, url: str) -> None:
        page.goto(base + url)
        pages[name] = axe(page)

    visit("lacak", "/lacak/")
    visit("lacak-kode-salah", "/lacak/?kode=halo")
    visit("lacak-tidak-ada", "/lacak/ADU-222-333-444/")
    visit("privasi", "/privasi/")
    visit("aduan-publik", f"/lacak/{busy.tracking_code}/")
    visit("tautan-rusak", f"/lacak/{asked.tracking_code}/?kunci=rusak")
    visit(
        "pertanyaan", f"/lacak/{asked.tracking_code}/?kunci={reporter_token(asked.tracking_code)}"
    )
    page.get_by_role("button", name="Kirim jawaban").click()
    pages["pertanyaan-kesalahan"] = axe(page)
    # The links in the reporter's messages open a page with the form.
    visit("jawab", f"/lacak/{asked.tracking_code}/jawab/")
    visit(
        "penyelesaian", f"/lacak/{done.tracking_code}/?kunci={reporter_token(done.tracking_code)}"
    )
    visit("konfirmasi", f"/lacak/{done.tracking_code}/konfirmasi/")
    page.get_by_role("button", name="Ya, konfirmasi selesai").click()
    pages["konfirmasi-kesalahan"] = axe(page)
    visit("sanggah", f"/lacak/{done.tracking_code}/sanggah/")
    page.get_by_role("button", name="Sanggah penyelesaian").click()
    pages["sanggahan-kesalahan"] = axe(page)
    page.goto(base + "/aduan/baru/")
    page.get_by_label(re.compile("^Pengaduan")).check()
    page.get_by_role("button", name="Lanjutkan").click()
    visit("kategori-cari-kosong", "/aduan/baru/kategori/?q=zzzz")
    page.goto(base + "/aduan/baru/kategori/")
    page.get_by_label(re.compile("^Kebakaran")).check()
    page.get_by_role("button", name="Lanjutkan").click()
    pages["darurat"] = axe(page)
    assert {name: v for name, v in pages.items() if v} == {}


def test_the_remaining_error_states_pass_axe(
    page: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    base = live_server.url
    Category.objects.filter(pk=city.road.pk).update(asks_for_nik=True)
    found: dict[str, list[str]] = {}
    page.goto(base + "/aduan/baru/periksa/")  # nothing answered yet: the completeness check
    found["periksa-belum-lengkap"] = axe(page)
    page.goto(base + "/aduan/baru/")
    page.get_by_label(re.compile("^Pengaduan")).check()
    page.get_by_role("button", name="Lanjutkan").click()
    page.get_by_label(re.compile("^Jalan Rusak")).check()
    page.get_by_role("button", name="Lanjutkan").click()
    page.goto(base + "/aduan/baru/kontak/")
    page.get_by_label("Email (opsional)").fill("bukan-email")
    page.get_by_label("Nomor telepon/WhatsApp (opsional)").fill("12")
    page.get_by_label("NIK (opsional)").fill("1234")
    page.get_by_role("button", name="Lanjutkan").click()
    found["kontak-kesalahan"] = axe(page)
    page.goto(base + "/aduan/baru/kejadian/")
    page.get_by_label("Judul singkat").fill("Judul")
    page.get_by_label("Apa yang terjadi?").fill("Uraian")
    page.get_by_label("Tanggal kejadian").fill("2999-01-01")
    page.get_by_role("button", name="Lanjutkan").click()
    found["kejadian-tanggal-salah"] = axe(page)
    assert page.get_by_text("tidak boleh setelah hari ini").first.is_visible()
    assert {name: v for name, v in found.items() if v} == {}
