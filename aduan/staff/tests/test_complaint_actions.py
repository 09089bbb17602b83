"""Action forms on the complaint page: each goes through complaints.actions, with its errors shown."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from aduan.audit.models import AuditEntry
from aduan.complaints import actions
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, staff_login, submit


def _post(client: Client, c: Complaint, name: str, data: dict[str, Any] | None = None) -> Any:
    values: dict[str, Any] = {f"{name}-version": str(c.version)}
    for key, value in (data or {}).items():
        values[f"{name}-{key}"] = value
    return client.post(reverse("staff:action", args=[c.tracking_code, name]), values)


def _jpeg(name: str = "foto.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_the_desk_verifies_and_routes_with_a_cleaned_title(client: Client, city: City) -> None:
    c = submit(city)
    staff_login(client, city.verifier)
    response = _post(
        client,
        c,
        "verify",
        {
            "classification": "complaint",
            "category": city.road.pk,
            "complexity": "light",
            "title": "Jalan berlubang, Jl. Merdeka",
            "target": city.agency_a.pk,
            "is_confidential": "on",
        },
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.ROUTED and c.agency == city.agency_a
    assert c.title == "Jalan berlubang, Jl. Merdeka" and c.complexity == "light"
    assert c.is_confidential and not c.is_anonymous
    page = client.get(response["Location"]).content.decode()
    assert "berhasil" in page


def test_a_stale_form_shows_a_conflict_and_overwrites_nothing(client: Client, city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    old_version = c.version
    actions.post_update(c, by=city.officer_a, message="Tim sudah ke lokasi.")
    staff_login(client, city.supervisor_a)
    response = client.post(
        reverse("staff:action", args=[c.tracking_code, "route_to_unit"]),
        {"route_to_unit-version": old_version, "route_to_unit-unit": city.unit_a.pk},
    )
    assert response.status_code == 409
    assert "baru saja diubah oleh orang lain" in response.content.decode()
    c.refresh_from_db()
    assert c.unit is None


def test_a_double_click_is_applied_once_and_says_so(client: Client, city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    staff_login(client, city.officer_a)
    first = _post(client, c, "accept")
    second = _post(client, c, "accept")
    assert first.status_code == 302 and second.status_code == 302
    page = client.get(second["Location"]).content.decode()
    assert "sudah dilakukan" in page
    assert c.timeline.filter(kind=TimelineEntry.Kind.ACCEPTED).count() == 1


def test_an_action_the_role_may_not_take_is_refused_with_403(client: Client, city: City) -> None:
    c = submit(city)
    staff_login(client, city.leadership)
    response = _post(client, c, "reject", {"reason": "spam"})
    assert response.status_code == 403
    assert "tidak berwenang" in response.content.decode()
    c.refresh_from_db()
    assert c.status == Status.SUBMITTED
    assert not AuditEntry.objects.filter(action="complaint.reject").exists()


def test_missing_input_is_a_form_error(client: Client, city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    staff_login(client, city.officer_a)
    response = _post(client, c, "return_not_authority", {"reason": ""})
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong" in response.content.decode()
    c.refresh_from_db()
    assert c.status == Status.ROUTED


def test_the_officer_returns_a_wrong_routing_as_not_our_authority(
    client: Client, city: City
) -> None:
    c = complaint_in(city, Status.ROUTED)
    staff_login(client, city.officer_a)
    response = _post(client, c, "return_not_authority", {"reason": "Ini jalan provinsi."})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.SUBMITTED and c.agency is None


def test_the_desk_rejects_with_a_reason_from_the_list(client: Client, city: City) -> None:
    c = submit(city)
    staff_login(client, city.verifier)
    assert _post(client, c, "reject", {"reason": "made-up"}).status_code == 400
    _post(client, c, "reject", {"reason": "not_government", "message": "Hubungi RT setempat."})
    c.refresh_from_db()
    assert c.status == Status.REJECTED and c.reject_reason == "not_government"


def test_the_desk_asks_the_citizen_for_information(client: Client, city: City) -> None:
    c = submit(city)
    staff_login(client, city.verifier)
    _post(client, c, "request_info", {"question": "Di depan nomor berapa?"})
    c.refresh_from_db()
    assert c.status == Status.NEEDS_INFO


def test_the_desk_re_routes_and_merges(client: Client, city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    staff_login(client, city.verifier)
    _post(client, c, "route", {"target": city.agency_b.pk, "reason": "Urusan sampah"})
    c.refresh_from_db()
    assert c.agency == city.agency_b
    survivor = submit(city)
    duplicate = submit(city)
    assert _post(client, duplicate, "merge", {"into": "ADU-TIDAK-ADA"}).status_code == 400
    _post(client, duplicate, "merge", {"into": survivor.tracking_code.lower()})
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED and duplicate.merged_into == survivor


def test_the_officer_routes_down_posts_coordinates_and_resolves(client: Client, city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    staff_login(client, city.officer_a)
    _post(client, c, "route_to_unit", {"unit": city.unit_a.pk})
    c.refresh_from_db()
    assert c.unit == city.unit_a
    _post(
        client,
        c,
        "post_update",
        {"visibility": "internal", "message": "Menunggu aspal.", "photos": _jpeg()},
    )
    note = c.timeline.get(kind=TimelineEntry.Kind.NOTE)
    assert not note.is_public and note.attachments.count() == 1
    c.refresh_from_db()
    _post(client, c, "request_coordination", {"agency": city.agency_b.pk, "message": "Sampah."})
    assert c.coordinations.filter(agency=city.agency_b, is_open=True).exists()
    c.refresh_from_db()
    _post(client, c, "resolve", {"message": "Lubang ditambal aspal panas."})
    c.refresh_from_db()
    assert c.status == Status.UNDER_REVIEW


def test_a_resolution_without_required_evidence_is_refused(client: Client, city: City) -> None:
    c = submit(city, category=city.tree)  # auto-routed to agency B; evidence required
    actions.accept_complaint(c, by=city.officer_b)
    c.refresh_from_db()
    staff_login(client, city.officer_b)
    response = _post(client, c, "resolve", {"message": "Pohon sudah dipotong."})
    assert response.status_code == 400
    assert "foto sebelum" in response.content.decode()
    response = _post(
        client,
        c,
        "resolve",
        {"message": "Pohon sudah dipotong.", "before": _jpeg("a.jpg"), "after": _jpeg("b.jpg")},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.UNDER_REVIEW
    assert set(c.attachments.values_list("kind", flat=True)) == {"before", "after"}


def test_a_file_that_is_not_a_photo_is_refused(client: Client, city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    staff_login(client, city.officer_a)
    fake = SimpleUploadedFile("x.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = _post(
        client, c, "post_update", {"visibility": "public", "message": "x", "photos": fake}
    )
    assert response.status_code == 400
    assert "bukan foto" in response.content.decode()
    assert not c.timeline.filter(kind=TimelineEntry.Kind.UPDATE).exists()


def test_the_supervisor_sends_back_then_approves_a_resolution(client: Client, city: City) -> None:
    c = complaint_in(city, Status.UNDER_REVIEW)
    staff_login(client, city.supervisor_a)
    _post(client, c, "reject_resolution", {"reason": "Foto bukti belum ada."})
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS
    actions.resolve_complaint(c, by=city.officer_a, message="Sudah, dengan foto.")
    c.refresh_from_db()
    _post(client, c, "approve_resolution")
    c.refresh_from_db()
    assert c.status == Status.RESOLVED


def test_an_unknown_action_is_not_found(client: Client, city: City) -> None:
    c = submit(city)
    staff_login(client, city.verifier)
    assert _post(client, c, "explode").status_code == 404


def test_the_desk_reopens_a_resolution_disputed_by_phone(client: Client, city: City) -> None:
    from aduan.notifications.models import Outbox

    c = complaint_in(city, Status.RESOLVED)
    staff_login(client, city.officer_a)
    page = client.get(reverse("staff:complaint", args=[c.tracking_code])).content.decode()
    assert "Buka kembali" not in page, "an officer cannot reopen their own agency's resolution"

    staff_login(client, city.verifier)
    page = client.get(reverse("staff:complaint", args=[c.tracking_code])).content.decode()
    assert "Buka kembali: pelapor menyanggah" in page
    empty = _post(client, c, "reopen", {"channel": "phone", "reason": "  "})
    assert empty.status_code == 400
    assert "Bidang ini tidak boleh kosong" in empty.content.decode()
    no_channel = _post(client, c, "reopen", {"channel": "", "reason": "Masih rusak."})
    assert no_channel.status_code == 400
    assert "Pilih lewat apa pelapor menyampaikan sanggahannya." in no_channel.content.decode()
    c.refresh_from_db()
    assert c.status == Status.RESOLVED

    response = _post(
        client,
        c,
        "reopen",
        {"channel": "phone", "reason": "Lubangnya terbuka lagi setelah hujan.", "photos": _jpeg()},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS and c.resolved_at is None
    entry = c.timeline.filter(kind=TimelineEntry.Kind.DISPUTED).get()
    assert entry.is_public and entry.attachments.count() == 1
    assert entry.message == (
        "Sanggahan pelapor (disampaikan lewat Telepon/112): Lubangnya terbuka lagi setelah hujan."
    )
    assert Outbox.objects.filter(complaint=c, template="complaint_reopened").exists()
    assert Outbox.objects.filter(complaint=c, template="staff_disputed").exists()
    assert AuditEntry.objects.filter(action="complaint.reopen", object_id=str(c.pk)).exists()
    # The agency finds it among its disputes.
    staff_login(client, city.officer_a)
    queue = client.get(reverse("staff:queue", args=["sanggahan"])).content.decode()
    assert c.tracking_code in queue


def test_only_the_agencys_own_supervisor_may_reopen(client: Client, city: City) -> None:
    c = complaint_in(city, Status.RESOLVED)
    staff_login(client, city.officer_b)
    response = _post(client, c, "reopen", {"channel": "walk_in", "reason": "Masih rusak."})
    assert response.status_code == 404
    staff_login(client, city.supervisor_a)
    response = _post(client, c, "reopen", {"channel": "walk_in", "reason": "Masih rusak."})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS
