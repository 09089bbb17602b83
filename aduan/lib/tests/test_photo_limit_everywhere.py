"""One photo limit (ADUAN_MAX_PHOTOS) on every path that takes photos, each refusing with a message.

The paths: the report's photo step, the reporter's answer and dispute, an officer's update and
resolution (all its photo fields together), a dispute the desk records, and desk intake. One
photo over the limit is refused with a clear message and nothing is saved: no attachment, no
timeline entry, no change of status, no draft photo.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

import aduan
from aduan.complaints.models import Attachment, Complaint
from aduan.complaints.states import Status
from aduan.lib.images import PhotosField
from aduan.lib.signing import reporter_token
from aduan.public.tests.conftest import fill_report
from aduan.testing import City, complaint_in, staff_login

pytestmark = pytest.mark.django_db

LIMIT = 5  # the default of ADUAN_MAX_PHOTOS
TOO_MANY = "Paling banyak 5 foto"


def _photos(count: int) -> list[SimpleUploadedFile]:
    result = []
    for n in range(count):
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), (10 * n, 120, 40)).save(buffer, "JPEG")
        result.append(SimpleUploadedFile(f"foto{n}.jpg", buffer.getvalue(), "image/jpeg"))
    return result


def _secret(client: Client, complaint: Complaint) -> None:
    code = complaint.tracking_code
    client.get(f"/lacak/{code}/?kunci={reporter_token(code)}")


def _staff_post(client: Client, c: Complaint, name: str, data: dict[str, Any]) -> Any:
    values: dict[str, Any] = {f"{name}-version": str(c.version)}
    values.update({f"{name}-{key}": value for key, value in data.items()})
    return client.post(reverse("staff:action", args=[c.tracking_code, name]), values)


def _unchanged(c: Complaint, status: str) -> None:
    version = c.version
    c.refresh_from_db()
    assert c.status == status and c.version == version
    assert not Attachment.objects.filter(complaint=c).exists()


def test_the_report_refuses_a_sixth_photo_and_keeps_the_five(client: Client, city: City) -> None:
    fill_report(client, city)
    too_many = client.post("/aduan/baru/foto/", {"photos": _photos(LIMIT + 1)})
    assert TOO_MANY in too_many.content.decode()
    assert client.session["aduan_draft"]["photos"] == []

    client.post("/aduan/baru/foto/", {"photos": _photos(LIMIT - 1)})
    one_more_each = client.post("/aduan/baru/foto/", {"photos": _photos(2)})
    assert "Anda masih dapat menambah 1 foto" in one_more_each.content.decode()
    assert len(client.session["aduan_draft"]["photos"]) == LIMIT - 1


def test_the_reporters_answer_refuses_more_photos_than_the_limit(
    client: Client, city: City
) -> None:
    c = complaint_in(city, Status.NEEDS_INFO)
    _secret(client, c)
    response = client.post(
        f"/lacak/{c.tracking_code}/jawab/",
        {"jawab-answer": "Sisi utara, dekat halte.", "jawab-photos": _photos(12)},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Paling banyak 5 foto sekali kirim; Anda memilih 12" in page
    _unchanged(c, Status.NEEDS_INFO)
    assert not c.timeline.filter(kind="info_provided").exists()


def test_the_reporters_dispute_refuses_more_photos_than_the_limit(
    client: Client, city: City
) -> None:
    c = complaint_in(city, Status.RESOLVED)
    _secret(client, c)
    response = client.post(
        f"/lacak/{c.tracking_code}/sanggah/",
        {"sanggah-reason": "Lubang masih ada.", "sanggah-photos": _photos(LIMIT + 1)},
    )
    assert response.status_code == 400
    assert TOO_MANY in response.content.decode()
    _unchanged(c, Status.RESOLVED)


def test_an_officers_update_refuses_more_photos_than_the_limit(client: Client, city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    staff_login(client, city.officer_a)
    response = _staff_post(
        client,
        c,
        "post_update",
        {"visibility": "public", "message": "Tim survei.", "photos": _photos(LIMIT + 1)},
    )
    assert response.status_code == 400
    assert TOO_MANY in response.content.decode()
    _unchanged(c, Status.IN_PROGRESS)
    assert not c.timeline.filter(kind="update").exists()


def test_a_resolution_counts_before_after_and_other_photos_together(
    client: Client, city: City
) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    staff_login(client, city.officer_a)
    response = _staff_post(
        client,
        c,
        "resolve",
        {"message": "Sudah ditambal.", "before": _photos(3), "after": _photos(3)},
    )
    assert response.status_code == 400
    assert "Paling banyak 5 foto sekali kirim; Anda memilih 6" in response.content.decode()
    _unchanged(c, Status.IN_PROGRESS)


def test_a_dispute_the_desk_records_refuses_more_photos_than_the_limit(
    client: Client, city: City
) -> None:
    c = complaint_in(city, Status.RESOLVED)
    staff_login(client, city.verifier)
    response = _staff_post(
        client,
        c,
        "reopen",
        {"channel": "phone", "reason": "Masih rusak.", "photos": _photos(LIMIT + 1)},
    )
    assert response.status_code == 400
    assert TOO_MANY in response.content.decode()
    _unchanged(c, Status.RESOLVED)


def test_desk_intake_takes_photos_up_to_the_limit_and_refuses_more(
    client: Client, city: City
) -> None:
    staff_login(client, city.verifier)
    data = {
        "channel": "phone",
        "category": str(city.road.pk),
        "title": "Jalan berlubang di depan SDN 3",
        "description": "Lubang besar di lajur kiri.",
        "address": "Jl. Merdeka",
    }
    refused = client.post(reverse("staff:intake"), {**data, "photos": _photos(LIMIT + 1)})
    assert refused.status_code == 400
    assert TOO_MANY in refused.content.decode()
    assert not Complaint.objects.exists()

    taken = client.post(reverse("staff:intake"), {**data, "photos": _photos(2)})
    assert taken.status_code == 302
    assert Complaint.objects.get().attachments.count() == 2


def test_the_limit_is_the_setting_on_every_path(client: Client, city: City, settings: Any) -> None:
    settings.ADUAN_MAX_PHOTOS = 2
    c = complaint_in(city, Status.NEEDS_INFO)
    _secret(client, c)
    response = client.post(
        f"/lacak/{c.tracking_code}/jawab/",
        {"jawab-answer": "Sisi utara.", "jawab-photos": _photos(3)},
    )
    assert "Paling banyak 2 foto" in response.content.decode()
    _unchanged(c, Status.NEEDS_INFO)

    fill_report(client, city)
    page = client.get("/aduan/baru/foto/").content.decode()
    assert "paling banyak 2 foto" in page


def _forms_of_the_project() -> list[type[forms.BaseForm]]:
    found: list[type[forms.BaseForm]] = []
    for module in pkgutil.walk_packages(aduan.__path__, "aduan."):
        if ".tests" in module.name or ".migrations" in module.name or "demo" in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.name
            ):
                found.append(value)
    return found


def test_every_form_that_takes_files_takes_them_through_the_one_photo_field() -> None:
    file_fields = [
        (form.__name__, name, type(field).__name__)
        for form in _forms_of_the_project()
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.FileField)
    ]
    assert len(file_fields) >= 8, file_fields  # the paths above, so the search found them
    assert [f for f in file_fields if f[2] != PhotosField.__name__] == []
