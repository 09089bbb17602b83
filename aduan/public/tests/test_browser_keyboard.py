"""The whole report with the keyboard alone: Tab to move, Space to choose, Enter to go on."""

from __future__ import annotations

from typing import Any

import pytest

from aduan.complaints.models import Complaint
from aduan.testing import City

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBMIT = "main form[method=post] button[type=submit]"


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            visible = page.evaluate(
                "() => { const r = document.activeElement.getBoundingClientRect();"
                " return r.width > 0 && r.height > 0; }"
            )
            assert visible, f"{selector} has focus but cannot be seen"
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def test_a_citizen_reports_using_only_the_keyboard(page: Any, live_server: Any, city: City) -> None:
    page.goto(live_server.url + "/")
    tab_to(page, "a.button--start")
    page.keyboard.press("Enter")
    page.wait_for_url("**/aduan/baru/")

    tab_to(page, "input[name=classification]")
    page.keyboard.press("Space")
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/kategori/")

    tab_to(page, "input[name=category]")
    page.keyboard.press("Space")
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/kejadian/")

    tab_to(page, "#id_title")
    page.keyboard.type("Lampu jalan padam")
    tab_to(page, "#id_description")
    page.keyboard.type("Sudah seminggu gelap total di malam hari.")
    tab_to(page, "#id_occurred_time")
    page.keyboard.type("sejak seminggu lalu")
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/lokasi/")

    # With JavaScript the kelurahan comes after its kecamatan (aduan.js); both take the arrow keys.
    tab_to(page, "#id_area_kecamatan")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_area")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_address")
    page.keyboard.type("Jl. Kenanga")
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/foto/")

    tab_to(page, "main a.button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/privasi/")

    tab_to(page, "#id_is_anonymous")
    page.keyboard.press("Space")
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/kontak/")

    tab_to(page, "#id_email")
    page.keyboard.type("warga@example.test")
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/persetujuan/")

    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/periksa/")

    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/aduan/terkirim/**")

    complaint = Complaint.objects.get()
    assert page.locator("#tracking-code").inner_text() == complaint.tracking_code
    assert complaint.title == "Lampu jalan padam"
    assert complaint.area == city.kelurahan
    assert complaint.is_anonymous
