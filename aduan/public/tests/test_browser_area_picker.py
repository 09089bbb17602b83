"""The location step with JavaScript: the kelurahan is chosen after its kecamatan, in two selects."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from aduan.agencies.models import Area, AreaLevel
from aduan.public.tests.browser_steps import continue_
from aduan.public.tests.test_browser_enhancements import start_report
from aduan.public.tests.test_browser_keyboard import SUBMIT, tab_to
from aduan.testing import City

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LOCATION = "/aduan/baru/lokasi/"


@pytest.fixture
def two_kecamatan(city: City) -> City:
    """The test city with a second kecamatan, so that choosing one leaves the other out."""
    karawaci = Area.objects.create(
        code="36.71.02", name="Karawaci", level=AreaLevel.DISTRICT, parent=city.kecamatan.parent
    )
    for code, name in (("36.71.02.1001", "Karawaci"), ("36.71.02.1002", "Cimone")):
        Area.objects.create(code=code, name=name, level=AreaLevel.VILLAGE, parent=karawaci)
    return city


def option_texts(select: Any) -> list[str]:
    return [text.strip() for text in select.locator("option").all_inner_texts()]


def test_the_kelurahan_list_shows_only_the_chosen_kecamatan(
    page: Any, live_server: Any, two_kecamatan: City
) -> None:
    start_report(page, live_server.url)
    page.goto(live_server.url + LOCATION)
    district = page.get_by_label("Kecamatan", exact=True)
    area = page.get_by_label("Kelurahan/desa", exact=True)
    assert option_texts(district) == ["Pilih kecamatan", "Karawaci", "Tangerang"]
    assert area.is_disabled()
    assert option_texts(area) == ["Pilih kecamatan dahulu"]
    assert page.locator("#id_area optgroup").count() == 0
    assert page.get_by_text("Hanya kelurahan/desa di kecamatan yang Anda pilih.").is_visible()

    district.select_option(label="Tangerang")
    assert area.is_enabled()
    assert option_texts(area) == ["Pilih kelurahan/desa", "Sukarasa", "Sukasari"]
    area.select_option(label="Sukarasa")

    # Another kecamatan: its own kelurahan, and the one chosen in Tangerang is let go.
    district.select_option(label="Karawaci")
    assert option_texts(area) == ["Pilih kelurahan/desa", "Cimone", "Karawaci"]
    assert area.input_value() == ""

    district.select_option(label="Tangerang")
    area.select_option(label="Sukasari")
    page.get_by_label("Alamat atau patokan").fill("Jl. Merdeka No. 12")
    continue_(page)
    page.wait_for_url("**/foto/")

    page.goto(live_server.url + "/aduan/baru/periksa/")
    assert page.get_by_text("Jl. Merdeka No. 12, Sukasari, Kecamatan Tangerang").is_visible()

    # Back to the step to change it: both selects show what was chosen.
    page.get_by_role("link", name="Ubah lokasi").click()
    page.wait_for_url("**" + LOCATION + "**")
    assert district.locator("option:checked").inner_text() == "Tangerang"
    assert area.input_value() == two_kecamatan.kelurahan_2.code
    assert area.is_enabled()


def test_the_back_link_of_the_next_step_shows_both_selects_set(
    page: Any, live_server: Any, two_kecamatan: City
) -> None:
    start_report(page, live_server.url)
    page.goto(live_server.url + LOCATION)
    page.get_by_label("Kecamatan", exact=True).select_option(label="Karawaci")
    page.get_by_label("Kelurahan/desa", exact=True).select_option(label="Cimone")
    continue_(page)
    page.wait_for_url("**/foto/")
    page.get_by_role("link", name="Kembali").click()
    page.wait_for_url("**" + LOCATION)
    district = page.get_by_label("Kecamatan", exact=True)
    assert district.locator("option:checked").inner_text() == "Karawaci"
    assert page.get_by_label("Kelurahan/desa", exact=True).input_value() == "36.71.02.1002"


def test_a_kelurahan_kept_in_the_browser_comes_back_with_its_kecamatan(
    page: Any, live_server: Any, two_kecamatan: City
) -> None:
    start_report(page, live_server.url)
    page.goto(live_server.url + LOCATION)
    page.get_by_label("Kecamatan", exact=True).select_option(label="Karawaci")
    page.get_by_label("Kelurahan/desa", exact=True).select_option(label="Karawaci")
    # The connection drops before the step is sent; the citizen opens the step again later.
    page.goto(live_server.url + LOCATION)
    district = page.get_by_label("Kecamatan", exact=True)
    area = page.get_by_label("Kelurahan/desa", exact=True)
    assert district.locator("option:checked").inner_text() == "Karawaci"
    assert area.input_value() == "36.71.02.1001"
    assert option_texts(area) == ["Pilih kelurahan/desa", "Cimone", "Karawaci"]


def test_the_two_selects_work_with_the_keyboard_alone(
    page: Any, live_server: Any, two_kecamatan: City
) -> None:
    start_report(page, live_server.url)
    page.goto(live_server.url + LOCATION)
    tab_to(page, "#id_area_kecamatan")
    page.keyboard.type("t")  # typing a letter jumps to the kecamatan that starts with it
    tab_to(page, "#id_area")
    page.keyboard.type("sukas")
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/foto/")
    page.goto(live_server.url + "/aduan/baru/periksa/")
    assert page.get_by_text("Sukasari, Kecamatan Tangerang").is_visible()


def test_the_error_link_leads_to_the_kecamatan_while_the_kelurahan_waits(
    page: Any, live_server: Any, two_kecamatan: City
) -> None:
    start_report(page, live_server.url)
    page.goto(live_server.url + LOCATION)
    continue_(page)
    page.get_by_role("link", name="Pilih kelurahan/desa tempat kejadian.").click()
    assert page.evaluate("document.activeElement.id") == "id_area_kecamatan"


def test_for_an_aspiration_both_selects_are_optional(
    page: Any, live_server: Any, two_kecamatan: City
) -> None:
    page.goto(live_server.url + "/aduan/baru/")
    page.get_by_label(re.compile("^Aspirasi")).check()
    continue_(page)
    page.get_by_label(re.compile("^Jalan Rusak")).check()
    continue_(page)
    page.goto(live_server.url + LOCATION)
    assert page.get_by_label("Kecamatan (opsional)", exact=True).is_visible()
    assert page.get_by_label("Kelurahan/desa (opsional)", exact=True).is_disabled()
    continue_(page)
    page.wait_for_url("**/foto/")


def test_the_step_with_two_selects_and_its_error_pass_axe(
    page: Any, live_server: Any, two_kecamatan: City, axe: Callable[[Any], list[str]]
) -> None:
    found: dict[str, list[str]] = {}
    start_report(page, live_server.url)
    page.goto(live_server.url + LOCATION)
    found["waiting"] = axe(page)
    page.get_by_label("Kecamatan", exact=True).select_option(label="Tangerang")
    found["kecamatan chosen"] = axe(page)
    page.get_by_label("Kecamatan", exact=True).select_option(label="Pilih kecamatan")
    continue_(page)
    page.get_by_text("Ada yang perlu diperbaiki").wait_for()
    assert page.get_by_label("Kecamatan", exact=True).is_visible()
    found["error"] = axe(page)
    assert found == {"waiting": [], "kecamatan chosen": [], "error": []}


def test_without_javascript_the_kelurahan_is_one_select_grouped_by_kecamatan(
    browser: Any, live_server: Any, two_kecamatan: City
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    start_report(page, live_server.url)
    page.goto(live_server.url + LOCATION)
    assert page.get_by_label("Kecamatan", exact=True).count() == 0
    area = page.get_by_label("Kelurahan/desa", exact=True)
    groups = area.locator("optgroup")
    assert [groups.nth(i).get_attribute("label") for i in range(groups.count())] == [
        "Kecamatan Karawaci",
        "Kecamatan Tangerang",
    ]
    area.select_option("36.71.02.1002")
    continue_(page)
    page.wait_for_url("**/foto/")
    page.goto(live_server.url + "/aduan/baru/periksa/")
    assert page.get_by_text("Cimone, Kecamatan Karawaci").is_visible()
    context.close()
