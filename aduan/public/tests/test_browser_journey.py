"""The whole journey in a real browser with JavaScript off: report, come back, answer, confirm."""

from __future__ import annotations

import re
from typing import Any

import pytest

from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.public.tests.browser_steps import walk_report
from aduan.testing import City

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_report_answer_and_confirm_with_javascript_off(
    browser: Any, live_server: Any, city: City
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="id-ID"
    )
    page = context.new_page()
    base = live_server.url

    code = walk_report(page, base)
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.attachments.count() == 1
    assert complaint.reporter is not None and complaint.reporter.phone == "+6281234567890"
    secret_link = page.get_by_role("link", name=re.compile(r"\?kunci=")).get_attribute("href")

    # Another day, another browser: the citizen comes back with the code from the home page.
    context.close()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base + "/")
    page.get_by_label("Kode lacak").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Lacak").click()
    assert page.url.endswith(f"/lacak/{code}/")
    assert page.get_by_text("Belum Terverifikasi").first.is_visible()

    # The desk asks a question; the citizen opens the secret link and answers.
    actions.request_info(complaint, by=city.verifier, question="Di sisi jalan sebelah mana?")
    page.goto(secret_link)
    assert page.get_by_role("region").get_by_text("Di sisi jalan sebelah mana?").is_visible()
    page.get_by_label("Jawaban Anda").fill("Sisi utara, dekat halte.")
    page.get_by_role("button", name="Kirim jawaban").click()
    assert page.get_by_text("Jawaban Anda sudah kami terima").is_visible()

    complaint.refresh_from_db()
    complaint = actions.verify_complaint(complaint, by=city.verifier, target=city.agency_a)
    complaint = actions.accept_complaint(complaint, by=city.officer_a)
    complaint = actions.resolve_complaint(complaint, by=city.officer_a, message="Sudah ditambal.")
    complaint = actions.approve_resolution(complaint, by=city.verifier)

    page.reload()
    assert page.get_by_text("Sudah ditambal.").first.is_visible()
    page.get_by_label(re.compile("^4 – Puas")).check()
    page.get_by_label("Komentar (opsional)").fill("Terima kasih")
    page.get_by_role("button", name="Ya, konfirmasi selesai").click()
    assert page.get_by_text("sudah Anda konfirmasi selesai").is_visible()

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.rating == 4
    context.close()
