"""What a reporter writes after sending (an answer, a rating comment, a dispute) is public only if
they chose so: each form says it and defaults to "no"; staff and the reporter still read it."""

from __future__ import annotations

import pytest
from django.test import Client

from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.lib.signing import reporter_token
from aduan.public.tests.conftest import upload
from aduan.testing import City, complaint_in, staff_login

pytestmark = pytest.mark.django_db


def _reporter(complaint: Complaint) -> Client:
    client = Client()
    code = complaint.tracking_code
    client.get(f"/lacak/{code}/?kunci={reporter_token(code)}")
    return client


def _public_page(complaint: Complaint) -> str:
    return str(Client().get(f"/lacak/{complaint.tracking_code}/").content.decode())


def _verify(city: City, complaint: Complaint) -> None:
    actions.verify_complaint(complaint, by=city.verifier, target=city.agency_a)


def _staff_page(city: City, complaint: Complaint) -> str:
    client = Client()
    staff_login(client, city.verifier)
    return str(client.get(f"/staf/aduan/{complaint.tracking_code}/").content.decode())


@pytest.mark.parametrize(
    ("page", "status", "legend"),
    [
        ("jawab", Status.NEEDS_INFO, "Tampilkan jawaban ini untuk umum?"),
        ("konfirmasi", Status.RESOLVED, "Tampilkan komentar ini untuk umum?"),
        ("sanggah", Status.RESOLVED, "Tampilkan sanggahan ini untuk umum?"),
    ],
)
def test_each_form_asks_whether_it_may_be_public_and_defaults_to_no(
    city: City, page: str, status: str, legend: str
) -> None:
    complaint = complaint_in(city, status)
    html = _reporter(complaint).get(f"/lacak/{complaint.tracking_code}/{page}/").content.decode()
    assert legend in html
    assert "Tidak. Hanya Anda dan petugas yang dapat membacanya." in html
    assert "Ya. Tampilkan untuk umum di halaman aduan ini" in html
    no = html.index(f'name="{page}-public" value="0"')
    assert "checked" in html[no : html.index(">", no)]


def test_an_answer_stays_between_the_reporter_and_staff_by_default(city: City) -> None:
    complaint = complaint_in(city, Status.NEEDS_INFO)
    reporter = _reporter(complaint)
    reporter.post(
        f"/lacak/{complaint.tracking_code}/jawab/",
        {"jawab-answer": "Rumah saya nomor 12, di sisi utara.", "jawab-photos": [upload()]},
    )
    complaint.refresh_from_db()
    _verify(city, complaint)
    public = _public_page(complaint)
    assert "Informasi diberikan" in public  # the event is public, its words are not
    assert "Rumah saya nomor 12" not in public
    assert "Isinya tidak ditampilkan untuk umum atas pilihan pelapor." in public
    photo = complaint.attachments.get(timeline_entry__kind="info_provided")
    assert Client().get(f"/lampiran/{photo.pk}/").status_code == 404
    own = reporter.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "Rumah saya nomor 12" in own and "hanya Anda dan petugas" in own
    assert reporter.get(f"/lampiran/{photo.pk}/").status_code == 200
    assert "Rumah saya nomor 12" in _staff_page(city, complaint)


def test_an_answer_the_reporter_chose_to_show_is_public(city: City) -> None:
    complaint = complaint_in(city, Status.NEEDS_INFO)
    _reporter(complaint).post(
        f"/lacak/{complaint.tracking_code}/jawab/",
        {"jawab-answer": "Sisi utara, dekat halte.", "jawab-public": "1"},
    )
    _verify(city, complaint)
    assert "Sisi utara, dekat halte." in _public_page(complaint)


def test_a_rating_comment_is_not_public_unless_chosen(city: City) -> None:
    kept = complaint_in(city, Status.RESOLVED)
    _reporter(kept).post(
        f"/lacak/{kept.tracking_code}/konfirmasi/",
        {"konfirmasi-rating": "2", "konfirmasi-comment": "Petugas Budi tidak sopan."},
    )
    kept.refresh_from_db()
    assert kept.status == Status.CLOSED and kept.rating_comment == "Petugas Budi tidak sopan."
    assert "Petugas Budi" not in _public_page(kept)
    assert "Petugas Budi tidak sopan." in _staff_page(city, kept)

    shown = complaint_in(city, Status.RESOLVED)
    _reporter(shown).post(
        f"/lacak/{shown.tracking_code}/konfirmasi/",
        {"konfirmasi-rating": "5", "konfirmasi-comment": "Cepat sekali.", "konfirmasi-public": "1"},
    )
    assert "Cepat sekali." in _public_page(shown)


def test_a_dispute_and_its_photo_are_not_public_unless_chosen(city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    reporter = _reporter(complaint)
    reporter.post(
        f"/lacak/{complaint.tracking_code}/sanggah/",
        {"sanggah-reason": "Lubang di depan rumah saya masih ada.", "sanggah-photos": [upload()]},
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    public = _public_page(complaint)
    assert "Disanggah pelapor" in public
    assert "Lubang di depan rumah saya" not in public
    photo = complaint.attachments.get(timeline_entry__kind="disputed")
    assert Client().get(f"/lampiran/{photo.pk}/").status_code == 404
    assert "Lubang di depan rumah saya" in _staff_page(city, complaint)


def test_a_rahasia_complaint_offers_no_choice_and_keeps_the_words_private(city: City) -> None:
    complaint = complaint_in(city, Status.NEEDS_INFO, category=city.bribe)
    reporter = _reporter(complaint)
    html = reporter.get(f"/lacak/{complaint.tracking_code}/jawab/").content.decode()
    assert "Tampilkan jawaban ini untuk umum?" not in html
    assert "Aduan ini rahasia" in html
    reporter.post(
        f"/lacak/{complaint.tracking_code}/jawab/",
        {"jawab-answer": "Di loket 3.", "jawab-public": "1"},  # a forged choice changes nothing
    )
    entry = complaint.timeline.get(kind="info_provided")
    assert entry.message == "Di loket 3." and not entry.message_public


def test_a_nonsense_choice_is_explained_and_nothing_changes(city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    response = _reporter(complaint).post(
        f"/lacak/{complaint.tracking_code}/konfirmasi/",
        {"konfirmasi-rating": "5", "konfirmasi-public": "mungkin"},
    )
    assert response.status_code == 400
    assert "Pilih Ya atau Tidak." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED


def test_a_dispute_recorded_by_staff_is_not_public(city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    actions.reopen_on_dispute(
        complaint, by=city.verifier, reason="Pak RT bilang masih bocor.", channel="phone"
    )
    assert "Pak RT bilang masih bocor." not in _public_page(complaint)
