"""A citizen account's name, email and phone are encrypted at rest, and it still signs in by either."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client

from aduan.accounts.models import User
from aduan.testing import PASSWORD, City, sign_up

GOOD_PASSWORD = "kebun-mangga-di-depan-rumah"


def _raw_row(user_id: int) -> str:
    """Every column of the account as the database holds it (a raw cursor, no model code)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_user WHERE id = %s", [user_id])
        row = cursor.fetchone()
    assert row is not None
    return " | ".join(str(value) for value in row)


def _sign_up(contact: str, name: str) -> Any:
    client = Client()
    response = sign_up(client, contact, name=name, password=GOOD_PASSWORD)
    assert response.status_code == 302
    return client


def _signed_in_user(client: Client) -> User:
    return User.objects.get(pk=client.session["_auth_user_id"])


def test_a_citizen_signed_up_by_email_has_no_name_or_email_in_the_raw_row(city: City) -> None:
    user = _signed_in_user(_sign_up("Rina.Wulandari@Example.test", "Rina Wulandari"))

    raw = _raw_row(user.pk).lower()

    assert "rina" not in raw and "wulandari" not in raw and "example.test" not in raw


def test_a_citizen_signed_up_by_phone_has_no_number_in_the_raw_row(city: City) -> None:
    user = _signed_in_user(_sign_up("0813-9876 5432", "Joko Susanto"))

    raw = _raw_row(user.pk)

    assert "98765432" not in raw.replace(" ", "").replace("-", "")
    assert "Joko" not in raw and "Susanto" not in raw


def test_the_username_of_a_citizen_is_an_opaque_reference(city: City) -> None:
    first = _signed_in_user(_sign_up("ani@example.test", "Ani"))
    second = _signed_in_user(_sign_up("ani2@example.test", "Ani"))

    for user in (first, second):
        assert "ani" not in user.username and "example" not in user.username
        assert str(user) == user.username
    assert first.username != second.username


def test_the_cast_citizen_has_nothing_readable_in_the_raw_row(city: City) -> None:
    raw = _raw_row(city.citizen.pk)

    assert "warga@example.test" not in raw and "81211112222" not in raw and "Warga" not in raw


def test_a_citizen_signs_in_with_email_in_any_case(city: City) -> None:
    client = Client()

    response = client.post(
        "/akun/masuk/", {"contact": " WARGA@example.test ", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(city.citizen.pk)


def test_a_citizen_signs_in_with_phone_in_any_form(city: City) -> None:
    for typed in ("0812-1111-2222", "+62 812 1111 2222", "6281211112222"):
        client = Client()

        response = client.post("/akun/masuk/", {"contact": typed, "password": PASSWORD})

        assert response.status_code == 302, typed
        assert client.session["_auth_user_id"] == str(city.citizen.pk)


def test_the_same_email_cannot_open_a_second_account(city: City) -> None:
    _sign_up("dewi@example.test", "Dewi")

    again = Client().post("/akun/daftar/", {"contact": "DEWI@example.test"})

    assert again.status_code == 302
    assert User.objects.filter(is_citizen=True).count() == 2  # the cast's citizen and Dewi


def test_staff_still_sign_in_by_username_at_the_staff_page(city: City) -> None:
    client = Client()

    response = client.post(
        "/staf/masuk/", {"username": city.officer_a.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(city.officer_a.pk)
