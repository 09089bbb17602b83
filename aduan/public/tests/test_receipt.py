"""The reporter's receipt: a PDF to keep, for the reporter only, without identity or secret; and
sharing a public complaint by its public link."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from pypdf import PdfReader

from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.lib.signing import reporter_token
from aduan.public.tests.conftest import fill_report, send
from aduan.testing import City, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _text(response: Any) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_the_browser_that_sent_the_report_downloads_its_receipt(client: Client, city: City) -> None:
    fill_report(client, city)
    sent = client.get(send(client)["Location"]).content.decode()
    complaint = Complaint.objects.get()
    url = f"/lacak/{complaint.tracking_code}/tanda-terima.pdf"
    assert url in sent

    response = client.get(url)

    assert response.status_code == 200
    text = _text(response)
    assert complaint.tracking_code in text
    assert "Tanda Terima Aduan" in text and "Jalan Rusak" in text
    assert f"/lacak/{complaint.tracking_code}/" in text
    document = PdfReader(io.BytesIO(response.content))
    assert len(document.pages[0].images) == 1  # the QR code of the tracking page
    # Nothing that names or reaches the reporter, and not the secret link.
    for secret in ("Siti", "0812", "+62", "@", "kunci"):
        assert secret not in text, secret
    assert response["Cache-Control"] == "private, no-store"


def test_a_stranger_gets_no_receipt(client: Client, city: City) -> None:
    complaint = submit(city)
    response = client.get(f"/lacak/{complaint.tracking_code}/tanda-terima.pdf")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_secret_link_opens_the_receipt(client: Client, city: City) -> None:
    complaint = submit(city)
    code = complaint.tracking_code
    client.get(f"/lacak/{code}/?kunci={reporter_token(code)}")
    assert client.get(f"/lacak/{code}/tanda-terima.pdf").status_code == 200


def test_a_rahasia_receipt_leaves_the_title_out(client: Client, city: City) -> None:
    complaint = submit(city, title="Pungutan liar di loket KTP", category=city.bribe)
    assert complaint.is_confidential
    code = complaint.tracking_code
    client.get(f"/lacak/{code}/?kunci={reporter_token(code)}")
    text = _text(client.get(f"/lacak/{code}/tanda-terima.pdf"))
    assert "Pungutan liar di loket" not in text
    assert "Rahasia" in text


def test_a_public_complaint_can_be_shared_by_its_public_link(client: Client, city: City) -> None:
    complaint = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
    page = client.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "Bagikan lewat WhatsApp" in page
    assert f"http://testserver/lacak/{complaint.tracking_code}/" in page
    assert "kunci" not in page.split("Bagikan aduan ini", 1)[1].split("</p>", 2)[1]


def test_an_unpublished_complaint_offers_no_sharing(client: Client, city: City) -> None:
    complaint = submit(city)
    page = client.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "Bagikan" not in page
