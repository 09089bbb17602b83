"""In a real browser: staff sign-in with 2FA set-up, and the proof-of-work, under the strict CSP."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django_otp.oath import TOTP

from aduan.testing import PASSWORD, City

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("aduan.staff.tests.auth_urls"),
]


def csp_violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def code_from_secret(secret: str) -> str:
    import base64

    padded = secret + "=" * (-len(secret) % 8)
    totp = TOTP(base64.b32decode(padded), 30, 0, 6, 0)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_an_officer_signs_in_and_sets_up_an_authenticator(
    page: Any, live_server: Any, city: City
) -> None:
    violations = csp_violations(page)
    page.goto(live_server.url + "/staf/uji-gerbang/")
    page.wait_for_url("**/staf/masuk/**")
    page.fill("#id_username", "petugas_a")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/staf/2fa/siapkan/**")
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 0
    secret = page.locator("[data-testid=secret]").inner_text().replace(" ", "")
    page.fill("#id_code", code_from_secret(secret))
    page.click("main button[type=submit]")
    assert page.locator("[data-testid=recovery-codes] li").count() == 10
    page.click("text=Saya sudah menyimpannya, lanjut")
    page.wait_for_url("**/staf/uji-gerbang/")
    assert "isi aduan rahasia" in page.content()
    assert violations == []


def test_the_browser_solves_the_proof_of_work(page: Any, live_server: Any, settings: Any) -> None:
    settings.ADUAN_POW_BITS = 10
    settings.ADUAN_MIN_FILL_SECONDS = 0
    violations = csp_violations(page)
    page.goto(live_server.url + "/uji-formulir/")
    page.wait_for_function("() => document.querySelector('input[name=pow_solution]').value !== ''")
    page.fill("#id_note", "Jalan berlubang")
    page.click("button[type=submit]")
    assert page.locator("#result").inner_text() == "diterima"
    assert violations == []


def test_without_javascript_the_form_asks_to_wait(
    browser: Any, live_server: Any, settings: Any
) -> None:
    settings.ADUAN_POW_BITS = 10
    settings.ADUAN_MIN_FILL_SECONDS = 0
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/uji-formulir/")
    assert "JavaScript mati" in page.content()
    page.fill("#id_note", "Jalan berlubang")
    page.click("button[type=submit]")
    assert "Tunggu" in page.locator("#error").inner_text()
    context.close()
