"""Staff sessions end after 30 idle minutes and 12 hours in all; the admin sits behind 2FA too."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from aduan.staff.tests.authkit import GUARDED, code_for, enrolled, sign_in_fully
from aduan.testing import City, staff_login

pytestmark = [pytest.mark.django_db, pytest.mark.urls("aduan.staff.tests.auth_urls")]


def test_a_staff_session_ends_after_30_idle_minutes(client: Client, city: City) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        staff_login(client, city.officer_a)
        assert client.get(GUARDED).status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get(GUARDED).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(GUARDED, follow=True)
        page = response.content.decode()
        assert response.redirect_chain[0][0].startswith("/staf/masuk/?next=")
        assert "berakhir karena tidak aktif" in page
        assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive_but_not_beyond_12_hours(
    client: Client, city: City
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        staff_login(client, city.officer_a)
        for _ in range(35):  # 11 h 40 min of steady work
            clock.shift(timedelta(minutes=20))
            assert client.get(GUARDED).status_code == 200
        clock.shift(timedelta(minutes=21))
        response = client.get(GUARDED, follow=True)
        assert "sudah 12 jam sejak masuk" in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_a_timed_out_officer_signs_in_again_with_password_and_code(
    client: Client, city: City
) -> None:
    device = enrolled(city.officer_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in_fully(client, city.officer_a, device)
        assert client.get(GUARDED).status_code == 200
        clock.shift(timedelta(minutes=45))
        assert client.get(GUARDED).status_code == 302
        sign_in_fully(client, city.officer_a, device)
        assert client.get(GUARDED).status_code == 200


def test_a_citizens_session_has_no_staff_time_limit(client: Client, city: City) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(city.citizen)
        clock.shift(timedelta(hours=13))
        client.get("/staf/masuk/")
        assert client.session.get("_auth_user_id") == str(city.citizen.pk)


def test_staff_signed_in_elsewhere_must_use_the_staff_sign_in(client: Client, city: City) -> None:
    client.force_login(city.officer_a)  # e.g. through the citizens' sign-in
    response = client.get(GUARDED)
    assert response["Location"].startswith("/staf/masuk/")


def test_a_citizen_gets_403_from_a_staff_page(client: Client, city: City) -> None:
    staff_login(client, city.citizen)
    assert client.get(GUARDED).status_code == 403


def test_the_admin_needs_the_second_factor(client: Client, city: City) -> None:
    device = enrolled(city.administrator)
    client.post("/staf/masuk/", {"username": "administrator", "password": "kata-sandi-uji-123"})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/masuk/?next=/admin/")
    client.post("/staf/2fa/verifikasi/", {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200


def test_the_admins_own_login_form_is_not_a_way_around_2fa(client: Client, city: City) -> None:
    response = client.post(
        "/admin/login/", {"username": "administrator", "password": "kata-sandi-uji-123"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/masuk/")
    assert "_auth_user_id" not in client.session


def test_changing_the_password_needs_the_old_one_and_ends_other_sessions(city: City) -> None:
    here, elsewhere = Client(), Client()
    staff_login(here, city.officer_a)
    staff_login(elsewhere, city.officer_a)
    new = "sandi-baru-yang-panjang-77"
    response = here.post(
        "/staf/sandi/",
        {"old_password": "salah-sekali-123", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert "Kesalahan:" in response.content.decode()
    response = here.post(
        "/staf/sandi/",
        {"old_password": "kata-sandi-uji-123", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert here.get(GUARDED).status_code == 200
    assert elsewhere.get(GUARDED).status_code == 302


def test_a_deactivated_account_loses_its_open_sessions(client: Client, city: City) -> None:
    staff_login(client, city.officer_a)
    assert client.get(GUARDED).status_code == 200
    city.officer_a.is_active = False
    city.officer_a.save()
    assert client.get(GUARDED).status_code == 302


def test_a_64_character_password_works(client: Client, city: City) -> None:
    long_password = "kalimat sandi yang panjang sekali untuk petugas dinas pu 2026 ok"
    assert len(long_password) == 64
    city.officer_a.set_password(long_password)
    city.officer_a.save()
    response = client.post("/staf/masuk/", {"username": "petugas_a", "password": long_password})
    assert response.status_code == 302
