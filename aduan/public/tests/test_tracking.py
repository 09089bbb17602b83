"""Following a complaint by code, and the reporter's answers through the secret link."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.lib.signing import reporter_token
from aduan.public.tests.conftest import upload
from aduan.testing import City, complaint_in, photo, submit

pytestmark = pytest.mark.django_db


def secret_link(complaint: Complaint) -> str:
    return f"/lacak/{complaint.tracking_code}/?kunci={reporter_token(complaint.tracking_code)}"


def test_the_home_box_takes_a_code_typed_loosely_to_its_page(client: Any, city: City) -> None:
    complaint = submit(city)
    typed = complaint.tracking_code.lower().replace("-", " ")
    response = client.get("/lacak/", {"kode": typed})
    assert response["Location"] == f"/lacak/{complaint.tracking_code}/"


def test_an_unknown_code_gets_an_error_summary_not_a_404_page(client: Any, city: City) -> None:
    response = client.get("/lacak/", {"kode": "ADU-222-333-444"})
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert "Kode lacak tidak ditemukan" in page
    malformed = client.get("/lacak/", {"kode": "halo"}).content.decode()
    assert "Kode lacak terdiri dari ADU dan 9 huruf/angka" in malformed
    direct = client.get("/lacak/ADU-222-333-444/")
    assert direct.status_code == 404
    assert "Kode lacak tidak ditemukan" in direct.content.decode()


def test_the_tracking_page_shows_status_agency_due_date_and_public_timeline(
    client: Any, city: City
) -> None:
    complaint = complaint_in(city, Status.IN_PROGRESS)
    actions.post_update(
        complaint, by=city.officer_a, message="Tim sudah survei lokasi.", photos=[photo()]
    )
    actions.post_update(complaint, by=city.officer_a, message="Catatan internal", public=False)
    page = client.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "Proses" in page
    assert "Dinas PUPR" in page
    assert "Penyelesaian:" in page  # the current step and its due date
    assert "Tim sudah survei lokasi." in page
    assert "Catatan internal" not in page
    assert "Siti Aminah" not in page and "081234567890" not in page
    attachment = complaint.attachments.get()
    assert f"/lampiran/{attachment.pk}/kecil/" in page


def test_public_photos_are_served_with_safe_headers(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.ROUTED, photos=[photo()])
    attachment = complaint.attachments.get()
    response = client.get(f"/lampiran/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client.get(f"/lampiran/{attachment.pk}/kecil/")["Content-Type"] == "image/jpeg"


def test_photos_of_rahasia_complaints_and_internal_photos_are_not_served(
    client: Any, city: City
) -> None:
    secret = submit(city, is_confidential=True, photos=[photo()])
    assert client.get(f"/lampiran/{secret.attachments.get().pk}/").status_code == 404
    complaint = complaint_in(city, Status.IN_PROGRESS)
    actions.post_update(
        complaint, by=city.officer_a, message="internal", public=False, photos=[photo()]
    )
    internal = complaint.attachments.get()
    assert client.get(f"/lampiran/{internal.pk}/").status_code == 404


def test_a_rahasia_complaint_is_unknown_without_the_secret_link(client: Any, city: City) -> None:
    complaint = submit(city, category=city.bribe, title="Pungli di kantor X")
    page = client.get(f"/lacak/{complaint.tracking_code}/")
    assert page.status_code == 404
    assert "Pungli di kantor X" not in page.content.decode()
    box = client.get("/lacak/", {"kode": complaint.tracking_code}).content.decode()
    assert "Kode lacak tidak ditemukan" in box


def test_the_reporter_of_a_rahasia_complaint_sees_only_its_status(client: Any, city: City) -> None:
    complaint = submit(city, category=city.bribe, title="Pungli di kantor X")
    client.get(secret_link(complaint))
    page = client.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "Belum Terverifikasi" in page
    assert "Pungli di kantor X" not in page
    assert "Linimasa" not in page


def test_the_secret_link_is_checked_once_and_leaves_the_address_bar(
    client: Any, city: City
) -> None:
    complaint = submit(city)
    response = client.get(secret_link(complaint))
    assert response["Location"] == f"/lacak/{complaint.tracking_code}/"


def test_a_tampered_secret_link_gets_a_clear_message(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.NEEDS_INFO)
    response = client.get(secret_link(complaint)[:-3] + "xyz")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Tautan rahasia ini tidak sah" in page
    assert "Kirim jawaban" not in page
    other = submit(city)
    wrong = f"/lacak/{complaint.tracking_code}/?kunci={reporter_token(other.tracking_code)}"
    assert "Tautan rahasia ini tidak sah" in client.get(wrong).content.decode()


def test_the_reporter_answers_an_information_request(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.NEEDS_INFO)
    client.get(secret_link(complaint))
    page = client.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "Di sisi jalan sebelah mana?" in page
    response = client.post(
        f"/lacak/{complaint.tracking_code}/jawab/",
        {"jawab-answer": "Sisi utara, dekat halte.", "jawab-photos": [upload()]},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED
    entry = complaint.timeline.get(kind="info_provided")
    assert entry.message == "Sisi utara, dekat halte."
    assert entry.attachments.count() == 1
    followed = client.get(response["Location"]).content.decode()
    assert "Jawaban Anda sudah kami terima" in followed


def test_an_empty_answer_is_asked_for_again(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.NEEDS_INFO)
    client.get(secret_link(complaint))
    response = client.post(f"/lacak/{complaint.tracking_code}/jawab/", {"jawab-answer": ""})
    assert response.status_code == 400
    assert "Tuliskan jawaban Anda." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.NEEDS_INFO


def test_someone_without_the_link_cannot_answer(city: City) -> None:
    complaint = complaint_in(city, Status.NEEDS_INFO)
    response = Client().post(
        f"/lacak/{complaint.tracking_code}/jawab/", {"jawab-answer": "Saya bukan pelapor"}
    )
    assert response.status_code == 403
    assert "Hanya pelapor yang dapat menjawab" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.NEEDS_INFO


def test_the_reporter_confirms_a_resolution_with_a_rating(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    client.get(secret_link(complaint))
    page = client.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "Lubang sudah ditambal." in page
    response = client.post(
        f"/lacak/{complaint.tracking_code}/konfirmasi/",
        {"konfirmasi-rating": "4", "konfirmasi-comment": "Cepat, terima kasih"},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.rating == 4
    assert complaint.rating_comment == "Cepat, terima kasih"


def test_a_rating_outside_1_to_5_is_refused(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    client.get(secret_link(complaint))
    response = client.post(
        f"/lacak/{complaint.tracking_code}/konfirmasi/", {"konfirmasi-rating": "9"}
    )
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED


def test_the_reporter_disputes_a_resolution_with_a_photo(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    client.get(secret_link(complaint))
    response = client.post(
        f"/lacak/{complaint.tracking_code}/sanggah/",
        {"sanggah-reason": "Lubang masih ada.", "sanggah-photos": [upload()]},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.timeline.get(kind="disputed").attachments.count() == 1


def test_a_dispute_with_a_non_image_changes_nothing(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    client.get(secret_link(complaint))
    response = client.post(
        f"/lacak/{complaint.tracking_code}/sanggah/",
        {"sanggah-reason": "Lubang masih ada.", "sanggah-photos": [upload("x.jpg", b"GIF89a")]},
    )
    assert response.status_code == 400
    assert "bukan foto" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED


def test_a_signed_in_reporter_needs_no_secret_link(client: Any, city: City) -> None:
    complaint = complaint_in(
        city,
        Status.RESOLVED,
        reporter=actions.ReporterDetails(name="Warga", user=city.citizen),
    )
    client.force_login(city.citizen)
    response = client.post(
        f"/lacak/{complaint.tracking_code}/konfirmasi/", {"konfirmasi-rating": "5"}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_acting_twice_gets_a_message_not_an_error_page(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    client.get(secret_link(complaint))
    url = f"/lacak/{complaint.tracking_code}/konfirmasi/"
    client.post(url, {"konfirmasi-rating": "5"})
    again = client.post(url, {"konfirmasi-rating": "5"})
    assert again.status_code == 409
    assert "tidak dapat dilakukan karena status aduan sekarang" in again.content.decode()
