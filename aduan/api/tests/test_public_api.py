"""The public API: reference data, a complaint submitted with a photo and a location, tracked, and
answered, confirmed, disputed and supported by the reporter's key, as on the website."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aduan.api.tests.apiclient import Api, is_problem, photo_b64
from aduan.audit.models import AuditEntry
from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in


def report(city: City, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "category": city.road.slug,
        "title": "Jalan berlubang di depan SDN 3",
        "description": "Lubang sedalam 20 cm membahayakan pengendara motor setiap pagi.",
        "occurred_on": "2026-11-20",
        "area": city.kelurahan.code,
        "address": "Jl. Merdeka No. 12",
        "latitude": -6.1783,
        "longitude": 106.6319,
        "reporter": {"name": "Siti Aminah", "phone": "0812 3456 7890"},
        "photos": [photo_b64()],
        "consent": True,
    }
    body.update(overrides)
    return body


def test_categories_areas_and_channels_are_listed(client: Client, city: City) -> None:
    api = Api(client)
    slugs = {c["slug"] for c in api.get("/categories").json()}
    assert {"jalan-rusak", "pungli", "pohon-tumbang"} <= slugs
    villages = api.get("/areas", {"parent": city.kecamatan.code}).json()
    assert {a["code"] for a in villages} == {city.kelurahan.code, city.kelurahan_2.code}
    assert "Situs web" in {c["name"] for c in api.get("/channels").json()}


def test_a_complaint_with_a_photo_and_a_location_is_submitted_on_the_api_channel(
    client: Client, city: City
) -> None:
    response = Api(client).post("/complaints", report(city))
    assert response.status_code == 201, response.content
    body = response.json()
    complaint = Complaint.objects.get(tracking_code=body["tracking_code"])
    assert complaint.channel_id == "api"
    assert complaint.attachments.count() == 1
    assert str(complaint.latitude) == "-6.178300" and complaint.area == city.kelurahan
    assert complaint.reporter is not None and complaint.reporter.phone == "+6281234567890"
    assert body["public_status"] == "Belum Terverifikasi"
    assert body["url"].endswith(f"/lacak/{complaint.tracking_code}/")
    assert AuditEntry.objects.filter(action="complaint.submit", object_id=str(complaint.pk))


def test_track_shows_the_public_only_what_is_published_and_the_reporter_their_own(
    client: Client, city: City
) -> None:
    sent = Api(client).post("/complaints", report(city)).json()
    code, key = sent["tracking_code"], sent["reporter_key"]
    public = Api(client).get(f"/complaints/{code}").json()
    assert public["title"] == "" and public["timeline"] == []  # not looked at by a person yet
    own = Api(client).get(f"/complaints/{code}", HTTP_X_REPORTER_KEY=key).json()
    assert own["is_reporter"] and own["title"] == "Jalan berlubang di depan SDN 3"
    c = Complaint.objects.get(tracking_code=code)
    actions.verify_complaint(c, by=city.verifier, target=city.agency_a)
    public = Api(client).get(f"/complaints/{code.lower().replace('-', ' ')}").json()
    assert public["title"] == "Jalan berlubang di depan SDN 3"
    assert "Siti" not in str(public) and "0812" not in str(public)


def test_a_rahasia_complaint_is_a_404_without_its_key(client: Client, city: City) -> None:
    sent = Api(client).post("/complaints", report(city, is_confidential=True)).json()
    code = sent["tracking_code"]
    is_problem(Api(client).get(f"/complaints/{code}"), 404)
    is_problem(Api(client).get("/complaints/ADU-222-222-222"), 404)
    assert (
        Api(client)
        .get(f"/complaints/{code}", HTTP_X_REPORTER_KEY=sent["reporter_key"])
        .json()["is_reporter"]
    )


def test_the_reporter_answers_confirms_and_disputes_with_their_key(
    client: Client, city: City
) -> None:
    sent = Api(client).post("/complaints", report(city)).json()
    code, key = sent["tracking_code"], sent["reporter_key"]
    c = Complaint.objects.get(tracking_code=code)
    actions.request_info(c, by=city.verifier, question="Di sisi jalan sebelah mana?")
    api = Api(client)
    assert api.get(f"/complaints/{code}", HTTP_X_REPORTER_KEY=key).json()["question"]
    is_problem(api.post(f"/complaints/{code}/answer", {"answer": "Kiri."}), 403)
    is_problem(
        api.post(f"/complaints/{code}/answer", {"answer": "Kiri."}, HTTP_X_REPORTER_KEY="x" * 40),
        403,
    )
    done = api.post(f"/complaints/{code}/answer", {"answer": "Sisi kiri."}, HTTP_X_REPORTER_KEY=key)
    assert done.status_code == 200 and done.json()["status"] == Status.SUBMITTED
    c.refresh_from_db()
    c = actions.verify_complaint(c, by=city.verifier, target=city.agency_a)
    c = actions.accept_complaint(c, by=city.officer_a)
    c = actions.resolve_complaint(c, by=city.officer_a, message="Sudah ditambal.")
    c = actions.approve_resolution(c, by=city.verifier)
    disputed = api.post(
        f"/complaints/{code}/dispute",
        {"reason": "Masih berlubang.", "photos": [photo_b64()]},
        HTTP_X_REPORTER_KEY=key,
    )
    assert disputed.json()["status"] == Status.IN_PROGRESS
    c.refresh_from_db()
    c = actions.resolve_complaint(c, by=city.officer_a, message="Ditambal ulang.")
    actions.approve_resolution(c, by=city.verifier)
    confirmed = api.post(
        f"/complaints/{code}/confirm",
        {"rating": 5, "comment": "Terima kasih"},
        HTTP_X_REPORTER_KEY=key,
    )
    assert confirmed.json() == {
        "tracking_code": code,
        "status": "closed",
        "public_status": "Selesai",
    }
    # Once closed, confirming again is a conflict, not a change.
    is_problem(api.post(f"/complaints/{code}/confirm", {"rating": 1}, HTTP_X_REPORTER_KEY=key), 409)


def test_support_counts_once_per_device(client: Client, city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    api = Api(client)
    first = api.post(f"/complaints/{c.tracking_code}/support", {"device": "hp-ani"}).json()
    again = api.post(f"/complaints/{c.tracking_code}/support", {"device": "hp-ani"}).json()
    other = api.post(f"/complaints/{c.tracking_code}/support", {"device": "hp-budi"}).json()
    assert (first["counted"], again["counted"], other["counted"]) == (True, False, True)
    assert other["support_count"] == 2
    hidden = complaint_in(city, Status.SUBMITTED)
    is_problem(api.post(f"/complaints/{hidden.tracking_code}/support", {}), 404)


def test_problems_speak_english_when_asked(client: Client, city: City) -> None:
    body = is_problem(Api(client, language="en").get("/complaints/ADU-222-222-222"), 404)
    assert body["title"] == "Not found"
    body = is_problem(Api(client).get("/complaints/ADU-222-222-222"), 404)
    assert body["title"] == "Tidak ditemukan"


BAD = [
    ("malformed JSON", {"raw": '{"category": "jalan-rusak",'}, 400),
    ("not an object", {"raw": "[1, 2]"}, 400),
    ("form post", {"raw": "title=x", "content_type": "application/x-www-form-urlencoded"}, 415),
    ("wrong type", {"title": 12}, 422),
    ("unknown field", {"admin": True}, 422),
    ("NUL byte", {"title": "Jalan\u0000rusak"}, 422),
    ("bad photo", {"photos": ["bm90IGFuIGltYWdl"]}, 422),
    ("not base64", {"photos": ["%%%"]}, 422),
    ("unknown category", {"category": "tidak-ada"}, 422),
    ("unknown area", {"area": "99.99"}, 422),
    ("outside Indonesia", {"latitude": 48.85, "longitude": 2.35}, 422),
    ("no consent", {"consent": False}, 422),
    ("too long", {"title": "x" * 151}, 422),
    ("bad phone", {"reporter": {"phone": "12"}}, 422),
]


@pytest.mark.parametrize(("case", "change", "status"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_problem_and_changes_nothing(
    client: Client, city: City, case: str, change: dict[str, Any], status: int
) -> None:
    change = dict(change)
    if "raw" in change:
        kwargs = {"content_type": change.pop("content_type", "application/json")}
        response = Api(client).post("/complaints", raw=change["raw"], **kwargs)
    else:
        response = Api(client).post("/complaints", report(city, **change))
    body = is_problem(response, status)
    if status == 422:
        assert body["errors"], body
    assert not Complaint.objects.exists()


def test_an_oversized_body_is_a_413(client: Client, city: City, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    response = Api(client).post("/complaints", report(city))
    is_problem(response, 413)
    assert not Complaint.objects.exists()


def test_unknown_addresses_and_methods_answer_in_the_same_shape(client: Client) -> None:
    is_problem(client.get("/api/v1/tidak-ada"), 404)
    is_problem(client.delete("/api/v1/categories"), 405)


def test_more_photos_than_the_citys_limit_are_refused(
    client: Client, city: City, settings: Any
) -> None:
    settings.ADUAN_MAX_PHOTOS = 2
    body = is_problem(Api(client).post("/complaints", report(city, photos=[photo_b64()] * 3)), 422)
    assert body["errors"][0]["field"] == "body.photos"
    assert not Complaint.objects.exists()
