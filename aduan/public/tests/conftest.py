"""Helpers for the citizen website's tests: walking a report through its steps with the test client."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from aduan.testing import City

ANSWERS: dict[str, dict[str, Any]] = {
    "/aduan/baru/": {"classification": "complaint"},
    "/aduan/baru/kejadian/": {
        "title": "Jalan berlubang di depan SDN 3",
        "description": "Lubang sedalam 20 cm membahayakan pengendara motor setiap pagi.",
        "occurred_on": "2026-11-20",
        "occurred_time": "pagi hari",
        "parties_involved": "",
    },
    "/aduan/baru/lokasi/": {"area": "36.71.01.1001", "address": "Jl. Merdeka No. 12"},
    "/aduan/baru/privasi/": {},
    "/aduan/baru/kontak/": {
        "email": "siti@example.test",
        "phone": "0812-3456-7890",
        "phone_channel": "whatsapp",
        "name": "Siti Aminah",
    },
    "/aduan/baru/persetujuan/": {"consent": "on"},
}


@pytest.fixture(autouse=True)
def _reports_may_be_quick(settings: Any) -> None:
    # The test client answers nine pages in well under a second; the minimum time a person needs
    # for a report (aduan/lib/antispam.py) has its own tests in aduan/lib/tests/.
    settings.ADUAN_MIN_REPORT_SECONDS = 0


def jpeg(size: tuple[int, int] = (40, 30), exif_gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "S", 2: (6.0, 10.0, 0.0)}  # GPSInfo
        exif[0x010F] = "KameraUji"  # Make
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def upload(name: str = "foto.jpg", content: bytes | None = None, kind: str = "image/jpeg") -> Any:
    return SimpleUploadedFile(name, content if content is not None else jpeg(), content_type=kind)


def fill_report(client: Any, city: City, skip: tuple[str, ...] = (), **changes: Any) -> None:
    """Answer every step as a citizen would, with `changes` overriding single answers."""
    for url, answers in ANSWERS.items():
        if url in skip:
            continue
        data = {k: changes.get(k, v) for k, v in answers.items()}
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
        if url == "/aduan/baru/":
            category = changes.get("category", city.road)
            response = client.post("/aduan/baru/kategori/", {"category": category.pk})
            assert response.status_code == 302


def send(client: Any) -> Any:
    token = client.session["aduan_draft"]["token"]
    return client.post("/aduan/baru/periksa/", {"token": token, "website": ""})


@pytest.fixture
def reporter_client(client: Any) -> Any:
    return client
