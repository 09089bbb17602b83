"""The staff sign-in page: separate from citizens, throttled, rotating the session."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from aduan.audit.models import AuditEntry
from aduan.staff.tests.authkit import GUARDED, enrolled, password_step
from aduan.testing import City

pytestmark = [pytest.mark.django_db, pytest.mark.urls("aduan.staff.tests.auth_urls")]


def test_the_staff_sign_in_page_says_it_is_for_staff(client: Client) -> None:
    response = client.get("/staf/masuk/")
    assert response.status_code == 200
    assert "Masuk petugas" in response.content.decode()


def test_a_visitor_of_a_staff_page_is_sent_to_the_staff_sign_in(client: Client) -> None:
    response = client.get(GUARDED)
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/masuk/?next=")


def test_a_citizen_cannot_sign_in_here_and_is_told_where_to_go(client: Client, city: City) -> None:
    response = password_step(client, city.citizen)
    assert response.status_code == 200
    assert "akun warga" in response.content.decode()
    assert "/akun/masuk/" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_gets_one_message_that_does_not_say_which_part_was_wrong(
    client: Client, city: City
) -> None:
    response = password_step(client, city.officer_a, password="salah-sekali-123")
    page = response.content.decode()
    assert "Nama pengguna atau kata sandi salah." in page
    assert "Kesalahan:" in page  # page title prefix
    response = client.post("/staf/masuk/", {"username": "tidak_ada", "password": "x" * 12})
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_signing_in_rotates_the_session_key(client: Client, city: City) -> None:
    client.get("/staf/masuk/")
    session = client.session
    session["probe"] = "before"
    session.save()
    before = session.session_key
    password_step(client, city.officer_a)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.session["probe"] == "before"  # same session data, new key


def test_first_sign_in_leads_to_two_factor_set_up(client: Client, city: City) -> None:
    response = password_step(client, city.officer_a)
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/2fa/siapkan/")


def test_staff_with_an_authenticator_are_asked_for_a_code(client: Client, city: City) -> None:
    enrolled(city.officer_a)
    response = client.post(
        "/staf/masuk/?next=/staf/uji-gerbang/",
        {"username": "petugas_a", "password": "kata-sandi-uji-123", "next": GUARDED},
    )
    assert response["Location"] == "/staf/2fa/verifikasi/?next=%2Fstaf%2Fuji-gerbang%2F"


def test_a_password_alone_does_not_open_a_staff_page(client: Client, city: City) -> None:
    enrolled(city.officer_a)
    password_step(client, city.officer_a)
    response = client.get(GUARDED)
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/2fa/verifikasi/")


def test_a_next_address_on_another_site_is_ignored(client: Client, city: City) -> None:
    response = client.post(
        "/staf/masuk/",
        {"username": "petugas_a", "password": "kata-sandi-uji-123", "next": "https://jahat.test/"},
    )
    assert "jahat.test" not in response["Location"]


def test_successful_sign_in_is_audited(client: Client, city: City) -> None:
    password_step(client, city.officer_a)
    entry = AuditEntry.objects.get(action="staff.login")
    assert entry.actor == city.officer_a
    assert entry.ip == "127.0.0.1"


def test_five_wrong_passwords_block_that_account_from_that_address_for_15_minutes(
    client: Client, city: City
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(4):
            response = password_step(client, city.officer_a, password="salah-sekali-123")
            assert "Nama pengguna atau kata sandi salah." in response.content.decode()
        response = password_step(client, city.officer_a, password="salah-sekali-123")
        page = response.content.decode()
        assert "Terlalu banyak percobaan masuk yang gagal" in page
        expected = timezone.localtime(timezone.now() + timedelta(minutes=15)).strftime("%H:%M")
        assert f"coba lagi pukul {expected}" in page

        # Even the right password waits, so guessing cannot continue.
        response = password_step(client, city.officer_a)
        assert "Terlalu banyak percobaan" in response.content.decode()
        assert "_auth_user_id" not in client.session

        # The real officer at another address is not locked out.
        other = Client(REMOTE_ADDR="10.1.2.3")
        assert password_step(other, city.officer_a).status_code == 302

        # And the block ends by itself.
        clock.shift(timedelta(minutes=16))
        assert password_step(client, city.officer_a).status_code == 302


def test_a_stranger_elsewhere_cannot_lock_an_officer_out(city: City) -> None:
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(12):
        password_step(stranger, city.officer_a, password="salah-sekali-123")

    owner = Client(REMOTE_ADDR="198.51.100.7")
    signed_in = password_step(owner, city.officer_a)
    still_guessing = password_step(stranger, city.officer_a)

    assert signed_in.status_code == 302
    assert "Terlalu banyak percobaan masuk yang gagal" in still_guessing.content.decode()
    assert "_auth_user_id" not in stranger.session


def test_a_successful_sign_in_resets_the_count_of_failures(client: Client, city: City) -> None:
    for _ in range(4):
        password_step(client, city.officer_a, password="salah-sekali-123")
    assert password_step(client, city.officer_a).status_code == 302
    client.post("/staf/keluar/")
    for _ in range(4):
        response = password_step(client, city.officer_a, password="salah-sekali-123")
        assert "Terlalu banyak" not in response.content.decode()


def test_many_wrong_passwords_from_one_address_block_the_address(
    client: Client, city: City
) -> None:
    for number in range(30):
        client.post("/staf/masuk/", {"username": f"tebakan{number}", "password": "x" * 12})
    response = password_step(client, city.officer_b)
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert AuditEntry.objects.filter(action="staff.login_blocked").exists()


def test_signing_out_needs_a_post(client: Client, city: City) -> None:
    password_step(client, city.officer_a)
    assert client.get("/staf/keluar/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/staf/keluar/")
    assert response["Location"] == "/staf/masuk/"
    assert "_auth_user_id" not in client.session
