"""Signing up for a citizen account: one answer for every contact, the rest in the message."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import time_machine
from django.test import Client
from django.utils import timezone

from aduan.accounts import citizens
from aduan.accounts.models import User
from aduan.notifications.models import ChannelKind, Outbox
from aduan.notifications.render import Message, render
from aduan.testing import PASSWORD, City, sign_up

GOOD_PASSWORD = "kebun-mangga-di-depan-rumah"


def _ask(contact: str, client: Client | None = None) -> tuple[Any, str]:
    """Type a contact on the sign-up page; the redirect and the page it leads to."""
    client = client or Client()
    response = client.post("/akun/daftar/", {"contact": contact})
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
    # The same page in every case except for the per-request CSRF token.
    return response, re.sub(r'value="[A-Za-z0-9]{64}"', 'value="csrf"', page)


def _message(template: str) -> Message:
    return render(Outbox.objects.filter(template=template).get())


def _path(link: str) -> str:
    return urlsplit(link).path


def test_a_citizen_signs_up_with_email_through_the_link_and_is_signed_in(city: City) -> None:
    client = Client()

    response = sign_up(client, "  Rina@Example.test ", name="Rina", password=GOOD_PASSWORD)

    assert response.status_code == 302 and response["Location"] == "/akun/aduan-saya/"
    user = citizens.find_citizen("email", "rina@example.test")
    assert user is not None and user.is_citizen
    assert user.citizen_email == "rina@example.test" and user.citizen_name == "Rina"
    assert client.get("/akun/aduan-saya/").status_code == 200
    # The message belongs to the account now, so erasing the account erases its address too.
    assert Outbox.objects.get(template="account_signup").recipient_user == user


def test_a_citizen_signs_up_with_a_phone_number_in_any_format(city: City) -> None:
    client = Client()

    sign_up(client, "0812-3456 7890", password=GOOD_PASSWORD)

    row = Outbox.objects.get(template="account_signup")
    assert row.channel == ChannelKind.SMS and row.recipient == "+6281234567890"
    user = citizens.find_citizen("phone", "+6281234567890")
    assert user is not None and user.citizen_phone == "+6281234567890"
    client.logout()
    signed_in = client.post(
        "/akun/masuk/", {"contact": "+62 812 3456 7890", "password": GOOD_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_sign_up_answers_alike_for_a_new_address_a_citizens_and_a_staff_address(
    city: City,
) -> None:
    new_response, new_page = _ask("baru@example.test")
    citizen_response, citizen_page = _ask("warga@example.test")
    staff_response, staff_page = _ask(city.officer_a.email)
    new_phone, new_phone_page = _ask("0813 1111 0000")
    citizen_phone, citizen_phone_page = _ask("0812-1111-2222")

    for response in (new_response, citizen_response, staff_response, new_phone, citizen_phone):
        assert response.status_code == 302 and response["Location"] == "/akun/daftar/terkirim/"
    assert "sudah terdaftar" not in citizen_page + staff_page + citizen_phone_page
    assert new_page.replace("baru@example.test", "ADDRESS") == citizen_page.replace(
        "warga@example.test", "ADDRESS"
    )
    assert new_page.replace("baru@example.test", "ADDRESS") == staff_page.replace(
        city.officer_a.email, "ADDRESS"
    )
    assert new_phone_page.replace("+6281311110000", "NUMBER") == citizen_phone_page.replace(
        "+6281211112222", "NUMBER"
    )
    assert "Periksa email Anda" in new_page and "Periksa pesan di HP Anda" in new_phone_page
    assert User.objects.filter(is_citizen=True).count() == 1  # only the cast's citizen


def test_the_owner_of_an_existing_citizen_account_is_told_by_message(city: City) -> None:
    _ask("WARGA@example.test")

    row = Outbox.objects.get()
    message = render(row)
    assert row.template == "account_exists" and row.channel == ChannelKind.EMAIL
    assert row.recipient == "warga@example.test" and row.recipient_user == city.citizen
    assert "mencoba membuat akun baru dengan email atau nomor HP ini" in message.text
    assert "/akun/masuk/" in message.text
    reset = re.search(r"https?://\S+/akun/sandi-baru/\S+/", message.text)
    assert reset is not None and message.link == reset.group(0)
    # The row itself holds no link: the admin shows it, and a link there could be used by anyone.
    assert "sandi-baru" not in str(row.context) and "daftar/lanjut" not in str(row.context)


def test_a_citizen_registered_by_phone_is_told_by_sms(city: City) -> None:
    _ask("+62 812 1111 2222")

    row = Outbox.objects.get()
    assert row.template == "account_exists" and row.channel == ChannelKind.SMS
    assert row.recipient == "+6281211112222" and row.recipient_user == city.citizen
    assert "/akun/sandi-baru/" in render(row).short_text


def test_a_staff_address_is_pointed_to_the_staff_pages(city: City) -> None:
    _ask(city.officer_a.email.upper())

    row = Outbox.objects.get()
    message = render(row)
    assert row.template == "account_exists" and row.recipient_user == city.officer_a
    assert "akun petugas" in message.text
    assert "/staf/masuk/" in message.text and "/staf/lupa-sandi/" in message.text
    assert message.link.endswith("/staf/masuk/")
    assert "/akun/sandi-baru/" not in message.text


def test_the_link_finishes_the_account_once(city: City) -> None:
    Client().post("/akun/daftar/", {"contact": "dewi@example.test"})
    path = _path(_message("account_signup").link)
    data = {"name": "Dewi", "password": GOOD_PASSWORD, "password2": GOOD_PASSWORD}

    first = Client().post(path, data)
    again = Client().post(path, {**data, "password": "lain-" + GOOD_PASSWORD})

    assert first.status_code == 302
    assert "Alamat ini sudah punya akun" in again.content.decode()
    assert User.objects.filter(is_citizen=True).count() == 2
    signed_in = Client().post(
        "/akun/masuk/", {"contact": "dewi@example.test", "password": GOOD_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_an_expired_or_damaged_link_opens_nothing(city: City) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        Client().post("/akun/daftar/", {"contact": "dewi@example.test"})
        path = _path(_message("account_signup").link)
        clock.shift(timedelta(hours=25))
        expired = Client().get(path)
    damaged = Client().get(path[:-8] + "AAAAAAA/")

    for response in (expired, damaged):
        assert response.status_code == 400
        assert "Tautan ini tidak berlaku" in response.content.decode()
    assert citizens.find_citizen("email", "dewi@example.test") is None


def test_weak_and_mismatched_passwords_are_refused_on_the_finishing_page(city: City) -> None:
    Client().post("/akun/daftar/", {"contact": "a@example.test"})
    path = _path(_message("account_signup").link)

    weak = Client().post(path, {"password": "12345678", "password2": "12345678"})
    mismatched = Client().post(path, {"password": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"})

    assert "Ada yang perlu diperbaiki" in weak.content.decode()
    assert "Kedua kata sandi tidak sama" in mismatched.content.decode()
    assert citizens.find_citizen("email", "a@example.test") is None


def test_something_that_is_neither_email_nor_phone_is_refused(city: City) -> None:
    html = Client().post("/akun/daftar/", {"contact": "bukan kontak"}).content.decode()

    assert "Masukkan alamat email atau nomor HP Indonesia" in html
    assert "Kesalahan:" in html  # the page title says so too
    assert not Outbox.objects.exists()


def test_one_address_gets_at_most_three_messages_an_hour_and_the_page_says_the_same(
    city: City,
) -> None:
    pages = [_ask("warga@example.test", Client(REMOTE_ADDR=f"203.0.113.{n}"))[1] for n in range(5)]

    assert Outbox.objects.filter(template="account_exists").count() == 3
    assert len(set(pages)) == 1


def test_a_citizen_chooses_a_new_password_from_the_sent_link(city: City) -> None:
    signin = Client().get("/akun/masuk/").content.decode()
    assert "Lupa kata sandi?" in signin and 'href="/akun/daftar/"' in signin
    _ask("warga@example.test")
    text = _message("account_exists").text
    reset = re.search(r"https?://\S+/akun/sandi-baru/\S+/", text)
    assert reset is not None
    path = _path(reset.group(0))
    new = "jeruk-nipis-di-pagi-hari"

    response = Client().post(path, {"password": new, "password2": new})
    used_again = Client().get(path)

    assert response.status_code == 302 and response["Location"] == "/akun/masuk/"
    assert (
        Client()
        .post("/akun/masuk/", {"contact": "warga@example.test", "password": new})
        .status_code
        == 302
    )
    old = Client().post("/akun/masuk/", {"contact": "warga@example.test", "password": PASSWORD})
    assert old.status_code == 200
    assert used_again.status_code == 400


def test_the_owner_is_told_in_the_language_of_their_account(city: City) -> None:
    city.citizen.language = "en"
    city.citizen.save(update_fields=["language"])

    _ask("warga@example.test")

    message = _message("account_exists")
    assert message.subject.startswith("Someone tried to sign up with your email address")
    assert "Forgotten your password? Choose a new one with this link" in message.text
