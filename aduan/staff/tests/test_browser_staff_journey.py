"""In headless Chromium: the desk, two officers and a supervisor take a complaint from new to closed.

Includes a wrong routing returned as "bukan wewenang" and a resolution sent back. With
ADUAN_SCREENSHOT_DIR set, the main screens are saved there at 1280 and 360 px wide.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.testing import City, staff_login, submit

pytestmark = pytest.mark.browser


def _tab(browser: Any, live_server: Any, user: Any, width: int = 1280) -> Any:
    """A browser tab signed in as user (session made the way the staff sign-in makes it)."""
    client = Client()
    staff_login(client, user)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


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


def test_a_complaint_goes_from_new_to_closed_through_four_people(
    transactional_db: None, city: City, live_server: Any, browser: Any
) -> None:
    c = submit(city)
    code = c.tracking_code
    submit(city, category=city.rubbish, title="Sampah menumpuk di pasar")

    desk = _tab(browser, live_server, city.verifier)
    _open_from_queue(desk, live_server, "baru", code)
    assert desk.get_by_text("Dinas Pekerjaan Umum dan Penataan Ruang").first.is_visible()
    # A wrong routing: the desk sends the road complaint to the environment agency.
    _act(
        desk,
        "Verifikasi dan disposisi",
        {"Disposisi ke instansi/unit": "DLH"},
        "Verifikasi dan disposisikan",
    )
    assert "berhasil" in desk.content()
    assert _status(code) == Status.ROUTED

    officer_b = _tab(browser, live_server, city.officer_b)
    _open_from_queue(officer_b, live_server, "masuk", code)
    _act(
        officer_b,
        "Kembalikan: bukan wewenang",
        {"Alasan bukan wewenang": "Jalan kota adalah wewenang Dinas PUPR."},
        "Kembalikan ke verifikator",
    )
    assert _status(code) == Status.SUBMITTED
    officer_b.goto(f"{live_server.url}/staf/aduan/{code}/")
    assert "404" in officer_b.title() or officer_b.get_by_text(code).count() == 0

    _open_from_queue(desk, live_server, "dikembalikan", code)
    assert desk.get_by_text("bukan wewenang").first.is_visible()
    _act(
        desk,
        "Verifikasi dan disposisi",
        {"Disposisi ke instansi/unit": "Dinas PUPR"},
        "Verifikasi dan disposisikan",
    )
    assert _status(code) == Status.ROUTED

    officer_a = _tab(browser, live_server, city.officer_a)
    _open_from_queue(officer_a, live_server, "masuk", code)
    _act(officer_a, "Terima aduan", {}, "Terima")
    assert _status(code) == Status.IN_PROGRESS
    _act(
        officer_a,
        "Tindak lanjut atau catatan",
        {"Isi": "Tim survei sudah ke lokasi, penambalan dijadwalkan besok."},
        "Kirim",
    )
    _act(officer_a, "Selesaikan", {"Uraian penyelesaian": "Sudah."}, "Ajukan penyelesaian")
    assert _status(code) == Status.UNDER_REVIEW

    supervisor = _tab(browser, live_server, city.supervisor_a)
    _open_from_queue(supervisor, live_server, "pemeriksaan", code)
    _act(
        supervisor,
        "Kembalikan penyelesaian",
        {"Alasan pengembalian": "Tulis apa yang dikerjakan dan kapan."},
        "Kembalikan ke instansi",
    )
    assert _status(code) == Status.IN_PROGRESS

    officer_a.goto(f"{live_server.url}/staf/aduan/{code}/")
    _act(
        officer_a,
        "Selesaikan",
        {"Uraian penyelesaian": "Lubang 1 x 1 m ditambal aspal panas pada 12 Mei, 09.00."},
        "Ajukan penyelesaian",
    )
    supervisor.goto(f"{live_server.url}/staf/aduan/{code}/")
    _act(supervisor, "Setujui penyelesaian", {}, "Setujui")
    assert _status(code) == Status.RESOLVED

    actions.confirm_resolution(
        Complaint.objects.get(tracking_code=code), by=actions.VIA_SECRET_LINK, rating=4
    )
    assert _status(code) == Status.CLOSED
    desk.goto(f"{live_server.url}/staf/aduan/{code}/")
    timeline = desk.locator(".timeline").inner_text()
    for event in [
        "Dikembalikan: bukan wewenang",
        "Penyelesaian dikembalikan",
        "Dikonfirmasi pelapor",
    ]:
        assert event in timeline


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
