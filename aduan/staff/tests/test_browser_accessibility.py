"""axe-core (WCAG 2.2 A and AA) finds nothing on any staff page or error state, at any width.

Each page is judged with every <details> open (filter panel, action forms), at 1280 px; then
the same page is laid out at 640 px (200 % zoom of a 1280 px screen) and at 360 px (a phone),
where nothing may scroll sideways and axe is run again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.notifications.models import Notification
from aduan.privacy.models import Breach, DataSubjectRequest
from aduan.staff.tests.browser_session import signed_in_tab
from aduan.testing import PASSWORD, City, complaint_in, staff_login, submit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ERROR_TITLE = re.compile(r"^(Galat|Kesalahan): ")


class Survey:
    """Runs axe and the sideways-scroll check on each page; collects what is wrong by name."""

    def __init__(self, axe: Callable[[Any], list[str]]) -> None:
        self.axe = axe
        self.problems: dict[str, list[str]] = {}
        self.pages: list[str] = []

    def check(self, tab: Any, name: str, *, error: bool = False) -> None:
        assert name not in self.pages, name
        self.pages.append(name)
        tab.wait_for_load_state("load")
        tab.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true })")
        found = [f"1280: {v}" for v in self.axe(tab)]
        if error and not ERROR_TITLE.match(tab.title()):
            found.append(f"title without an error prefix: {tab.title()!r}")
        for width in (640, 360):
            tab.set_viewport_size({"width": width, "height": 800})
            scroll = tab.evaluate("document.documentElement.scrollWidth")
            if scroll > width + 1:
                found.append(f"{width}: scrolls sideways ({scroll} px)")
        found += [f"360: {v}" for v in _layout_rules(tab)]
        tab.set_viewport_size({"width": 1280, "height": 900})
        if found:
            self.problems[name] = found

    def visit(self, tab: Any, url: str, name: str, **kwargs: Any) -> None:
        tab.goto(url)
        self.check(tab, name, **kwargs)


def _layout_rules(tab: Any) -> list[str]:
    """The axe rules whose answer depends on the layout, on a page axe has already judged."""
    result = tab.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}})",
        ["target-size", "scrollable-region-focusable", "region"],
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def _tab(browser: Any, live_server: Any, user: Any) -> Any:
    return signed_in_tab(browser, live_server, user, device_scale_factor=2)


def _submit_empty(tab: Any, summary: str, button: str) -> None:
    """Send an action form with nothing filled in (the page answers with its errors)."""
    details = tab.locator("details.action", has=tab.locator("summary", has_text=summary))
    details.evaluate("d => { d.open = true }")
    details.get_by_role("button", name=button, exact=True).click()
    tab.wait_for_load_state()


def test_the_sign_in_and_two_factor_pages_and_their_errors_pass_axe(
    browser: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    survey = Survey(axe)
    staff_login(Client(), city.verifier)  # has an authenticator
    for user, second in ((city.officer_a, "2fa-siapkan"), (city.verifier, "2fa-verifikasi")):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="id-ID", device_scale_factor=2
        )
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        tab.goto(f"{live_server.url}/staf/masuk/")
        if user == city.officer_a:
            survey.check(tab, "masuk")
            tab.get_by_label("Nama pengguna").fill(user.username)
            tab.get_by_label("Kata sandi").fill("salah-sekali")
            tab.get_by_role("button", name="Lanjut").click()
            survey.check(tab, "masuk-sandi-salah", error=True)
        tab.get_by_label("Nama pengguna").fill(user.username)
        tab.get_by_label("Kata sandi").fill(PASSWORD)
        tab.get_by_role("button", name="Lanjut").click()
        tab.wait_for_url(f"**/staf/{second.replace('-', '/')}/**")
        survey.check(tab, second)
        code = tab.locator("#id_code")
        code.fill("000000")
        code.press("Enter")
        tab.wait_for_load_state()
        assert tab.locator(".error-summary").is_visible()
        survey.check(tab, f"{second}-kode-salah", error=True)
        context.close()
    assert survey.problems == {}


def test_every_queue_of_the_desk_an_officer_and_a_supervisor_passes_axe(
    browser: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    survey = Survey(axe)
    late = submit(city, title="Lampu jalan mati sejak seminggu")
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=2))
    submit(city, title="Sampah menumpuk di pasar", category=city.rubbish, is_confidential=True)
    for status in (Status.ROUTED, Status.IN_PROGRESS, Status.UNDER_REVIEW, Status.NEEDS_INFO):
        complaint_in(city, status)
    seen_empty = seen_bulk = False
    for who, user in (
        ("meja", city.verifier),
        ("petugas", city.officer_a),
        ("pimpinan", city.supervisor_a),
    ):
        tab = _tab(browser, live_server, user)
        tab.goto(f"{live_server.url}/staf/")
        links = tab.locator("nav.queues a").evaluate_all("links => links.map(a => a.href)")
        assert len(links) >= 2, who
        for url in links:
            slug = url.rstrip("/").rsplit("/", 1)[-1]
            survey.visit(tab, url, f"{who}-{slug}")
            seen_empty |= tab.locator(".empty").count() > 0
            seen_bulk |= tab.locator("fieldset.bulk").count() > 0
        survey.visit(tab, f"{links[0]}?date_from=kemarin", f"{who}-penyaring-salah", error=True)
        assert tab.locator("#id_date_from").get_attribute("aria-invalid") == "true"
        tab.context.close()
    assert seen_empty and seen_bulk, "an empty queue and a queue with the bulk form were judged"
    assert survey.problems == {}


def test_the_complaint_page_in_each_status_with_its_forms_and_errors_passes_axe(
    browser: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    survey = Survey(axe)
    base = live_server.url
    new = submit(city, title="Jalan berlubang di depan SDN 3")
    submit(city, title="Jalan berlubang di depan SDN 3 (laporan kedua)")
    busy = complaint_in(city, Status.IN_PROGRESS)
    review = complaint_in(city, Status.UNDER_REVIEW)
    done = complaint_in(city, Status.RESOLVED)

    desk = _tab(browser, live_server, city.verifier)
    survey.visit(desk, f"{base}/staf/aduan/{new.tracking_code}/", "meja-baru")
    _submit_empty(desk, "Minta informasi pelapor", "Kirim pertanyaan")
    survey.check(desk, "meja-baru-pertanyaan-kosong", error=True)
    desk.goto(f"{base}/staf/aduan/{new.tracking_code}/")
    desk.get_by_role("button", name="Buka identitas").click()
    desk.wait_for_load_state()
    assert desk.locator(".case-side .error-summary").is_visible()
    survey.check(desk, "meja-baru-alasan-identitas-kosong", error=True)
    survey.visit(desk, f"{base}/staf/aduan/{done.tracking_code}/", "meja-selesai")
    assert desk.get_by_text("Buka kembali: pelapor menyanggah").is_visible()
    _submit_empty(desk, "Buka kembali: pelapor menyanggah", "Buka kembali")
    survey.check(desk, "meja-selesai-sanggahan-kosong", error=True)
    desk.context.close()

    officer = _tab(browser, live_server, city.officer_a)
    survey.visit(officer, f"{base}/staf/aduan/{busy.tracking_code}/", "petugas-proses")
    _submit_empty(officer, "Selesaikan", "Ajukan penyelesaian")
    survey.check(officer, "petugas-proses-penyelesaian-kosong", error=True)
    officer.context.close()

    head = _tab(browser, live_server, city.supervisor_a)
    survey.visit(head, f"{base}/staf/aduan/{review.tracking_code}/", "pimpinan-pemeriksaan")
    _submit_empty(head, "Kembalikan penyelesaian", "Kembalikan ke instansi")
    survey.check(head, "pimpinan-pemeriksaan-alasan-kosong", error=True)
    head.context.close()
    assert survey.problems == {}


def test_intake_notifications_reports_privacy_and_account_pages_pass_axe(
    browser: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    survey = Survey(axe)
    base = live_server.url
    closed = complaint_in(city, Status.CLOSED)
    submit(city, category=city.rubbish)
    for n, read_at in enumerate((None, timezone.now())):
        Notification.objects.create(
            user=city.verifier,
            title=f"Aduan baru {n}",
            link=f"/staf/aduan/{closed.tracking_code}/",
            read_at=read_at,
        )

    desk = _tab(browser, live_server, city.verifier)
    survey.visit(desk, f"{base}/staf/aduan/baru/", "catat-aduan")
    desk.get_by_role("button", name="Catat aduan").click()
    survey.check(desk, "catat-aduan-kosong", error=True)
    survey.visit(desk, f"{base}/staf/pemberitahuan/", "pemberitahuan")
    survey.visit(desk, f"{base}/staf/laporan/", "dasbor")
    month = timezone.localdate().strftime("%Y-%m")
    survey.visit(desk, f"{base}/staf/laporan/bulanan/?bulan={month}", "laporan-bulanan")
    survey.visit(desk, f"{base}/staf/laporan/bulanan/?bulan=kemarin", "bulanan-salah", error=True)
    survey.visit(desk, f"{base}/staf/sandi/", "ganti-sandi")
    desk.get_by_role("button", name="Simpan kata sandi").click()
    survey.check(desk, "ganti-sandi-kosong", error=True)
    try:
        resolve("/staf/piket/")
    except Resolver404:
        pass
    else:  # the duty roster page, where the console has one
        survey.visit(desk, f"{base}/staf/piket/", "piket")
    desk.context.close()

    officer = _tab(browser, live_server, city.officer_a)
    officer.goto(f"{base}/staf/aduan/baru/")
    assert officer.get_by_role("heading", name="Tidak diizinkan").is_visible()
    survey.check(officer, "403")
    officer.context.close()

    now = timezone.now()
    dsr = DataSubjectRequest.objects.create(
        kind="access", requester_name="Budi", due_at=now + timedelta(days=3)
    )
    breach = Breach.objects.create(description="Laptop hilang.", due_at=now + timedelta(days=3))
    dpo = _tab(browser, live_server, city.dpo)
    survey.visit(dpo, f"{base}/staf/privasi/", "privasi")
    survey.visit(dpo, f"{base}/staf/privasi/akses/", "privasi-akses")
    survey.visit(dpo, f"{base}/staf/privasi/permintaan/", "privasi-permintaan")
    dpo.get_by_role("button", name="Catat permintaan").click()
    survey.check(dpo, "privasi-permintaan-kosong", error=True)
    survey.visit(dpo, f"{base}/staf/privasi/permintaan/{dsr.pk}/", "privasi-permintaan-psd")
    dpo.get_by_role("button", name="Tutup permintaan").click()
    survey.check(dpo, "privasi-permintaan-psd-kosong", error=True)
    survey.visit(dpo, f"{base}/staf/privasi/insiden/", "privasi-insiden")
    dpo.get_by_role("button", name="Catat insiden").click()
    survey.check(dpo, "privasi-insiden-kosong", error=True)
    survey.visit(dpo, f"{base}/staf/privasi/insiden/{breach.pk}/", "privasi-insiden-ins")
    dpo.get_by_role("button", name="Simpan").click()
    survey.check(dpo, "privasi-insiden-ins-kosong", error=True)
    dpo.context.close()
    assert survey.problems == {}


def _focused(tab: Any) -> dict[str, Any]:
    return tab.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName, id: e.id,"
        " text: (e.innerText || '').trim(), name: e.name || '',"
        " inAction: !!e.closest('details.action')} }"
    )


def _tab_until(tab: Any, found: Callable[[dict[str, Any]], bool], limit: int = 60) -> None:
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if found(_focused(tab)):
            return
    raise AssertionError(f"not reached with Tab; stopped at {_focused(tab)}")


def test_an_officer_works_a_complaint_with_the_keyboard_alone(
    browser: Any, live_server: Any, city: City
) -> None:
    busy = complaint_in(city, Status.IN_PROGRESS)
    tab = _tab(browser, live_server, city.officer_a)
    tab.goto(f"{live_server.url}/staf/aduan/{busy.tracking_code}/")

    tab.keyboard.press("Tab")
    assert _focused(tab)["text"] == "Langsung ke isi", "the skip link comes first"
    assert tab.locator("a.skip").evaluate("a => a.getBoundingClientRect().left >= 0"), "visible"
    tab.keyboard.press("Enter")
    assert _focused(tab)["id"] == "main"

    tab.goto(f"{live_server.url}/staf/aduan/{busy.tracking_code}/")
    _tab_until(tab, lambda e: e["tag"] == "SUMMARY")
    first = tab.locator("details.action").first
    assert _focused(tab)["text"] == first.locator("summary").inner_text()
    assert first.evaluate("d => d.open"), "the first action starts open"
    tab.keyboard.press("Enter")
    assert not first.evaluate("d => d.open"), "Enter closes it"
    tab.keyboard.press(" ")
    assert first.evaluate("d => d.open"), "Space opens it again"
    _tab_until(tab, lambda e: e["tag"] == "TEXTAREA" and e["inAction"])
    tab.keyboard.type("Tim survei sudah ke lokasi; penambalan besok pagi.")
    _tab_until(tab, lambda e: e["tag"] == "BUTTON" and e["inAction"])
    assert _focused(tab)["text"] == "Kirim"
    tab.keyboard.press("Enter")
    tab.wait_for_load_state()
    assert tab.get_by_role("status").inner_text().endswith("berhasil.")
    assert busy.timeline.filter(message__startswith="Tim survei sudah ke lokasi").exists()
    tab.context.close()


def test_the_monthly_report_document_pages_pass_axe_in_every_state(
    browser: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    survey = Survey(axe)
    base = live_server.url
    complaint_in(city, Status.CLOSED)
    today = timezone.localdate()
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    document = f"{base}/staf/laporan/bulanan/dokumen/?bulan={month}"
    head = _tab(browser, live_server, city.leadership)
    survey.visit(head, f"{base}/staf/laporan/bulanan/pengantar/?bulan={month}", "pengantar")
    head.get_by_label("Pendahuluan").fill("Pengantar laporan kota.")
    head.get_by_role("button", name="Simpan pengantar").click()
    survey.check(head, "pengantar-disimpan")
    survey.visit(head, document, "dokumen-draf")
    head.get_by_label("Ringkasan").fill("Catatan ringkasan bulan ini.")
    head.get_by_role("button", name="Simpan draf").click()
    survey.check(head, "dokumen-draf-disimpan")
    survey.visit(head, document, "dokumen-sebelum-final")
    head.get_by_label("Nama penanda tangan").fill("")
    head.get_by_role("button", name="Finalkan laporan").click()
    survey.check(head, "dokumen-tanpa-nama", error=True)
    head.goto(document)
    head.get_by_label("Jabatan").fill("Sekretaris Daerah")
    head.get_by_role("button", name="Finalkan laporan").click()
    head.wait_for_load_state()
    assert head.get_by_text("Laporan difinalkan sebagai versi 1.").is_visible()
    survey.check(head, "dokumen-final")
    head.get_by_role("button", name="Buka koreksi (versi 2)").click()
    survey.check(head, "dokumen-koreksi")
    head.context.close()

    desk = _tab(browser, live_server, city.verifier)
    survey.visit(desk, document, "dokumen-meja")
    survey.visit(desk, f"{base}/staf/laporan/bulanan/pengantar/", "pengantar-baca")
    desk.context.close()
    assert survey.problems == {}
