"""The complaint page: the whole case, deadlines, suggestion, similar cases, and the reporter's identity."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from aduan.audit.models import AuditEntry
from aduan.complaints.models import ResponseTemplate, TimelineEntry
from aduan.complaints.states import Status
from aduan.notifications.models import Outbox
from aduan.testing import City, complaint_in, staff_login, submit


def _open(client: Client, user: object, code: str) -> str:
    staff_login(client, user)  # type: ignore[arg-type]
    response = client.get(reverse("staff:complaint", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_details_timeline_deadline_and_routing_suggestion(
    client: Client, city: City
) -> None:
    c = submit(city)
    html = _open(client, city.verifier, c.tracking_code)
    assert c.title in html
    assert "Lubang sedalam 20 cm" in html
    assert "Jl. Merdeka No. 12" in html
    assert "Aduan diterima" in html, "timeline"
    assert "Verifikasi dan disposisi" in html, "the current step's deadline"
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in html, "the routing rule's suggestion"


def test_the_reporters_identity_is_hidden_until_a_reason_is_given(
    client: Client, city: City
) -> None:
    c = submit(city)
    html = _open(client, city.verifier, c.tracking_code)
    assert "Siti Aminah" not in html
    assert "Buka identitas" in html
    url = reverse("staff:identity", args=[c.tracking_code])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Siti Aminah" not in response.content.decode()
    response = client.post(url, {"reason": "Menelepon pelapor untuk memastikan lokasi"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Siti Aminah" in html and "081234567890" in html
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="identity.view", object_id=str(c.pk))
    assert entry.reason == "Menelepon pelapor untuk memastikan lokasi"
    assert entry.actor == city.verifier
    assert c.timeline.filter(kind=TimelineEntry.Kind.IDENTITY_VIEWED, is_public=False).exists()
    assert "Siti Aminah" not in _open(client, city.verifier, c.tracking_code), "one response only"


def test_an_officer_without_the_permission_cannot_open_the_identity(
    client: Client, city: City
) -> None:
    c = complaint_in(city, Status.ROUTED)
    html = _open(client, city.officer_a, c.tracking_code)
    assert "Buka identitas" not in html
    response = client.post(
        reverse("staff:identity", args=[c.tracking_code]), {"reason": "ingin tahu saja"}
    )
    assert response.status_code == 403
    assert "Siti Aminah" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="identity.view").exists()


def test_an_anonymous_reporter_stays_hidden_from_the_agency_even_with_permission(
    client: Client, city: City
) -> None:
    from aduan.accounts.models import Membership

    Membership.objects.filter(user=city.officer_a).update(can_view_identity=True)
    c = complaint_in(city, Status.ROUTED, is_anonymous=True)
    html = _open(client, city.officer_a, c.tracking_code)
    assert "Pelapor anonim" in html
    assert "Buka identitas" not in html
    response = client.post(
        reverse("staff:identity", args=[c.tracking_code]), {"reason": "perlu menghubungi"}
    )
    assert response.status_code == 403


def test_similar_recent_complaints_are_listed_with_a_merge_button(
    client: Client, city: City
) -> None:
    first = submit(city)
    second = submit(city, title="Jalan rusak dekat sekolah")
    html = _open(client, city.verifier, second.tracking_code)
    assert first.tracking_code in html
    assert f"Gabungkan aduan ini ke {first.tracking_code}" in html


def test_failed_notifications_are_shown(client: Client, city: City) -> None:
    c = submit(city)
    Outbox.objects.filter(complaint=c, channel="email").update(
        status="failed", last_error="Kotak surat penuh"
    )
    html = _open(client, city.verifier, c.tracking_code)
    assert "Pemberitahuan gagal" in html and "Kotak surat penuh" in html


def test_a_response_template_prefills_the_update_form_without_javascript(
    client: Client, city: City
) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    t = ResponseTemplate.objects.create(
        title="Survei lapangan",
        body="Petugas kami akan meninjau lokasi dalam 2 hari kerja.",
        category=city.road,
        status=Status.IN_PROGRESS,
    )
    staff_login(client, city.officer_a)
    url = reverse("staff:complaint", args=[c.tracking_code])
    html = client.get(url, {"template": str(t.pk), "untuk": "post_update"}).content.decode()
    assert "Survei lapangan" in html
    assert "Petugas kami akan meninjau lokasi dalam 2 hari kerja.</textarea>" in html


def test_the_officer_sees_only_the_actions_they_may_take(client: Client, city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    html = _open(client, city.officer_a, c.tracking_code)
    assert "Terima aduan" in html and "Kembalikan: bukan wewenang" in html
    assert "Verifikasi dan disposisikan" not in html and "Tolak aduan" not in html
    html = _open(Client(), city.leadership, c.tracking_code)
    assert "Terima aduan" in html, "city leadership supervises every agency"
    html = _open(Client(), city.dpo, c.tracking_code)
    assert 'action="/staf/aduan/' not in html.split("Pelapor</h2>")[0], "the DPO only reads"
