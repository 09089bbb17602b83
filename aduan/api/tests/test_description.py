"""The OpenAPI description at its stable address, the readable reference page, and every staff
transition of the states table present as an endpoint."""

from __future__ import annotations

from django.test import Client

from aduan.api.staff import STAFF_ACTIONS
from aduan.complaints.states import TRANSITIONS, Actor


def test_the_description_is_openapi_3_at_a_stable_address(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["version"] == "1"
    assert "/api/v1/staff/complaints/{code}/verify" in spec["paths"]
    problem = spec["paths"]["/api/v1/complaints"]["post"]["responses"]["4XX"]
    assert "application/problem+json" in problem["content"]


def test_the_reference_page_lists_every_operation_and_error(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    page = client.get("/api/v1/referensi/")
    assert page.status_code == 200
    html = page.content.decode()
    for path, item in spec["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in html
    assert 'id="masalah-stale"' in html and 'id="masalah-token-revoked"' in html


def test_every_staff_transition_has_an_endpoint() -> None:
    staff = {Actor.VERIFIER, Actor.OFFICER, Actor.SUPERVISOR}
    wanted = {name for name, t in TRANSITIONS.items() if t.actors & staff and name != "submit"}
    assert wanted == STAFF_ACTIONS
    spec_paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for name in STAFF_ACTIONS:
        assert f"/api/v1/staff/complaints/{{code}}/{name}" in spec_paths
