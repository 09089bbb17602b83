"""Two-factor sign-in: set-up with a QR code, codes from the app, recovery codes, no replay."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from aduan.accounts.devices import RecoveryCodeDevice, StaffTOTPDevice
from aduan.audit.models import AuditEntry
from aduan.staff.tests.authkit import GUARDED, code_for, enrolled, password_step
from aduan.testing import City, staff_login

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("aduan.staff.tests.auth_urls")]


def _setup_page_secret(page: str) -> str:
    match = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page)
    assert match, "the set-up page shows the secret for typing in by hand"
    return match.group(1).replace(" ", "")


def test_a_new_officer_sets_up_an_authenticator_before_seeing_any_complaint(
    client: Client, city: City
) -> None:
    password_step(client, city.officer_a)
    response = client.get(GUARDED)
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/2fa/siapkan/")

    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn on the server
    device = StaffTOTPDevice.objects.get(user=city.officer_a, confirmed=False)
    assert _setup_page_secret(page) == device.secret_base32
    # Reloading the page keeps the same secret (the phone may already have scanned it).
    assert _setup_page_secret(client.get("/staf/2fa/siapkan/").content.decode()) == (
        device.secret_base32
    )

    response = client.post(
        f"/staf/2fa/siapkan/?next={GUARDED}", {"code": code_for(device), "next": GUARDED}
    )
    page = response.content.decode()
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(GUARDED).content == b"isi aduan rahasia"
    assert AuditEntry.objects.filter(action="staff.2fa_enabled", actor=city.officer_a).exists()


def test_a_wrong_set_up_code_keeps_the_authenticator_unconfirmed(
    client: Client, city: City
) -> None:
    password_step(client, city.officer_a)
    client.get("/staf/2fa/siapkan/")
    device = StaffTOTPDevice.objects.get(user=city.officer_a)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post("/staf/2fa/siapkan/", {"code": wrong})
    assert "Kode tidak cocok" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(GUARDED).status_code == 302


def test_the_set_up_page_refuses_someone_who_has_not_given_a_password(client: Client) -> None:
    response = client.get("/staf/2fa/siapkan/")
    assert response["Location"].startswith("/staf/masuk/")


def test_the_authenticator_secret_is_encrypted_in_the_database(city: City) -> None:
    device = enrolled(city.officer_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM accounts_stafftotpdevice WHERE id = %s", [device.pk])
        (raw,) = cursor.fetchone()
    assert str(device.key) not in raw
    assert raw.startswith("v1:")


def test_a_code_from_the_app_completes_the_sign_in(client: Client, city: City) -> None:
    device = enrolled(city.officer_a)
    password_step(client, city.officer_a)
    response = client.post(f"/staf/2fa/verifikasi/?next={GUARDED}", {"code": code_for(device)})
    assert response["Location"] == GUARDED
    assert client.get(GUARDED).status_code == 200


def test_the_session_key_changes_again_after_the_second_factor(client: Client, city: City) -> None:
    device = enrolled(city.officer_a)
    password_step(client, city.officer_a)
    half = client.session.session_key
    client.post("/staf/2fa/verifikasi/", {"code": code_for(device)})
    assert client.session.session_key != half


def test_a_replayed_code_is_refused(city: City) -> None:
    device = enrolled(city.officer_a)
    with time_machine.travel(timezone.now(), tick=False):
        code = code_for(device)
        first = Client()
        password_step(first, city.officer_a)
        assert first.post("/staf/2fa/verifikasi/", {"code": code}).status_code == 302

        # Someone who saw the code over the officer's shoulder, in the same 30 seconds:
        second = Client()
        password_step(second, city.officer_a)
        response = second.post("/staf/2fa/verifikasi/", {"code": code})
        assert response.status_code == 200
        assert "sudah pernah dipakai" in response.content.decode()
        assert second.get(GUARDED).status_code == 302


def test_wrong_codes_make_the_next_try_wait(client: Client, city: City) -> None:
    device = enrolled(city.officer_a)
    password_step(client, city.officer_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            client.post("/staf/2fa/verifikasi/", {"code": "000000"})
        response = client.post("/staf/2fa/verifikasi/", {"code": code_for(device)})
        assert "Terlalu banyak kode salah" in response.content.decode()
        clock.shift(timedelta(seconds=10))
        response = client.post("/staf/2fa/verifikasi/", {"code": code_for(device)})
        assert response.status_code == 302


def test_a_recovery_code_works_once_and_says_how_many_are_left(client: Client, city: City) -> None:
    enrolled(city.officer_a)
    recovery = RecoveryCodeDevice.objects.create(user=city.officer_a, name="kode pemulihan")
    codes = recovery.generate()

    password_step(client, city.officer_a)
    response = client.post("/staf/2fa/verifikasi/", {"code": codes[3].upper()}, follow=True)
    assert response.content == b"isi aduan rahasia" or "Sisa kode: 9" in str(
        list(response.context["messages"]) if response.context else ""
    )
    assert client.get(GUARDED).status_code == 200
    assert AuditEntry.objects.filter(action="staff.recovery_code_used").count() == 1

    client.post("/staf/keluar/")
    other = Client()
    password_step(other, city.officer_a)
    response = other.post("/staf/2fa/verifikasi/", {"code": codes[3]})
    assert response.status_code == 200
    assert other.get(GUARDED).status_code == 302


def test_recovery_codes_are_stored_only_as_argon2_hashes(city: City, settings: Any) -> None:
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS  # the test suite swaps in a fast hasher
    recovery = RecoveryCodeDevice.objects.create(user=city.officer_a, name="kode pemulihan")
    codes = recovery.generate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT codes FROM accounts_recoverycodedevice WHERE id = %s", [recovery.pk])
        (raw,) = cursor.fetchone()
    for code in codes:
        assert code.split("-", 1)[1].replace("-", "") not in str(raw)
    assert str(raw).count('"argon2$argon2id$') == 10


def test_a_verified_officer_can_replace_the_recovery_codes_with_a_fresh_code(
    client: Client, city: City
) -> None:
    device = enrolled(city.officer_a)
    recovery = RecoveryCodeDevice.objects.create(user=city.officer_a, name="kode pemulihan")
    old = recovery.generate()
    password_step(client, city.officer_a)
    client.post("/staf/2fa/verifikasi/", {"code": code_for(device)})
    assert "Tersisa 10 kode" in client.get("/staf/2fa/kode-pemulihan/").content.decode()
    page = client.post("/staf/2fa/kode-pemulihan/", {"code": code_for(device, 1)})
    new = re.findall(r"<code>([a-z2-9-]{14})</code>", page.content.decode())
    assert len(new) == 10
    recovery.refresh_from_db()
    assert recovery.verify_token(new[0])
    assert not recovery.verify_token(old[0])


def test_replacing_recovery_codes_needs_a_code_not_just_an_open_session(
    client: Client, city: City
) -> None:
    enrolled(city.officer_a)
    recovery = RecoveryCodeDevice.objects.create(user=city.officer_a, name="kode pemulihan")
    old = recovery.generate()
    staff_login(client, city.officer_a)
    response = client.post("/staf/2fa/kode-pemulihan/", {"code": "123456"})
    assert "Kode salah" in response.content.decode()
    recovery.refresh_from_db()
    assert recovery.verify_token(old[0])


def test_a_half_signed_in_officer_cannot_replace_recovery_codes(client: Client, city: City) -> None:
    enrolled(city.officer_a)
    password_step(client, city.officer_a)
    response = client.post("/staf/2fa/kode-pemulihan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/masuk/")
