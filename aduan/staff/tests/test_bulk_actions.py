"""Bulk actions on queues: route several complaints at once, or accept several; each reported."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from aduan.complaints import actions
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, staff_login, submit


def test_the_desk_routes_several_new_complaints_at_once(client: Client, city: City) -> None:
    first, second = submit(city), submit(city)
    staff_login(client, city.verifier)
    response = client.post(
        reverse("staff:bulk", args=["baru"]),
        {
            "action": "route",
            "target": city.agency_b.pk,
            "pilih": [
                f"{first.tracking_code}:{first.version}",
                f"{second.tracking_code}:{second.version}",
            ],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "2 aduan didisposisikan" in html
    for c in (first, second):
        c.refresh_from_db()
        assert c.status == Status.ROUTED and c.agency == city.agency_b


def test_each_failure_is_reported_and_the_others_still_go(client: Client, city: City) -> None:
    fresh, changed = submit(city), submit(city)
    old_version = changed.version
    actions.reject_complaint(changed, by=city.verifier, reason="spam")
    staff_login(client, city.verifier)
    response = client.post(
        reverse("staff:bulk", args=["baru"]),
        {
            "action": "route",
            "target": city.agency_a.pk,
            "pilih": [
                f"{fresh.tracking_code}:{fresh.version}",
                f"{changed.tracking_code}:{old_version}",
            ],
        },
        follow=True,
    )
    html = response.content.decode()
    assert f"1 aduan didisposisikan: {fresh.tracking_code}" in html
    assert f"{changed.tracking_code}: Aduan ini baru saja diubah" in html


def test_an_officer_accepts_several_routed_complaints(client: Client, city: City) -> None:
    a, b = complaint_in(city, Status.ROUTED), complaint_in(city, Status.ROUTED)
    staff_login(client, city.officer_a)
    client.post(
        reverse("staff:bulk", args=["masuk"]),
        {
            "action": "accept",
            "pilih": [f"{a.tracking_code}:{a.version}", f"{b.tracking_code}:{b.version}"],
        },
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == b.status == Status.IN_PROGRESS


def test_officer_b_cannot_bulk_accept_agency_as_complaints(client: Client, city: City) -> None:
    a = complaint_in(city, Status.ROUTED)
    staff_login(client, city.officer_b)
    response = client.post(
        reverse("staff:bulk", args=["masuk"]),
        {"action": "accept", "pilih": [f"{a.tracking_code}:{a.version}"]},
        follow=True,
    )
    assert "Aduan tidak ditemukan" in response.content.decode()
    a.refresh_from_db()
    assert a.status == Status.ROUTED


def test_routing_needs_a_target_and_a_selection(client: Client, city: City) -> None:
    c = submit(city)
    staff_login(client, city.verifier)
    html = client.post(
        reverse("staff:bulk", args=["baru"]),
        {"action": "route", "pilih": [f"{c.tracking_code}:{c.version}"]},
        follow=True,
    ).content.decode()
    assert "Pilih instansi tujuan" in html
    html = client.post(
        reverse("staff:bulk", args=["baru"]),
        {"action": "route", "target": city.agency_a.pk},
        follow=True,
    ).content.decode()
    assert "Pilih minimal satu aduan" in html
