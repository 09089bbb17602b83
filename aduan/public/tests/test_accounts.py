"""Optional citizen accounts: sign in, sign out, "Aduan saya" and preferences (sign-up: test_sign_up.py)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from aduan.complaints import actions, support
from aduan.complaints.models import Follower
from aduan.public import accounts
from aduan.testing import PASSWORD, City, submit


def _sign_in(client: Client, contact: str, password: str) -> Any:
    return client.post("/akun/masuk/", {"contact": contact, "password": password})


def test_signing_in_with_email_and_the_right_password(city: City) -> None:
    client = Client()

    response = _sign_in(client, "warga@example.test", PASSWORD)

    assert response.status_code == 302
    assert client.get("/akun/aduan-saya/").context["user"] == city.citizen


def test_a_wrong_password_gets_one_message_that_does_not_say_which_part_was_wrong(
    city: City,
) -> None:
    wrong_password = _sign_in(Client(), "warga@example.test", "salah-sekali-123")
    unknown = _sign_in(Client(), "siapa@example.test", "salah-sekali-123")

    message = "Email/nomor HP atau kata sandi salah."
    assert message in wrong_password.content.decode()
    assert message in unknown.content.decode()
    assert "_auth_user_id" not in wrong_password.wsgi_request.session


def test_staff_cannot_sign_in_here(city: City) -> None:
    for staff in (city.officer_a, city.verifier, city.administrator):
        client = Client()
        html = _sign_in(client, staff.email, PASSWORD).content.decode()
        assert "Akun petugas tidak dapat masuk di sini" in html
        assert "_auth_user_id" not in client.session


def test_signed_in_staff_are_turned_away_from_citizen_pages(city: City) -> None:
    client = Client()
    client.force_login(city.officer_a)

    response = client.get("/akun/aduan-saya/")

    assert response.status_code == 403
    assert "halaman petugas" in response.content.decode()


def test_sign_in_attempts_for_one_contact_are_throttled(city: City) -> None:
    client = Client()
    for _ in range(accounts.SIGN_IN_THROTTLE.limit):
        _sign_in(client, "warga@example.test", "salah-sekali-123")

    html = _sign_in(client, "warga@example.test", PASSWORD).content.decode()

    assert "Terlalu banyak percobaan masuk" in html
    assert "_auth_user_id" not in client.session


def test_a_stranger_elsewhere_cannot_lock_a_citizen_out(city: City) -> None:
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(accounts.SIGN_IN_THROTTLE.limit * 2):
        _sign_in(stranger, "warga@example.test", "salah-sekali-123")

    owner = Client(REMOTE_ADDR="198.51.100.7")
    signed_in = _sign_in(owner, "warga@example.test", PASSWORD)
    still_guessing = _sign_in(stranger, "warga@example.test", PASSWORD)

    assert signed_in.status_code == 302
    assert owner.get("/akun/aduan-saya/").context["user"] == city.citizen
    assert "Terlalu banyak percobaan masuk" in still_guessing.content.decode()
    assert "_auth_user_id" not in stranger.session


def test_my_complaints_shows_only_mine_and_the_ones_i_follow(
    city: City, published_as_sent: None
) -> None:
    mine = submit(
        city,
        title="Aduan saya sendiri",
        reporter=actions.ReporterDetails(email="warga@example.test", user=city.citizen),
    )
    someone_else = submit(city, title="Aduan orang lain")
    followed = submit(city, title="Aduan yang saya dukung")
    support.support_complaint(followed, by=city.citizen, follow=True)
    client = Client()
    client.force_login(city.citizen)

    html = client.get("/akun/aduan-saya/").content.decode()

    assert mine.title in html and followed.title in html
    assert someone_else.title not in html
    assert f"/lacak/{mine.tracking_code}/" in html


def test_my_complaints_needs_an_account(city: City) -> None:
    response = Client().get("/akun/aduan-saya/")

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=")


def test_preferences_change_language_and_notifications_per_complaint(
    city: City, published_as_sent: None
) -> None:
    mine = submit(
        city, reporter=actions.ReporterDetails(email="warga@example.test", user=city.citizen)
    )
    followed = submit(city, title="Aduan yang saya ikuti")
    support.support_complaint(followed, by=city.citizen, follow=True)
    own = Follower.objects.get(complaint=mine, reporter__user=city.citizen)
    supporting = Follower.objects.get(complaint=followed, user=city.citizen)
    client = Client()
    client.force_login(city.citizen)
    page = client.get("/akun/pengaturan/").content.decode()
    assert "Aduan yang saya ikuti" in page and mine.tracking_code in page

    response = client.post("/akun/pengaturan/", {"language": "en", f"notify_{own.pk}": "on"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    city.citizen.refresh_from_db()
    own.refresh_from_db()
    supporting.refresh_from_db()
    assert city.citizen.language == "en"
    assert own.notify is True and supporting.notify is False
    assert own.reporter is not None and own.reporter.language == "en"


def test_signing_out_needs_post(city: City) -> None:
    client = Client()
    client.force_login(city.citizen)

    client.get("/akun/keluar/")
    assert "_auth_user_id" in client.session
    response = client.post("/akun/keluar/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_next_after_sign_in_stays_on_this_site(city: City) -> None:
    inside = Client().post(
        "/akun/masuk/",
        {"contact": "warga@example.test", "password": PASSWORD, "next": "/akun/pengaturan/"},
    )
    outside = Client().post(
        "/akun/masuk/",
        {"contact": "warga@example.test", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert inside["Location"] == "/akun/pengaturan/"
    assert outside["Location"] == "/akun/aduan-saya/"


def test_many_failures_from_one_address_block_it_for_a_while(city: City) -> None:
    client = Client()
    for n in range(accounts.SIGN_IN_IP_THROTTLE.limit):
        _sign_in(client, f"orang{n}@example.test", "salah-sekali-123")

    html = _sign_in(client, "warga@example.test", PASSWORD).content.decode()

    assert "Terlalu banyak percobaan masuk" in html
