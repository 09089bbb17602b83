"""Bad input on the report: each gets a clear message, the other answers stay, nothing half-stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.complaints.models import Attachment, Complaint
from aduan.lib.tests.test_images import png_header_only
from aduan.public.tests.conftest import fill_report, send, upload
from aduan.testing import City

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def test_a_file_that_is_not_an_image_is_refused(client: Any, city: City) -> None:
    fill_report(client, city)
    response = client.post(
        "/aduan/baru/foto/", {"photos": [upload("surat.pdf", b"%PDF-1.4 ...", "image/jpeg")]}
    )
    page = response.content.decode()
    assert "error-summary" in page
    assert "surat.pdf: Berkas ini bukan foto JPEG, PNG, atau WebP." in page
    assert client.session["aduan_draft"]["photos"] == []


def test_a_decompression_bomb_is_refused(client: Any, city: City) -> None:
    fill_report(client, city)
    bomb = upload("bom.png", png_header_only(60_000, 60_000), "image/png")
    page = client.post("/aduan/baru/foto/", {"photos": [bomb]}).content.decode()
    assert "lebih dari 40 megapiksel" in page
    assert client.session["aduan_draft"]["photos"] == []


def test_a_50_mb_upload_is_refused_and_the_good_photo_beside_it_is_not_half_stored(
    client: Any, city: City
) -> None:
    fill_report(client, city)
    huge = SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff" + b"\0" * (50 * 1024 * 1024))
    page = client.post("/aduan/baru/foto/", {"photos": [upload("kecil.jpg"), huge]})
    assert "besar.jpg terlalu besar. Ukuran paling besar 10 MB per foto." in page.content.decode()
    assert client.session["aduan_draft"]["photos"] == []
    assert client.session["aduan_draft"]["title"] == "Jalan berlubang di depan SDN 3"


def test_invalid_utf8_gets_a_message_and_other_answers_stay(client: Any, city: City) -> None:
    fill_report(client, city)
    body = b"title=Judul+yang+baik&description=caf%C3%A9+%FF%FE+rusak&occurred_time=kemarin"
    response = client.post(
        "/aduan/baru/kejadian/", body, content_type="application/x-www-form-urlencoded"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Teks berisi karakter yang tidak dapat dibaca" in page
    assert 'value="Judul yang baik"' in page
    assert client.session["aduan_draft"]["title"] == "Jalan berlubang di depan SDN 3"


def test_10000_characters_of_text_are_refused_with_the_limit(client: Any, city: City) -> None:
    fill_report(client, city)
    response = client.post(
        "/aduan/baru/kejadian/",
        {"title": "Judul", "description": "a" * 10_000, "occurred_time": "kemarin"},
    )
    page = response.content.decode()
    assert "Paling banyak 5000 karakter (sekarang 10000)." in page
    assert 'href="#id_description"' in page
    assert "<title>Kesalahan:" in page


def test_script_in_every_field_is_shown_as_text(client: Any, city: City) -> None:
    evil = "<script>alert(1)</script>"
    fill_report(client, city)
    client.post(
        "/aduan/baru/kejadian/",
        {
            "title": evil,
            "description": evil,
            "occurred_time": evil,
            "parties_involved": evil,
        },
    )
    client.post("/aduan/baru/lokasi/", {"area": "36.71.01.1001", "address": evil})
    client.post("/aduan/baru/kontak/", {"name": evil, "phone_channel": "whatsapp"})
    page = client.get("/aduan/baru/periksa/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    send(client)
    complaint = Complaint.objects.get()
    tracking = client.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "<script>alert" not in tracking
    assert "&lt;script&gt;" in tracking
    assert "<script>alert" not in client.get("/").content.decode()


def test_a_nul_pasted_into_the_text_is_dropped_and_the_report_is_sent(
    client: Any, city: City
) -> None:
    # Text copied out of another program can carry an invisible NUL, which PostgreSQL refuses.
    fill_report(client, city)
    response = client.post(
        "/aduan/baru/kejadian/",
        {
            "title": "Jalan\x00 berlubang",
            "description": "Lubang besar\x00 di depan sekolah, berbahaya bagi motor.",
            "occurred_time": "pagi\x00",
        },
    )
    assert response.status_code == 302
    assert client.post("/aduan/baru/lokasi/", {"area": "36.71.01.1001"}).status_code == 302
    assert send(client).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.title == "Jalan berlubang"
    assert complaint.description == "Lubang besar di depan sekolah, berbahaya bagi motor."


def test_a_script_in_the_search_box_is_shown_as_text(client: Any, city: City) -> None:
    page = client.get("/aduan/baru/kategori/", {"q": "<script>x</script>"}).content.decode()
    assert "<script>x" not in page


def test_a_kelurahan_that_does_not_exist_is_refused(client: Any, city: City) -> None:
    fill_report(client, city)
    page = client.post("/aduan/baru/lokasi/", {"area": "99.99"}).content.decode()
    assert "Pilih kelurahan/desa dari daftar." in page


def test_a_future_date_is_refused(client: Any, city: City) -> None:
    page = client.post(
        "/aduan/baru/kejadian/",
        {"title": "x", "description": "y", "occurred_on": "2999-01-01"},
    ).content.decode()
    assert "tidak boleh setelah hari ini" in page


def test_a_wrong_phone_number_is_explained(client: Any, city: City) -> None:
    fill_report(client, city)
    page = client.post(
        "/aduan/baru/kontak/", {"phone": "12", "phone_channel": "whatsapp"}
    ).content.decode()
    assert "Tuliskan nomor telepon Indonesia yang benar" in page


def test_a_stale_form_token_stores_nothing(client: Any, city: City) -> None:
    fill_report(client, city)
    response = client.post("/aduan/baru/periksa/", {"token": "lama"})
    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()
    assert not Complaint.objects.exists()
    assert not Attachment.objects.exists()
