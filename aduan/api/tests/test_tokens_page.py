"""The staff page of personal API tokens: made and revoked by their owner only, shown once."""

from __future__ import annotations

from django.test import Client

from aduan.accounts.apikeys import ApiKey
from aduan.api.tests.apiclient import Api, is_problem
from aduan.audit.models import AuditEntry
from aduan.testing import City, staff_login


def test_an_officer_makes_a_token_sees_it_once_and_revokes_it(client: Client, city: City) -> None:
    staff_login(client, city.officer_a)
    made = client.post("/staf/token/", {"name": "skrip laporan", "scope": "read", "days": "30"})
    assert made.status_code == 200
    token = made.context["new_token"]
    assert token.startswith("aduan_") and token in made.content.decode()
    page = client.get("/staf/token/").content.decode()
    assert "skrip laporan" in page and token not in page  # shown once only
    assert Api(Client(), token).get("/staff/queues").status_code == 200
    key = ApiKey.objects.get()
    assert AuditEntry.objects.filter(action="apikey.create", object_id=str(key.pk)).exists()
    revoked = client.post(f"/staf/token/{key.pk}/cabut/")
    assert revoked.status_code == 302
    is_problem(Api(Client(), token).get("/staff/queues"), 401)
    assert AuditEntry.objects.filter(action="apikey.revoke", object_id=str(key.pk)).exists()


def test_nobody_else_can_revoke_or_see_a_token(client: Client, city: City) -> None:
    staff_login(client, city.officer_a)
    client.post("/staf/token/", {"name": "milik A", "scope": "act", "days": "90"})
    key = ApiKey.objects.get()
    other = Client()
    staff_login(other, city.officer_b)
    assert "milik A" not in other.get("/staf/token/").content.decode()
    assert other.post(f"/staf/token/{key.pk}/cabut/").status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_a_token_without_a_name_is_refused(client: Client, city: City) -> None:
    staff_login(client, city.officer_a)
    response = client.post("/staf/token/", {"name": " ", "scope": "read", "days": "30"})
    assert response.status_code == 400
    assert not ApiKey.objects.exists()


def test_citizens_have_no_token_page(client: Client, city: City) -> None:
    client.force_login(city.citizen)
    assert client.get("/staf/token/").status_code == 403
