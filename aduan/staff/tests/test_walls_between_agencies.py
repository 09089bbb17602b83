"""The walls: every staff URL pattern, walked by every persona, with agency A's complaint in the path.

An officer of agency B gets 404 for agency A's complaint by URL, by search and by attachment URL;
anonymous visitors are sent to the staff sign-in; citizens and outsiders get 403 or 404.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from aduan.complaints.models import Attachment, Complaint
from aduan.complaints.states import Status
from aduan.staff import urls as staff_urls
from aduan.testing import City, complaint_in, photo, staff_login

# The sign-in, sign-out, 2FA and password pages are open to people who are not signed in yet.
SIGN_IN_PAGES = {
    "login",
    "logout",
    "2fa_setup",
    "2fa_verify",
    "2fa_recovery_codes",
    "password_reset",
    "password_reset_sent",
    "password_reset_confirm",
}
SEES_A = {"verifier", "officer_a", "supervisor_a", "leadership", "dpo"}
SHUT_OUT = {"citizen", "outsider"}


def _patterns(resolver: Any, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver:
        if isinstance(entry, URLResolver):
            found += _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name not in SIGN_IN_PAGES:
            found.append((prefix + str(entry.pattern), entry))
    return found


def _fill(pattern: URLPattern, complaint: Complaint, attachment: Attachment) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in pattern.pattern.regex.groupindex:
        if name == "code":
            values[name] = complaint.tracking_code
        elif name == "pk" and pattern.name == "attachment":
            values[name] = attachment.pk
        elif name == "slug":
            values[name] = "semua"
        elif name == "name":
            values[name] = "accept"
        elif name == "number":
            values[name] = 1  # a signed version of a monthly report (walked like "pk" below)
        elif name == "fmt":
            values[name] = "pdf"
        elif name == "pk":
            # Another part of the console's own rows (e.g. a notification); walked for 5xx,
            # sign-in and shut-out only.
            values[name] = 1
        else:
            pytest.fail(f"tell this test how to fill <{name}> of staff URL {pattern.name!r}")
    return values


def _names_object(pattern: URLPattern) -> bool:
    """Whether the URL names agency A's complaint or one of its attachments.

    Other rows in staff URLs (a notification, the DPO's requests and breaches) are walked for
    5xx, the sign-in and shut-out here; their own walls are tested with their pages (e.g.
    aduan/privacy/tests/test_dpo_pages.py).
    """
    params = set(pattern.pattern.regex.groupindex)
    return "code" in params or (pattern.name == "attachment" and "pk" in params)


@pytest.fixture
def world(city: City) -> tuple[City, Complaint, Attachment]:
    from aduan.complaints.attachments import attach

    c = complaint_in(city, Status.ROUTED)
    [attachment] = attach(c, [photo()])
    return city, c, attachment


def _request(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


PERSONAS = [
    "anonymous",
    "citizen",
    "verifier",
    "officer_a",
    "officer_b",
    "supervisor_a",
    "leadership",
    "administrator",
    "dpo",
    "outsider",
]


def test_the_walk_covers_the_console(world: tuple[City, Complaint, Attachment]) -> None:
    names = {p.name for _, p in _patterns(staff_urls.urlpatterns)}
    assert {"home", "queue", "complaint", "action", "identity", "attachment", "intake"} <= names


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_staff_url_with_every_persona(
    client: Client, world: tuple[City, Complaint, Attachment], persona: str
) -> None:
    city, complaint, attachment = world
    if persona != "anonymous":
        user = city.personas[persona]
        if persona in SHUT_OUT:
            client.force_login(user)
        else:
            staff_login(client, user)
    problems = []
    for _route, pattern in _patterns(staff_urls.urlpatterns):
        url = reverse(f"staff:{pattern.name}", kwargs=_fill(pattern, complaint, attachment))
        response = _request(client, url)
        status = response.status_code
        if status >= 500:
            problems.append(f"{url}: {status}")
        elif persona == "anonymous":
            if status != 302 or "/staf/masuk/" not in response.get("Location", ""):
                problems.append(f"{url}: anonymous got {status}, not the sign-in")
        elif persona in SHUT_OUT:
            if status not in (403, 404):
                problems.append(f"{url}: {persona} got {status}")
        elif _names_object(pattern):
            if persona in SEES_A and status == 404:
                problems.append(f"{url}: {persona} should see agency A's complaint")
            if persona not in SEES_A and status != 404:
                problems.append(f"{url}: {persona} got {status} for agency A's complaint")
    assert not problems, "\n".join(problems)


def test_officer_b_cannot_find_agency_as_complaint_by_search(
    client: Client, world: tuple[City, Complaint, Attachment]
) -> None:
    city, complaint, _attachment = world
    staff_login(client, city.officer_b)
    link = reverse("staff:complaint", args=[complaint.tracking_code])
    for q in (complaint.tracking_code, "berlubang"):
        html = client.get(reverse("staff:queue", args=["semua"]), {"q": q}).content.decode()
        assert link not in html
    staff_login(client, city.officer_a)
    html = client.get(reverse("staff:queue", args=["semua"]), {"q": "berlubang"}).content.decode()
    assert link in html


def test_officer_b_cannot_act_on_agency_as_complaint(
    client: Client, world: tuple[City, Complaint, Attachment]
) -> None:
    city, complaint, _attachment = world
    staff_login(client, city.officer_b)
    response = client.post(
        reverse("staff:action", args=[complaint.tracking_code, "accept"]),
        {"accept-version": complaint.version},
    )
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == Status.ROUTED


def test_an_attachment_is_streamed_safely_to_those_who_may_see_it(
    client: Client, world: tuple[City, Complaint, Attachment]
) -> None:
    city, _complaint, attachment = world
    staff_login(client, city.officer_a)
    response = client.get(reverse("staff:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    staff_login(client, city.officer_b)
    assert client.get(reverse("staff:attachment", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("staff:attachment", args=[999999])).status_code == 404


def test_a_coordinating_agency_sees_the_case_it_was_asked_to_help_with(
    client: Client, city: City
) -> None:
    from aduan.complaints import actions

    c = complaint_in(city, Status.IN_PROGRESS)
    staff_login(client, city.officer_b)
    assert client.get(reverse("staff:complaint", args=[c.tracking_code])).status_code == 404
    actions.request_coordination(c, by=city.officer_a, agency=city.agency_b, message="Bantu.")
    assert client.get(reverse("staff:complaint", args=[c.tracking_code])).status_code == 200


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_officer_b_cannot_export_agency_as_complaint(
    client: Client, world: tuple[City, Complaint, Attachment]
) -> None:
    city, complaint, _attachment = world
    url = reverse("staff:reports_export")
    staff_login(client, city.officer_b)
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    assert complaint.tracking_code.encode() not in _body(response)
    staff_login(client, city.officer_a)
    response = client.get(url, {"format": "csv"})
    assert complaint.tracking_code.encode() in _body(response), "the export works for agency A"


# ---------------------------------------------------------------------------------------------
# The same walls through the JSON API: every staff operation that names a complaint.


def _sample(
    spec: dict[str, Any], schema: dict[str, Any], version: int, code: str
) -> dict[str, Any]:
    """A valid body for an operation: its required fields filled with plausible values."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    body: dict[str, Any] = {}
    for name in schema.get("required", []):
        prop = schema["properties"][name]
        if name == "version":
            body[name] = version
        elif "enum" in prop:
            body[name] = next(v for v in prop["enum"] if v)
        elif prop.get("type") == "integer":
            body[name] = 1
        elif name in {"target", "agency", "unit"}:
            body[name] = "dlh"
        elif name == "channel":
            body[name] = "phone"
        elif name == "into":
            body[name] = code
        else:
            body[name] = "Teks uji yang cukup panjang"
    return body


def test_officer_b_gets_404_for_agency_as_complaint_through_every_api_operation(
    world: tuple[City, Complaint, Attachment],
) -> None:
    from aduan.api.tests.apiclient import token_for
    from aduan.api.v1 import api

    city, complaint, _attachment = world
    spec = api.get_openapi_schema()
    clients = {}
    for who in ("officer_b", "officer_a"):
        client = Client()
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(getattr(city, who))}"
        clients[who] = client
    walked = 0
    for path, item in spec["paths"].items():
        if "{code}" not in path:
            continue
        for method, op in item.items():
            if not op.get("security"):
                continue  # public endpoints: the citizen's rules, tested with them
            url = path.replace("{code}", complaint.tracking_code)
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            # A version far ahead: officer A's request is refused as stale, so nothing changes
            # while every operation is walked; officer B's stops at the wall before that.
            stale = complaint.version + 1000
            sample = _sample(spec, body["schema"], stale, complaint.tracking_code) if body else None
            for who, expect_404 in (("officer_b", True), ("officer_a", False)):
                client = clients[who]
                if method == "get":
                    response = client.get(url)
                else:
                    response = client.post(url, sample or {}, content_type="application/json")
                assert (response.status_code == 404) == expect_404, (
                    who,
                    method,
                    url,
                    response.status_code,
                    response.content[:300],
                )
            walked += 1
    assert walked >= 16
    complaint.refresh_from_db()
    assert complaint.status == Status.ROUTED
