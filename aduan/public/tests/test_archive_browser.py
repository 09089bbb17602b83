"""The archive and the account pages in a real browser: axe-core finds nothing, and they work
without JavaScript (search, filters, paging, "dukung", sign-in)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from aduan.complaints.models import Complaint
from aduan.public import archive
from aduan.testing import PASSWORD, City, submit

# These tests are about what the public pages do with public complaints; when a complaint becomes
# public is test_publishing.py's subject.
pytestmark = [
    pytest.mark.usefixtures("published_as_sent"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def no_js(browser: Any) -> Iterator[Any]:
    """A phone-sized tab with JavaScript switched off."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", java_script_enabled=False
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def test_archive_and_account_pages_and_their_errors_pass_axe(
    page: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    base = live_server.url
    for n in range(archive.PAGE_SIZE + 1):
        submit(city, title=f"Lampu jalan mati {n}")
    found: dict[str, list[str]] = {}

    def visit(name: str, url: str | None = None) -> None:
        if url is not None:
            page.goto(base + url)
        found[name] = axe(page)

    visit("archive", "/arsip/")
    visit("archive page 2", "/arsip/" + page.locator("a[rel=next]").get_attribute("href"))
    visit("search", "/arsip/?q=lampu")
    visit("no results", "/arsip/?q=tidakadahasil")
    visit("filter error", "/arsip/?dari=2026-05-10&sampai=2026-05-01")
    visit("sign in", "/akun/masuk/")
    page.fill("#id_contact", "warga@example.test")
    page.fill("#id_password", "bukan-kata-sandinya")
    page.click("main button[type=submit]")
    visit("sign in error")
    visit("sign up", "/akun/daftar/")
    page.click("main button[type=submit]")
    visit("sign up error")
    page.goto(base + "/akun/masuk/")
    page.fill("#id_contact", "warga@example.test")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/akun/aduan-saya/")
    visit("my complaints")
    visit("preferences", "/akun/pengaturan/")
    page.goto(base + "/arsip/")
    page.locator(".support__button").first.click()
    visit("after dukung")

    assert {name: v for name, v in found.items() if v} == {}


def test_search_filters_paging_and_dukung_work_without_javascript(
    no_js: Any, live_server: Any, city: City
) -> None:
    base = live_server.url
    for n in range(archive.PAGE_SIZE + 2):
        submit(city, title=f"Sampah menumpuk {n}", category=city.rubbish)
    target = submit(city, title="Lampu jalan mati di Gang Kelinci")

    no_js.goto(base + "/arsip/")
    no_js.fill("#id_q", "lampu")
    no_js.click("form[role=search] button[type=submit]")
    no_js.wait_for_url("**/arsip/?q=lampu*")
    no_js.wait_for_load_state()
    assert no_js.locator(".archive-item").count() == 1
    no_js.locator(".support__button").click()
    no_js.wait_for_load_state()
    assert "dukungan Anda untuk aduan" in no_js.content()
    assert Complaint.objects.get(pk=target.pk).support_count == 1
    assert "Anda sudah mendukung" in no_js.content()

    no_js.goto(base + "/arsip/")
    no_js.click("summary")  # a <details> opens without JavaScript
    no_js.select_option("#id_kategori", "sampah-menumpuk")
    no_js.click("text=Terapkan saringan")
    no_js.wait_for_url("**kategori=sampah-menumpuk*")
    no_js.click("a[rel=next]")
    no_js.wait_for_url("**setelah=*")
    no_js.wait_for_load_state()
    assert no_js.locator(".archive-item").count() == 2
    assert "Lampu jalan mati" not in no_js.content()


def test_signing_in_and_out_works_without_javascript(
    no_js: Any, live_server: Any, city: City
) -> None:
    base = live_server.url
    no_js.goto(base + "/akun/masuk/")
    no_js.fill("#id_contact", "warga@example.test")
    no_js.fill("#id_password", PASSWORD)
    no_js.click("main button[type=submit]")
    assert no_js.url.endswith("/akun/aduan-saya/")

    no_js.click("text=Keluar")

    assert "Anda sudah keluar dari akun." in no_js.content()


def test_similar_complaints_on_the_photo_step_pass_axe(
    page: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    from aduan.public.tests.browser_steps import walk_report

    submit(city, title="Lubang besar di Jl. Merdeka")
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        if name == "foto":
            assert "Mungkin sudah ada yang melaporkan ini" in page.content()
            found[name] = axe(page)

    walk_report(page, live_server.url, on_page=check)
    assert found == {"foto": []}
