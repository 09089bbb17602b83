"""Garbage posted to any action form gets a clear answer, never a server error, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from aduan.complaints.models import Complaint
from aduan.complaints.states import TRANSITIONS, Actor
from aduan.staff.action_specs import SPECS
from aduan.testing import City, complaint_in, staff_login

# Who may take each action on an agency A complaint, by the transition table's actors.
ACTORS = {
    Actor.VERIFIER: "verifier",
    Actor.OFFICER: "officer_a",
    Actor.SUPERVISOR: "supervisor_a",
}


def _taker(action: str) -> str:
    for actor, persona in ACTORS.items():
        if actor in TRANSITIONS[action].actors:
            return persona
    raise AssertionError(f"no staff actor for {action}")


def _garbage(spec_name: str, version: int) -> list[dict[str, Any]]:
    fields = [name for name in SPECS[spec_name].form.base_fields if name != "version"]
    junk = {f"{spec_name}-{name}": "x" * 6000 for name in fields}
    payloads: list[dict[str, Any]] = [
        {},
        {f"{spec_name}-version": "dua"},
        {f"{spec_name}-version": "-1"},
        {f"{spec_name}-version": "9" * 30},
    ]
    if fields:  # forms with nothing to fill would simply be taken with a right version
        # Every field over its length limit and no choice valid.
        payloads.append({f"{spec_name}-version": str(version), **junk})
    return payloads


@pytest.mark.parametrize("name", sorted(SPECS))
def test_garbage_never_breaks_an_action_and_changes_nothing(
    client: Client, city: City, name: str
) -> None:
    start = sorted(TRANSITIONS[name].sources)[0]
    c = complaint_in(city, start)
    persona = _taker(name)
    staff_login(client, getattr(city, persona))
    url = reverse("staff:action", args=[c.tracking_code, name])
    before = Complaint.objects.values("status", "version", "title", "agency_id").get(pk=c.pk)
    for payload in _garbage(name, c.version):
        response = client.post(url, payload)
        assert response.status_code in (302, 400, 409), (name, payload.keys(), response.status_code)
        if response.status_code == 302:
            page = client.get(response["Location"]).content.decode()
            assert "Formulir tidak lengkap" in page or "Periksa" in page or "wajib" in page, (
                name,
                payload,
                response["Location"],
            )
        else:
            assert "error" in response.content.decode()
        after = Complaint.objects.values("status", "version", "title", "agency_id").get(pk=c.pk)
        assert after == before, (name, payload.keys())


def test_an_unknown_action_or_complaint_is_not_found(client: Client, city: City) -> None:
    c = complaint_in(city, "submitted")
    staff_login(client, city.verifier)
    assert client.post(reverse("staff:action", args=[c.tracking_code, "hapus"])).status_code == 404
    missing = reverse("staff:action", args=["ADU-AAA-AAA-AAA", "verify"])
    assert client.post(missing).status_code == 404
    assert client.get(reverse("staff:action", args=[c.tracking_code, "verify"])).status_code == 405
