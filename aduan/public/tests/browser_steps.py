"""The citizen's journey as browser steps, shared by the browser tests and the screenshot script."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from PIL import Image

STEP_URLS = [
    "/aduan/baru/",
    "/aduan/baru/kategori/",
    "/aduan/baru/kejadian/",
    "/aduan/baru/lokasi/",
    "/aduan/baru/foto/",
    "/aduan/baru/privasi/",
    "/aduan/baru/kontak/",
    "/aduan/baru/persetujuan/",
    "/aduan/baru/periksa/",
]


def photo_file() -> dict[str, Any]:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 110, 160)).save(buffer, "JPEG")
    return {"name": "jalan.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def continue_(page: Any) -> None:
    page.get_by_role("button", name=re.compile("^(Lanjutkan|Continue|Simpan jawaban)$")).click()


def choose_kelurahan(page: Any, code: str | None) -> None:
    """Choose the kelurahan with this code (None: the first one) on the location step.

    With JavaScript the kelurahan waits for a kecamatan (aduan.js); the kecamatan holding `code`
    is found as a person would find it, by trying them in turn. Without JavaScript it is the one
    grouped select.
    """
    page.wait_for_load_state("domcontentloaded")
    area = page.get_by_label("Kelurahan/desa")
    district = page.locator("#id_area_kecamatan")
    if district.count():
        for name in district.locator("option").all_inner_texts()[1:]:
            district.select_option(label=name)
            if code is None or area.locator(f"option[value='{code}']").count():
                break
    if code:
        area.select_option(code)
    else:
        area.select_option(index=1)


def walk_report(
    page: Any,
    base: str,
    *,
    category: str = "Jalan Rusak",
    kelurahan: str | None = "36.71.01.1001",
    on_page: Callable[[str], None] | None = None,
) -> str:
    """From the home page to the confirmation page by mouse-free clicks; returns the tracking code.

    `on_page(name)` is called on every page (after the error state of the first steps, too).
    """
    seen = on_page or (lambda name: None)
    page.goto(base + "/")
    seen("home")
    page.get_by_role("link", name="Buat Aduan").first.click()
    seen("klasifikasi")
    continue_(page)  # nothing chosen: the error state
    seen("klasifikasi-kesalahan")
    page.get_by_label(re.compile("^Pengaduan")).check()
    continue_(page)
    seen("kategori")
    page.get_by_label(re.compile("^" + category)).check()
    continue_(page)
    seen("kejadian")
    continue_(page)
    seen("kejadian-kesalahan")
    page.get_by_label("Judul singkat").fill("Jalan berlubang di depan SDN 3")
    page.get_by_label("Apa yang terjadi?").fill(
        "Lubang sedalam 20 cm membahayakan pengendara motor setiap pagi."
    )
    page.get_by_label("Perkiraan waktu (opsional)").fill("Sejak dua minggu lalu")
    continue_(page)
    seen("lokasi")
    continue_(page)
    seen("lokasi-kesalahan")
    choose_kelurahan(page, kelurahan)
    page.get_by_label("Alamat atau patokan").fill("Jl. Merdeka No. 12")
    continue_(page)
    seen("foto")
    page.get_by_label("Tambah foto").set_input_files(
        {"name": "bukan-foto.jpg", "mimeType": "image/jpeg", "buffer": b"bukan gambar"}
    )
    page.get_by_role("button", name="Unggah foto").click()
    seen("foto-kesalahan")
    page.get_by_label("Tambah foto").set_input_files(photo_file())
    page.get_by_role("button", name="Unggah foto").click()
    seen("foto-terunggah")
    page.get_by_role("link", name="Lanjutkan").click()
    seen("privasi")
    continue_(page)
    seen("kontak")
    page.get_by_label("Nomor telepon/WhatsApp (opsional)").fill("0812-3456-7890")
    continue_(page)
    seen("persetujuan")
    continue_(page)
    seen("persetujuan-kesalahan")
    page.get_by_label(re.compile("^Saya sudah membaca")).check()
    continue_(page)
    seen("periksa")
    page.get_by_role("button", name="Kirim aduan").click()
    seen("terkirim")
    return str(page.locator("#tracking-code").inner_text()).strip()
