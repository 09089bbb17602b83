"""A citizen reports a problem step by step, checks the answers and gets a tracking code."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from aduan.agencies.models import Category
from aduan.complaints.models import Complaint
from aduan.privacy.models import Consent
from aduan.public.tests.conftest import fill_report, send, upload
from aduan.testing import City

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def test_a_citizen_goes_from_home_to_confirmation(client: Any, city: City) -> None:
    home = client.get("/")
    assert "Buat Aduan" in home.content.decode()
    fill_report(client, city)
    check = client.get("/aduan/baru/periksa/")
    page = check.content.decode()
    assert "Jalan berlubang di depan SDN 3" in page
    assert "Sukarasa" in page and "Kecamatan Tangerang" in page
    assert "+6281234567890 (Whatsapp)" in page

    sent = send(client)
    complaint = Complaint.objects.get()
    assert sent["Location"] == f"/aduan/terkirim/{complaint.tracking_code}/"
    assert complaint.title == "Jalan berlubang di depan SDN 3"
    assert complaint.area == city.kelurahan
    assert str(complaint.occurred_on) == "2026-11-20"
    assert complaint.reporter is not None
    assert complaint.reporter.phone == "+6281234567890"
    assert complaint.channel_id == "web"
    assert Consent.objects.get(reporter=complaint.reporter).notice_version == "2026-1"

    confirmation = client.get(sent["Location"]).content.decode()
    assert complaint.tracking_code in confirmation
    assert "?kunci=" in confirmation  # the secret link, shown to the browser that sent it


def test_the_confirmation_page_shows_the_deadlines_from_the_rules(client: Any, city: City) -> None:
    from aduan.agencies.models import DeadlineRule

    DeadlineRule.objects.filter(step="verification", classification="").update(amount=2)
    fill_report(client, city)
    page = client.get(send(client)["Location"]).content.decode()
    assert "Batas waktu: 2 hari kerja" in page
    assert "Batas waktu: 14 hari kerja" in page  # completion of a pengaduan


def test_the_confirmation_page_of_an_urgent_report_gives_the_agencys_deadline(
    client: Any, city: City
) -> None:
    fill_report(client, city, category=city.tree)
    page = client.get(send(client)["Location"]).content.decode()
    complaint = Complaint.objects.get()
    assert complaint.agency == city.agency_b
    assert "Aduan Anda langsung diteruskan ke DLH. Tindak lanjut pertama paling lambat" in page
    assert "Verifikasi aduan Anda paling lambat" not in page
    assert "Verifikasi dan disposisi" not in page


def test_the_confirmation_page_of_a_report_for_the_desk_gives_the_verification_deadline(
    client: Any, city: City
) -> None:
    fill_report(client, city)
    page = client.get(send(client)["Location"]).content.decode()
    assert "Verifikasi aduan Anda paling lambat" in page
    assert "langsung diteruskan" not in page


def test_the_confirmation_page_opens_again_only_in_the_browser_that_sent_it(
    client: Any, city: City
) -> None:
    fill_report(client, city)
    url = send(client)["Location"]
    code = Complaint.objects.get().tracking_code
    again = client.get(url)  # a bookmark, in the same browser
    assert again.status_code == 200
    assert code in again.content.decode() and "kunci=" in again.content.decode()

    client.cookies.clear()
    elsewhere = client.get(url)
    nowhere = client.get("/aduan/terkirim/ADU-AAA-AAA-AAA/")
    assert elsewhere.status_code == nowhere.status_code == 404
    shown = elsewhere.content.decode().replace(url, "")  # the address itself is echoed, no more
    assert code not in shown and "kunci=" not in shown and "Jalan berlubang" not in shown
    assert "hanya dapat dibuka di peramban yang mengirim aduan" in shown


def test_sending_twice_makes_one_complaint(client: Any, city: City) -> None:
    fill_report(client, city)
    token = client.session["aduan_draft"]["token"]
    first = client.post("/aduan/baru/periksa/", {"token": token})
    second = client.post("/aduan/baru/periksa/", {"token": token})
    assert Complaint.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_honeypot_field_stops_a_robot(client: Any, city: City) -> None:
    fill_report(client, city)
    token = client.session["aduan_draft"]["token"]
    response = client.post("/aduan/baru/periksa/", {"token": token, "website": "http://spam"})
    assert response.status_code == 400
    assert "Aduan tidak dapat dikirim" in response.content.decode()
    assert not Complaint.objects.exists()


def test_submissions_are_rate_limited_per_ip(client: Any, city: City, settings: Any) -> None:
    from aduan.public import finish

    for _ in range(finish.SUBMIT_LIMIT):
        fill_report(client, city)
        assert send(client).status_code == 302
    fill_report(client, city)
    response = send(client)
    assert response.status_code == 429
    assert "Terlalu banyak aduan" in response.content.decode()
    assert Complaint.objects.count() == finish.SUBMIT_LIMIT
    # The answers are kept for later.
    assert client.session["aduan_draft"]["title"] == "Jalan berlubang di depan SDN 3"


def test_the_check_page_asks_for_missing_essentials(client: Any, city: City) -> None:
    fill_report(client, city, skip=("/aduan/baru/kejadian/", "/aduan/baru/lokasi/"))
    page = client.get("/aduan/baru/periksa/").content.decode()
    assert "Ceritakan apa yang terjadi." in page
    assert "Sebutkan kapan kejadiannya." in page
    assert "Sebutkan di mana kejadiannya." in page
    assert 'href="/aduan/baru/lokasi/?ubah=1"' in page
    assert "Kirim aduan</button>" not in page
    response = send(client)
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_a_change_link_returns_to_the_check_page(client: Any, city: City) -> None:
    fill_report(client, city)
    response = client.post(
        "/aduan/baru/kejadian/?ubah=1",
        {"title": "Judul baru", "description": "Uraian baru", "occurred_time": "kemarin"},
    )
    assert response["Location"] == "/aduan/baru/periksa/"
    assert "Judul baru" in client.get("/aduan/baru/periksa/").content.decode()


def test_the_draft_survives_a_reload(client: Any, city: City) -> None:
    fill_report(client, city)
    page = client.get("/aduan/baru/kejadian/").content.decode()
    assert 'value="Jalan berlubang di depan SDN 3"' in page
    assert "Lubang sedalam 20 cm" in page


def test_a_sensitive_category_is_always_rahasia_and_anonim(client: Any, city: City) -> None:
    fill_report(client, city, category=city.bribe)
    page = client.get("/aduan/baru/privasi/").content.decode()
    assert "selalu rahasia dan anonim" in page
    client.post("/aduan/baru/privasi/", {})
    send(client)
    complaint = Complaint.objects.get()
    assert complaint.is_confidential and complaint.is_anonymous
    assert complaint.classification == "misconduct"


def test_an_emergency_category_shows_the_emergency_number_first(client: Any, city: City) -> None:
    fire = Category.objects.create(
        slug="kebakaran",
        name="Kebakaran",
        group="Darurat",
        is_emergency=True,
        hotline_text="Damkar: (021) 5582-113",
    )
    client.post("/aduan/baru/", {"classification": "complaint"})
    response = client.post("/aduan/baru/kategori/", {"category": fire.pk})
    assert response["Location"] == "/aduan/baru/darurat/"
    page = client.get("/aduan/baru/darurat/").content.decode()
    assert 'href="tel:112"' in page
    assert "Damkar: (021) 5582-113" in page


def test_the_category_search_works_without_javascript(client: Any, city: City) -> None:
    page = client.get("/aduan/baru/kategori/?q=sampah").content.decode()
    assert "Sampah Menumpuk" in page
    assert "Jalan Rusak" not in page
    nothing = client.get("/aduan/baru/kategori/?q=zzzz").content.decode()
    assert "Tidak ada kategori yang cocok" in nothing


def test_the_nik_is_asked_only_when_the_category_needs_it(client: Any, city: City) -> None:
    fill_report(client, city)
    assert 'name="nik"' not in client.get("/aduan/baru/kontak/").content.decode()
    Category.objects.filter(pk=city.road.pk).update(asks_for_nik=True)
    assert 'name="nik"' in client.get("/aduan/baru/kontak/").content.decode()
    bad = client.post("/aduan/baru/kontak/", {"nik": "1234", "phone_channel": "whatsapp"})
    assert "NIK harus 16 angka" in bad.content.decode()
    client.post("/aduan/baru/kontak/", {"nik": "3671011708900001", "phone_channel": "sms"})
    page = client.get("/aduan/baru/periksa/").content.decode()
    assert "3671********0001" in page
    assert "3671011708900001" not in page
    send(client)
    reporter = Complaint.objects.get().reporter
    assert reporter is not None and reporter.nik == "3671011708900001"


def test_photos_are_uploaded_shown_removed_and_attached(client: Any, city: City) -> None:
    fill_report(client, city)
    response = client.post("/aduan/baru/foto/", {"photos": [upload("a.jpg"), upload("b.jpg")]})
    assert response.status_code == 302
    photos = client.session["aduan_draft"]["photos"]
    assert len(photos) == 2
    thumb = client.get(f"/aduan/baru/foto/{photos[0]['id']}/")
    assert thumb["Content-Type"] == "image/jpeg"
    client.post(f"/aduan/baru/foto/{photos[0]['id']}/hapus/")
    assert len(client.session["aduan_draft"]["photos"]) == 1
    send(client)
    attachment = Complaint.objects.get().attachments.get()
    assert attachment.content_type == "image/jpeg" and attachment.is_public


def test_another_session_cannot_see_a_draft_photo(client: Any, city: City) -> None:
    from django.test import Client

    fill_report(client, city)
    client.post("/aduan/baru/foto/", {"photos": [upload()]})
    photo_id = client.session["aduan_draft"]["photos"][0]["id"]
    assert Client().get(f"/aduan/baru/foto/{photo_id}/").status_code == 404


def test_no_more_than_five_photos(client: Any, city: City) -> None:
    fill_report(client, city)
    client.post("/aduan/baru/foto/", {"photos": [upload(f"{i}.jpg") for i in range(4)]})
    response = client.post("/aduan/baru/foto/", {"photos": [upload("5.jpg"), upload("6.jpg")]})
    assert "Paling banyak 5 foto" in response.content.decode()
    assert len(client.session["aduan_draft"]["photos"]) == 4


def test_a_signed_in_citizen_becomes_the_reporter_user(client: Any, city: City) -> None:
    client.force_login(city.citizen)
    fill_report(client, city)
    send(client)
    reporter = Complaint.objects.get().reporter
    assert reporter is not None and reporter.user == city.citizen
