"""In headless Chromium: the demo's desk, two officers and a supervisor close a demo complaint.

They sign in with the demo accounts through the sign-in and 2FA forms. The journey includes a
wrong routing returned as "bukan wewenang", a resolution sent back, and a dispute by phone. With
ADUAN_SCREENSHOT_DIR set, the main screens are saved there at 1280 and 360 px wide.
"""

from __future__ import annotations

import os
import re
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image

from aduan.agencies.demo import city as democity
from aduan.agencies.models import Agency
from aduan.agencies.routing import suggest_agency
from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.notifications.render import tracking_link
from aduan.staff.tests.browser_session import signed_in_tab as _tab
from aduan.testing import City, complaint_in, submit

pytestmark = pytest.mark.browser


def _shoot(tab: Any, name: str) -> None:
    folder = os.environ.get("ADUAN_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = tab.viewport_size["width"]
        tab.screenshot(path=str(Path(folder) / f"staff-{name}-{width}.png"), full_page=True)


def _open_from_queue(tab: Any, live_server: Any, slug: str, code: str) -> None:
    tab.goto(f"{live_server.url}/staf/antrean/{slug}/")
    tab.get_by_role("link", name=code).click()
    tab.wait_for_url(f"**/staf/aduan/{code}/")


def _act(tab: Any, summary: str, fill: dict[str, str], button: str) -> None:
    details = tab.locator("details.action", has=tab.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    for label, value in fill.items():
        field = details.get_by_label(label, exact=False).first
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    details.get_by_role("button", name=button).click()
    tab.wait_for_load_state()


def _status(code: str) -> str:
    return Complaint.objects.get(tracking_code=code).status


def _sign_in(browser: Any, live_server: Any, username: str) -> Any:
    """A browser tab of a demo account, signed in by typing into the sign-in and 2FA forms.

    The second factor comes from `manage.py demo_code`, run before the first sign-in as the
    README tells demo users.
    """
    _demo_code(username)
    tab = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
    tab.set_default_timeout(15_000)
    tab.goto(f"{live_server.url}/staf/")
    tab.wait_for_url("**/staf/masuk/**")
    tab.get_by_label("Nama pengguna").fill(username)
    tab.get_by_label("Kata sandi").fill(democity.PASSWORD)
    tab.get_by_role("button", name="Lanjut").click()
    tab.wait_for_url("**/staf/2fa/verifikasi/**")
    tab.get_by_label("Kode verifikasi").fill(_demo_code(username))
    tab.get_by_role("button", name="Masuk").click()
    tab.wait_for_url(f"{live_server.url}/staf/")
    return tab


def _demo_code(username: str) -> str:
    """The code `demo_code` prints, waiting for a fresh 30-second window if this one is ending."""
    while True:
        out = StringIO()
        call_command("demo_code", username, stdout=out)
        found = re.search(r": (\d{6})  \(valid for about (\d+) s more\)", out.getvalue())
        assert found, out.getvalue()
        if int(found.group(2)) >= 6:
            return found.group(1)
        time.sleep(int(found.group(2)) + 1)


def _jpeg(folder: Path, name: str, colour: tuple[int, int, int]) -> str:
    path = folder / name
    Image.new("RGB", (320, 240), colour).save(path, "JPEG")
    return str(path)


def _demo_case() -> Complaint:
    """The first new, public demo complaint that the routing rules send to Dinas PUPR or a unit."""
    pupr = Agency.objects.get(code="dinas-pupr")
    for c in Complaint.objects.filter(status=Status.SUBMITTED, is_confidential=False).order_by(
        "pk"
    ):
        target = suggest_agency(c.category, c.area)
        if target is not None and target.path.startswith(pupr.path):
            return c
    raise AssertionError("the demo has no new complaint for Dinas PUPR")


def test_demo_accounts_take_a_demo_complaint_from_new_to_closed(
    transactional_db: None, live_server: Any, browser: Any, tmp_path: Path
) -> None:
    call_command("load_demo", stdout=StringIO())
    case = _demo_case()
    code = case.tracking_code
    suggested = suggest_agency(case.category, case.area)
    assert suggested is not None

    desk = _sign_in(browser, live_server, "verifikator")
    _open_from_queue(desk, live_server, "baru", code)
    advice = desk.get_by_role("region", name="Saran disposisi")
    assert advice.inner_text().endswith(suggested.name), "the routing rule's suggestion"
    # A wrong routing: the desk sends it to the environment agency instead.
    _act(
        desk,
        "Verifikasi dan disposisi",
        {"Disposisi ke instansi/unit": "DLH"},
        "Verifikasi dan disposisikan",
    )
    assert "berhasil" in desk.content()
    assert _status(code) == Status.ROUTED

    dlh = _sign_in(browser, live_server, "petugas_dlh")
    _open_from_queue(dlh, live_server, "masuk", code)
    _act(
        dlh,
        "Kembalikan: bukan wewenang",
        {"Alasan bukan wewenang": "Saluran dan gorong-gorong adalah wewenang Dinas PUPR."},
        "Kembalikan ke verifikator",
    )
    assert _status(code) == Status.SUBMITTED
    dlh.goto(f"{live_server.url}/staf/aduan/{code}/")
    assert "Halaman tidak ditemukan" in dlh.content(), "DLH no longer sees the case"

    _open_from_queue(desk, live_server, "dikembalikan", code)
    assert desk.get_by_text("wewenang Dinas PUPR").first.is_visible()
    _act(
        desk,
        "Verifikasi dan disposisi",
        {"Disposisi ke instansi/unit": str(suggested)},
        "Verifikasi dan disposisikan",
    )
    assert _status(code) == Status.ROUTED

    officer = _sign_in(browser, live_server, "petugas_pupr")
    _open_from_queue(officer, live_server, "masuk", code)
    _act(officer, "Terima aduan", {}, "Terima")
    assert _status(code) == Status.IN_PROGRESS
    _act(
        officer,
        "Tindak lanjut atau catatan",
        {"Isi": "Tim survei sudah ke lokasi; pengerukan dijadwalkan besok pagi."},
        "Kirim",
    )
    _act(officer, "Selesaikan", {"Uraian penyelesaian": "Sudah."}, "Ajukan penyelesaian")
    assert _status(code) == Status.UNDER_REVIEW

    head = _sign_in(browser, live_server, "pimpinan_pupr")
    _open_from_queue(head, live_server, "pemeriksaan", code)
    _act(
        head,
        "Kembalikan penyelesaian",
        {"Alasan pengembalian": "Tulis apa yang dikerjakan dan kapan, dengan foto."},
        "Kembalikan ke instansi",
    )
    assert _status(code) == Status.IN_PROGRESS

    officer.goto(f"{live_server.url}/staf/aduan/{code}/")
    assert officer.get_by_text("Tulis apa yang dikerjakan dan kapan").first.is_visible()
    resolve = officer.locator(
        "details.action", has=officer.locator("summary", has_text="Selesaikan")
    )
    resolve.locator("summary").click()
    resolve.get_by_label("Foto sebelum").set_input_files(_jpeg(tmp_path, "a.jpg", (90, 70, 40)))
    resolve.get_by_label("Foto sesudah").set_input_files(_jpeg(tmp_path, "b.jpg", (60, 90, 120)))
    _act(
        officer,
        "Selesaikan",
        {
            "Uraian penyelesaian": "Sedimen 2 m3 dikeruk dan gorong-gorong dibersihkan, 12 Mei 09.00."
        },
        "Ajukan penyelesaian",
    )
    head.goto(f"{live_server.url}/staf/aduan/{code}/")
    _act(head, "Setujui penyelesaian", {}, "Setujui")
    assert _status(code) == Status.RESOLVED

    # The reporter phones the desk: the water still stands. The desk reopens the case.
    desk.goto(f"{live_server.url}/staf/aduan/{code}/")
    _act(
        desk,
        "Buka kembali: pelapor menyanggah",
        {"Disampaikan lewat": "Telepon/112", "Isi sanggahan pelapor": "Air masih menggenang."},
        "Buka kembali",
    )
    assert _status(code) == Status.IN_PROGRESS
    _open_from_queue(officer, live_server, "sanggahan", code)
    _act(
        officer,
        "Selesaikan",
        {"Uraian penyelesaian": "Saluran hilir juga dikeruk pada 14 Mei; air sudah surut."},
        "Ajukan penyelesaian",
    )
    _open_from_queue(desk, live_server, "pemeriksaan", code)
    _act(desk, "Setujui penyelesaian", {}, "Setujui")
    assert _status(code) == Status.RESOLVED

    # The reporter opens the secret link from their message and confirms.
    citizen = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    citizen.goto(tracking_link(code).replace(settings.ADUAN_BASE_URL, live_server.url))
    citizen.get_by_label("4 – Puas").check()
    citizen.get_by_role("button", name="Ya, konfirmasi selesai").click()
    citizen.wait_for_load_state()
    assert _status(code) == Status.CLOSED

    desk.goto(f"{live_server.url}/staf/aduan/{code}/")
    timeline = desk.locator(".timeline").inner_text()
    for event in [
        "Dikembalikan: bukan wewenang",
        "Penyelesaian dikembalikan",
        "Sanggahan pelapor (disampaikan lewat Telepon/112): Air masih menggenang.",
        "Dikonfirmasi pelapor",
    ]:
        assert event in timeline
    for tab in (desk, dlh, officer, head, citizen):
        tab.context.close()


def _default_deadlines() -> None:
    """The migration's default limits (a transactional test starts from empty tables)."""
    import importlib

    from aduan.agencies.models import DeadlineRule

    defaults = importlib.import_module("aduan.agencies.migrations.0002_default_deadlines")
    for step, classification, amount in defaults.DEFAULTS:
        DeadlineRule.objects.get_or_create(
            step=step, classification=classification, defaults={"amount": amount}
        )


def test_screens_at_desktop_and_phone_width(
    transactional_db: None, city: City, live_server: Any, browser: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from aduan.testing import photo

    _default_deadlines()
    late = submit(city, title="Lampu jalan mati sejak seminggu", address="Jl. Kenanga")
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=2))
    for title in ["Sampah menumpuk di pasar", "Saluran air tersumbat di gang 4"]:
        submit(city, category=city.rubbish, title=title)
    case = submit(city, photos=[photo()])
    case = actions.verify_complaint(case, by=city.verifier, target=city.agency_a)
    case = actions.accept_complaint(case, by=city.officer_a)
    case = actions.post_update(
        case, by=city.officer_a, message="Tim survei sudah ke lokasi; penambalan besok pagi."
    )
    case = actions.post_update(
        case, by=city.officer_a, public=False, message="Aspal dari gudang Cikokol."
    )
    submit(city, title="Jalan rusak di depan SDN 3 (laporan kedua)")
    done = complaint_in(city, Status.RESOLVED)
    for width in (1280, 360):
        desk = _tab(browser, live_server, city.verifier, width)
        desk.goto(f"{live_server.url}/staf/antrean/baru/")
        assert desk.get_by_role("link", name=late.tracking_code).is_visible()
        assert "Terlambat" in desk.locator(".late-label").first.inner_text()
        assert desk.evaluate("document.documentElement.scrollWidth") <= width + 1, (
            "no sideways scroll"
        )
        _shoot(desk, "queue")
        desk.goto(f"{live_server.url}/staf/aduan/baru/")
        assert desk.evaluate("document.documentElement.scrollWidth") <= width + 1
        _shoot(desk, "intake")
        desk.goto(f"{live_server.url}/staf/aduan/{done.tracking_code}/")
        reopen = desk.locator("details.action", has_text="Buka kembali: pelapor menyanggah")
        if reopen.get_attribute("open") is None:
            reopen.locator("summary").click()
        assert reopen.get_by_label("Disampaikan lewat").is_visible()
        assert desk.evaluate("document.documentElement.scrollWidth") <= width + 1
        _shoot(desk, "reopen")
        desk.context.close()
        officer = _tab(browser, live_server, city.officer_a, width)
        officer.goto(f"{live_server.url}/staf/aduan/{case.tracking_code}/")
        assert officer.get_by_text("Tim survei sudah ke lokasi").is_visible()
        assert officer.evaluate("document.documentElement.scrollWidth") <= width + 1
        _shoot(officer, "complaint")
        officer.context.close()


def test_a_response_template_is_inserted_with_javascript(
    transactional_db: None, city: City, live_server: Any, browser: Any
) -> None:
    from aduan.complaints.models import ResponseTemplate

    c = actions.accept_complaint(
        actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a),
        by=city.officer_a,
    )
    ResponseTemplate.objects.create(title="Survei", body="Petugas akan meninjau lokasi.")
    tab = _tab(browser, live_server, city.officer_a)
    tab.goto(f"{live_server.url}/staf/aduan/{c.tracking_code}/")
    tab.select_option("#template-select", label="Survei")
    assert tab.locator("#id_post_update-message").input_value() == "Petugas akan meninjau lokasi."
