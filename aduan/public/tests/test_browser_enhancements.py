"""The small JavaScript extras: character count, a draft kept in the browser, "use my location"."""

from __future__ import annotations

import re
from typing import Any

import pytest

from aduan.public.tests.browser_steps import choose_kelurahan
from aduan.testing import City

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def start_report(page: Any, base: str) -> None:
    page.goto(base + "/aduan/baru/")
    page.get_by_label(re.compile("^Pengaduan")).check()
    page.get_by_role("button", name="Lanjutkan").click()
    page.get_by_label(re.compile("^Jalan Rusak")).check()
    page.get_by_role("button", name="Lanjutkan").click()
    page.wait_for_url("**/kejadian/")


def test_the_description_counts_the_characters_left(
    page: Any, live_server: Any, city: City
) -> None:
    start_report(page, live_server.url)
    page.get_by_label("Apa yang terjadi?").fill("Lubang besar")
    assert page.get_by_text("Sisa 4988 karakter.").is_visible()


def test_typed_answers_come_back_after_a_dropped_connection(
    page: Any, live_server: Any, city: City
) -> None:
    start_report(page, live_server.url)
    page.get_by_label("Judul singkat").fill("Jalan amblas")
    page.get_by_label("Apa yang terjadi?").fill("Aspal turun 30 cm setelah hujan.")
    # The connection drops before the step is sent; the citizen reloads later.
    page.reload()
    assert page.get_by_label("Judul singkat").input_value() == "Jalan amblas"
    assert page.get_by_label("Apa yang terjadi?").input_value() == (
        "Aspal turun 30 cm setelah hujan."
    )


def test_use_my_location_fills_the_map_point(browser: Any, live_server: Any, city: City) -> None:
    context = browser.new_context(
        geolocation={"latitude": -6.1783, "longitude": 106.6319},
        permissions=["geolocation"],
        viewport={"width": 360, "height": 740},
    )
    page = context.new_page()
    start_report(page, live_server.url)
    page.goto(live_server.url + "/aduan/baru/lokasi/")
    assert page.locator("[data-map]").is_hidden()  # no map is loaded until asked for
    page.get_by_role("button", name="Gunakan lokasi saya").click()
    page.get_by_text("Titik terpilih: -6.178300, 106.631900").wait_for()
    choose_kelurahan(page, "36.71.01.1001")
    page.get_by_role("button", name="Lanjutkan").click()
    page.wait_for_url("**/foto/")
    page.goto(live_server.url + "/aduan/baru/periksa/")
    assert page.get_by_text("Titik peta: -6.178300, 106.631900").is_visible()
    context.close()


def test_the_map_loads_only_when_asked_and_a_tap_sets_the_point(
    page: Any, live_server: Any, city: City, settings: Any
) -> None:
    # Same-origin tiles keep the test offline; the map only needs their addresses.
    settings.ADUAN_MAP_TILE_URL = live_server.url + "/peta/{z}/{x}/{y}.png"
    start_report(page, live_server.url)
    page.goto(live_server.url + "/aduan/baru/lokasi/")
    tiles: list[str] = []

    def record(request: Any) -> None:
        if "/peta/" in request.url:
            tiles.append(request.url)

    page.on("request", record)
    page.wait_for_load_state("load")
    assert tiles == []
    page.get_by_role("button", name="Pilih di peta").click()
    page.locator("[data-map]").click(position={"x": 100, "y": 150})
    page.get_by_text(re.compile(r"Titik terpilih: -6\.\d+, 106\.\d+")).wait_for()
    assert tiles and all("/peta/17/" in url for url in tiles)
