"""Intake on behalf of a citizen: the desk records a complaint from another channel."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from aduan.complaints.models import Complaint
from aduan.notifications.models import Outbox
from aduan.testing import City, staff_login


def _data(**overrides: str) -> dict[str, str]:
    values = {
        "channel": "social",
        "channel_reference": "https://x.example/warga/status/123",
        "original_message": "@pemkot jalan depan SDN 3 berlubang parah!!",
        "category": "",
        "title": "Jalan berlubang di depan SDN 3",
        "description": "Disampaikan lewat media sosial; lubang besar di lajur kiri.",
        "area": "",
        "address": "Jl. Merdeka",
        "name": "Budi",
        "phone": "0812 3456 7890",
        "email": "",
    }
    values.update(overrides)
    return values


def test_the_desk_records_a_social_media_complaint_and_the_citizen_gets_the_code(
    client: Client, city: City
) -> None:
    staff_login(client, city.verifier)
    response = client.post(
        reverse("staff:intake"),
        _data(category=str(city.road.pk), area=city.kelurahan.code),
    )
    assert response.status_code == 302
    c = Complaint.objects.get()
    assert c.channel_id == "social"
    assert c.reporter is not None
    assert c.reporter.channel_reference == "https://x.example/warga/status/123"
    assert c.reporter.original_message.startswith("@pemkot")
    page = client.get(response["Location"]).content.decode()
    assert c.tracking_code in page and "Kode lacak dikirim ke kontak pelapor" in page
    assert Outbox.objects.filter(complaint=c, template="complaint_received").exists()


def test_the_web_channel_is_not_offered(client: Client, city: City) -> None:
    staff_login(client, city.verifier)
    html = client.get(reverse("staff:intake")).content.decode()
    assert 'value="web"' not in html and 'value="whatsapp"' in html
    response = client.post(
        reverse("staff:intake"), _data(channel="web", category=str(city.road.pk))
    )
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_missing_fields_are_listed_at_the_top(client: Client, city: City) -> None:
    staff_login(client, city.verifier)
    response = client.post(reverse("staff:intake"), _data(title="", phone="12"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ada yang perlu diperbaiki" in html
    assert "Nomor telepon harus 8 sampai 15 angka" in html
    assert html.startswith("<!doctype html>") and "<title>Galat:" in html


def test_only_the_desk_may_record_complaints(client: Client, city: City) -> None:
    staff_login(client, city.officer_a)
    assert client.get(reverse("staff:intake")).status_code == 403
    response = client.post(reverse("staff:intake"), _data(category=str(city.road.pk)))
    assert response.status_code == 403
    assert not Complaint.objects.exists()
