"""The staff API: personal tokens (checked, scoped, audited per use), queues, a complaint and its
timeline, and the whole life of a complaint through its actions, with the console's 404 walls and
409 on a stale version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from aduan.accounts.apikeys import ApiKey, Scope
from aduan.api.tests.apiclient import Api, is_problem, photo_b64, token_for
from aduan.audit.models import AuditEntry
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, submit


def test_without_a_valid_token_the_staff_api_is_a_401(client: Client, city: City) -> None:
    c = submit(city)
    path = f"/staff/complaints/{c.tracking_code}"
    assert is_problem(Api(client).get(path), 401)["type"].endswith("unauthenticated")
    assert is_problem(Api(client, "aduan_0000000000_x").get(path), 401)["type"].endswith(
        "token-invalid"
    )
    token = token_for(city.verifier)
    ApiKey.objects.update(revoked_at=timezone.now())
    assert is_problem(Api(client, token).get(path), 401)["type"].endswith("token-revoked")
    expired = token_for(city.verifier)
    ApiKey.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert is_problem(Api(client, expired).get(path), 401)["type"].endswith("token-expired")
    # A browser's staff session is not a token: the API never acts on cookies.
    from aduan.testing import staff_login

    staff_login(client, city.verifier)
    is_problem(Api(client).get(path), 401)


def test_tokens_are_stored_as_digests_only(city: City) -> None:
    token = token_for(city.verifier)
    key = ApiKey.objects.get()
    assert token not in (key.digest, key.prefix) and token.split("_")[-1] not in key.digest
    assert len(key.digest) == 64 and token.startswith(f"aduan_{key.prefix}_")


def test_a_read_token_reads_but_cannot_act(client: Client, city: City) -> None:
    c = submit(city)
    api = Api(client, token_for(city.verifier, Scope.READ))
    detail = api.get(f"/staff/complaints/{c.tracking_code}").json()
    assert detail["actions"] == ["verify", "request_info", "reject", "merge"]
    body = {"version": detail["version"], "target": city.agency_a.code}
    is_problem(api.post(f"/staff/complaints/{c.tracking_code}/verify", body), 403)
    c.refresh_from_db()
    assert c.status == Status.SUBMITTED


def test_every_use_of_a_token_is_audited(client: Client, city: City) -> None:
    api = Api(client, token_for(city.officer_a, Scope.READ))
    api.get("/staff/queues")
    api.get("/staff/complaints", {"queue": "masuk"})
    uses = AuditEntry.objects.filter(action="api.use").order_by("id")
    assert [u.after["path"] for u in uses] == ["/api/v1/staff/queues", "/api/v1/staff/complaints"]
    assert {u.actor_id for u in uses} == {city.officer_a.pk}


def test_a_complaint_goes_from_the_desk_to_selesai_through_the_api(
    client: Client, city: City
) -> None:
    c = submit(city)
    code = c.tracking_code
    desk = Api(client, token_for(city.verifier))
    officer = Api(client, token_for(city.officer_a))
    new = desk.get("/staff/complaints", {"queue": "baru"}).json()
    assert [i["tracking_code"] for i in new["items"]] == [code]
    v = new["items"][0]["version"]
    routed = desk.post(
        f"/staff/complaints/{code}/verify", {"version": v, "target": city.agency_a.code}
    ).json()
    assert routed["status"] == Status.ROUTED and routed["agency"] == city.agency_a.code
    accepted = officer.post(f"/staff/complaints/{code}/accept", {"version": routed["version"]})
    v = accepted.json()["version"]
    v = officer.post(
        f"/staff/complaints/{code}/post_update",
        {"version": v, "message": "Tim dijadwalkan besok.", "photos": [photo_b64()]},
    ).json()["version"]
    v = officer.post(
        f"/staff/complaints/{code}/resolve", {"version": v, "message": "Lubang ditambal."}
    ).json()["version"]
    approved = desk.post(f"/staff/complaints/{code}/approve_resolution", {"version": v}).json()
    assert approved["public_status"] == "Selesai"
    timeline = officer.get(f"/staff/complaints/{code}/timeline").json()
    assert [e["kind"] for e in timeline][-2:] == ["resolved", "resolution_approved"]
    actions = AuditEntry.objects.filter(object_id=str(c.pk), action__startswith="complaint.")
    assert {"complaint.verify", "complaint.accept", "complaint.resolve"} <= set(
        actions.values_list("action", flat=True)
    )


def test_a_stale_version_is_a_409_and_changes_nothing(client: Client, city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    officer = Api(client, token_for(city.officer_a))
    body = is_problem(
        officer.post(f"/staff/complaints/{c.tracking_code}/accept", {"version": c.version - 1}),
        409,
    )
    assert "diubah" in body["detail"]
    c.refresh_from_db()
    assert c.status == Status.ROUTED


def test_an_action_the_state_does_not_allow_is_a_409(client: Client, city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    desk = Api(client, token_for(city.verifier))
    is_problem(
        desk.post(
            f"/staff/complaints/{c.tracking_code}/reject", {"version": c.version, "reason": "spam"}
        ),
        409,
    )


def test_officer_b_gets_404_for_agency_as_complaint(client: Client, city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    b = Api(client, token_for(city.officer_b))
    is_problem(b.get(f"/staff/complaints/{c.tracking_code}"), 404)
    is_problem(b.post(f"/staff/complaints/{c.tracking_code}/accept", {"version": c.version}), 404)
    listed = b.get("/staff/complaints", {"q": c.tracking_code}).json()
    assert listed["items"] == []
    c.refresh_from_db()
    assert c.status == Status.ROUTED


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"version": "satu", "target": "dinas-pupr"}, 422),
        ({"version": 1, "target": "tidak-ada"}, 422),
        ({"version": 1, "target": "dinas-pupr", "hapus": True}, 422),
        ({"version": 1, "target": "dinas\u0000pupr"}, 422),
        ({"target": "dinas-pupr"}, 422),
    ],
)
def test_bad_action_input_is_a_problem_and_changes_nothing(
    client: Client, city: City, body: dict[str, object], status: int
) -> None:
    c = submit(city)
    desk = Api(client, token_for(city.verifier))
    is_problem(desk.post(f"/staff/complaints/{c.tracking_code}/verify", body), status)
    assert Complaint.objects.get(pk=c.pk).version == c.version


def test_lists_page_by_cursor_without_repeats(client: Client, city: City) -> None:
    codes = {submit(city).tracking_code for _ in range(5)}
    desk = Api(client, token_for(city.verifier, Scope.READ))
    seen: list[str] = []
    cursor = ""
    while True:
        page = desk.get("/staff/complaints", {"limit": 2, "cursor": cursor}).json()
        seen += [i["tracking_code"] for i in page["items"]]
        if not page["next"]:
            break
        cursor = page["next"]
    assert sorted(seen) == sorted(codes) and len(seen) == 5
    is_problem(desk.get("/staff/complaints", {"cursor": "rusak"}), 400)
    is_problem(desk.get("/staff/complaints", {"queue": "tidak-ada"}), 422)
    is_problem(desk.get("/staff/complaints", {"limit": 1000}), 422)
