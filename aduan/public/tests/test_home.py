"""The home page: what to report, the start button, the tracking box, 112, recent public complaints."""

from __future__ import annotations

from typing import Any

import pytest

from aduan.complaints.states import Status
from aduan.testing import City, complaint_in

pytestmark = pytest.mark.django_db


def test_home_shows_categories_start_button_tracking_box_and_emergency_number(
    client: Any, city: City, settings: Any
) -> None:
    settings.ADUAN_EMERGENCY_NUMBER = "110"
    page = client.get("/").content.decode()
    assert "Infrastruktur" in page and "Jalan Rusak" in page
    assert 'href="/aduan/baru/"' in page
    assert 'action="/lacak/"' in page
    assert 'href="tel:110"' in page
    assert 'href="/arsip/"' in page or "arsip" in page


def test_home_lists_recent_public_complaints_but_never_rahasia_or_names(
    client: Any, city: City
) -> None:
    # Each one looked at and routed by the desk: the rahasia ones still never show.
    complaint_in(city, Status.ROUTED, title="Lampu jalan padam")
    complaint_in(city, Status.ROUTED, title="Pungli di loket", category=city.bribe)
    complaint_in(city, Status.ROUTED, title="Sampah di pasar", is_confidential=True)
    page = client.get("/").content.decode()
    assert "Lampu jalan padam" in page
    assert "Pungli di loket" not in page
    assert "Sampah di pasar" not in page
    assert "Siti Aminah" not in page


def test_every_page_has_a_skip_link_and_the_institution_name(
    client: Any, city: City, settings: Any
) -> None:
    settings.ADUAN_INSTITUTION_NAME = "Pemerintah Kota Tangerang"
    for url in ("/", "/aduan/baru/", "/lacak/", "/privasi/"):
        page = client.get(url).content.decode()
        assert 'href="#main"' in page
        assert "Pemerintah Kota Tangerang" in page


def test_the_privacy_notice_shows_its_version(client: Any, settings: Any, db: None) -> None:
    settings.ADUAN_PRIVACY_NOTICE_VERSION = "2027-3"
    assert "Versi 2027-3" in client.get("/privasi/").content.decode()


def test_the_map_button_appears_only_when_a_tile_server_is_set(
    client: Any, city: City, settings: Any
) -> None:
    settings.ADUAN_MAP_TILE_URL = ""
    assert "data-open-map" not in client.get("/aduan/baru/lokasi/").content.decode()
    settings.ADUAN_MAP_TILE_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    assert "data-open-map" in client.get("/aduan/baru/lokasi/").content.decode()
