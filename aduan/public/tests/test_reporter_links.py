"""The "Jawab", "Konfirmasi" and "Sanggah" links in the reporter's messages open a page with the
form: the key is checked as on the tracking page, a GET never acts, the form posts back."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.lib.signing import reporter_token
from aduan.testing import City, complaint_in

pytestmark = pytest.mark.django_db


def link(complaint: Complaint, page: str) -> str:
    """The link exactly as aduan/notifications/render.py writes it into a message."""
    code = complaint.tracking_code
    return f"/lacak/{code}/{page}/?kunci={reporter_token(code)}"


def _open(client: Client, url: str) -> Any:
    """Follow the redirect that takes the key out of the address bar."""
    first = client.get(url)
    assert first.status_code == 302
    assert "kunci" not in first["Location"]
    return client.get(first["Location"])


@pytest.mark.parametrize(
    ("page", "status", "heading", "button"),
    [
        ("jawab", Status.NEEDS_INFO, "Jawab pertanyaan petugas", "Kirim jawaban"),
        ("konfirmasi", Status.RESOLVED, "Konfirmasi penyelesaian", "Ya, konfirmasi selesai"),
        ("sanggah", Status.RESOLVED, "Sanggah penyelesaian", "Sanggah penyelesaian"),
    ],
)
def test_the_link_in_a_message_opens_the_form_and_changes_nothing(
    city: City, page: str, status: str, heading: str, button: str
) -> None:
    complaint = complaint_in(city, status)
    before = (complaint.status, complaint.version, complaint.timeline.count())
    client = Client()
    response = _open(client, link(complaint, page))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert f'<form method="post" action="/lacak/{complaint.tracking_code}/{page}/"' in html
    assert button in html
    complaint.refresh_from_db()
    assert (complaint.status, complaint.version, complaint.timeline.count()) == before


def test_the_answer_page_shows_the_officers_question(city: City) -> None:
    complaint = complaint_in(city, Status.NEEDS_INFO)
    html = _open(Client(), link(complaint, "jawab")).content.decode()
    assert "Di sisi jalan sebelah mana?" in html
    assert 'enctype="multipart/form-data"' in html


def test_the_confirm_and_dispute_pages_show_the_resolution_and_link_to_each_other(
    city: City,
) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    client = Client()
    confirm = _open(client, link(complaint, "konfirmasi")).content.decode()
    assert "Lubang sudah ditambal." in confirm
    assert "<legend" in confirm and "Seberapa puas Anda" in confirm  # radios in a fieldset
    assert f'href="/lacak/{complaint.tracking_code}/sanggah/"' in confirm
    dispute = client.get(f"/lacak/{complaint.tracking_code}/sanggah/").content.decode()
    assert "Lubang sudah ditambal." in dispute
    assert f'href="/lacak/{complaint.tracking_code}/konfirmasi/"' in dispute


def test_the_form_page_posts_back_to_itself_and_acts_without_javascript(city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    client = Client()
    _open(client, link(complaint, "konfirmasi"))
    response = client.post(
        f"/lacak/{complaint.tracking_code}/konfirmasi/",
        {"konfirmasi-rating": "5", "konfirmasi-comment": "Terima kasih."},
    )
    assert response["Location"] == f"/lacak/{complaint.tracking_code}/"
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.rating == 5


def test_a_mistake_on_the_form_page_comes_back_with_an_error_summary(city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    client = Client()
    _open(client, link(complaint, "sanggah"))
    response = client.post(f"/lacak/{complaint.tracking_code}/sanggah/", {"sanggah-reason": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Kesalahan: Sanggah penyelesaian" in html
    assert 'class="error-summary"' in html
    assert 'href="#id_sanggah-reason"' in html and "Tuliskan alasan Anda." in html
    assert "<h1>Sanggah penyelesaian</h1>" in html  # still the same page, with its form


def test_a_wrong_key_is_refused_as_on_the_tracking_page(city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED)
    url = f"/lacak/{complaint.tracking_code}/konfirmasi/?kunci=rusak"
    response = Client().get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Tautan rahasia ini tidak sah" in html
    assert "Ya, konfirmasi selesai" not in html


def test_a_wrong_key_for_a_rahasia_complaint_reveals_nothing(city: City) -> None:
    complaint = complaint_in(city, Status.RESOLVED, category=city.bribe, title="Pungli di loket")
    response = Client().get(f"/lacak/{complaint.tracking_code}/sanggah/?kunci=rusak")
    assert response.status_code == 404
    assert "Pungli" not in response.content.decode()


def test_without_the_key_a_stranger_gets_no_form(city: City) -> None:
    complaint = complaint_in(city, Status.NEEDS_INFO)
    response = Client().get(f"/lacak/{complaint.tracking_code}/jawab/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Hanya pelapor yang dapat menjawab" in html
    assert "Kirim jawaban" not in html


def test_an_unknown_code_is_a_404(city: City) -> None:
    assert Client().get("/lacak/ADU-222-333-444/konfirmasi/").status_code == 404


def test_a_link_whose_step_is_over_goes_to_the_tracking_page_with_a_word(city: City) -> None:
    complaint = complaint_in(city, Status.CLOSED)
    client = Client()
    first = client.get(link(complaint, "konfirmasi"))
    response = client.get(first["Location"])
    assert response["Location"] == f"/lacak/{complaint.tracking_code}/"
    page = client.get(response["Location"]).content.decode()
    assert "tidak sedang menunggu konfirmasi penyelesaian dari Anda" in page


def test_a_signed_in_reporter_opens_the_form_without_the_key(city: City) -> None:
    from aduan.complaints import actions

    complaint = complaint_in(
        city,
        Status.NEEDS_INFO,
        reporter=actions.ReporterDetails(email="warga@example.test", user=city.citizen),
    )
    client = Client()
    client.force_login(city.citizen)
    response = client.get(f"/lacak/{complaint.tracking_code}/jawab/")
    assert response.status_code == 200
    assert "Jawab pertanyaan petugas" in response.content.decode()
