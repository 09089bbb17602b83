"""Two officers act on one complaint at once: the second is told, and keeps what they typed."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from aduan.accounts.models import Membership, Role, User
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.complaints.states import Status
from aduan.testing import PASSWORD, City, complaint_in, staff_login

pytestmark = pytest.mark.django_db

RESOLUTION = "Lubang sudah ditambal aspal panas sepanjang 2 meter pada 3 Desember pagi."


def _colleague(city: City) -> User:
    """A second officer of agency A."""
    user = User.objects.create_user(
        username="petugas_a2", password=PASSWORD, email="petugas_a2@example.test"
    )
    Membership.objects.create(user=user, agency=city.agency_a, role=Role.OFFICER)
    return user


def _version_on_page(page: str, action: str) -> int:
    found = re.search(rf'name="{action}-version" value="(\d+)"', page)
    assert found is not None, f"no {action} form on the page"
    return int(found.group(1))


def _open(client: Client, c: Complaint) -> str:
    return client.get(reverse("staff:complaint", args=[c.tracking_code])).content.decode()


def _post(client: Client, c: Complaint, action: str, version: int, data: dict[str, Any]) -> Any:
    values: dict[str, Any] = {f"{action}-version": str(version)}
    values.update({f"{action}-{key}": value for key, value in data.items()})
    return client.post(reverse("staff:action", args=[c.tracking_code, action]), values)


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("sesudah.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_second_officers_resolution_text_is_kept_in_the_form_after_a_conflict(
    city: City,
) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    first, second = Client(), Client()
    staff_login(first, city.officer_a)
    staff_login(second, _colleague(city))
    seen = _version_on_page(_open(first, c), "post_update")
    assert _version_on_page(_open(second, c), "resolve") == seen

    posted = _post(
        first, c, "post_update", seen, {"visibility": "public", "message": "Tim sudah survei."}
    )
    conflict = _post(second, c, "resolve", seen, {"message": RESOLUTION, "photos": _jpeg()})

    page = conflict.content.decode()
    assert posted.status_code == 302 and conflict.status_code == 409
    assert "baru saja diubah oleh orang lain" in page
    # In the resolution form, ready to send again.
    assert re.search(rf'name="resolve-message"[^>]*>\s*{RESOLUTION}</textarea>', page)
    assert "Tim sudah survei." in page  # the change that came first is shown
    assert "Foto yang Anda pilih belum tersimpan" in page
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS

    # Having read the change, one more click sends it, on top of the new version.
    again = _post(second, c, "resolve", _version_on_page(page, "resolve"), {"message": RESOLUTION})
    assert again.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.UNDER_REVIEW
    assert c.timeline.get(kind=TimelineEntry.Kind.RESOLVED).message == RESOLUTION


def test_a_typed_update_is_kept_when_another_officer_changed_the_complaint_first(
    city: City,
) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    first, second = Client(), Client()
    staff_login(first, city.officer_a)
    staff_login(second, _colleague(city))
    seen = _version_on_page(_open(second, c), "post_update")

    _post(first, c, "route_to_unit", seen, {"unit": city.unit_a.pk})
    conflict = _post(
        second,
        c,
        "post_update",
        seen,
        {"visibility": "internal", "message": "Menunggu aspal dari gudang."},
    )

    page = conflict.content.decode()
    assert conflict.status_code == 409
    assert re.search(
        r'name="post_update-message"[^>]*>\s*Menunggu aspal dari gudang.</textarea>', page
    )
    assert re.search(r'value="internal"[^>]*checked', page)  # the choice is kept too
    assert not c.timeline.filter(kind=TimelineEntry.Kind.UPDATE).exists()


def test_when_the_action_is_gone_the_typed_text_is_still_shown_to_copy(city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    first, second = Client(), Client()
    staff_login(first, city.officer_a)
    staff_login(second, _colleague(city))
    seen = _version_on_page(_open(second, c), "resolve")

    _post(first, c, "resolve", seen, {"message": "Sudah ditambal."})
    conflict = _post(second, c, "resolve", seen, {"message": RESOLUTION})

    page = conflict.content.decode()
    assert conflict.status_code == 409
    assert "Isian Anda yang belum terkirim" in page
    assert re.search(rf"readonly>\s*{RESOLUTION}</textarea>", page)
    assert 'name="resolve-message"' not in page  # resolving is no longer possible
    c.refresh_from_db()
    assert c.timeline.get(kind=TimelineEntry.Kind.RESOLVED).message == "Sudah ditambal."
