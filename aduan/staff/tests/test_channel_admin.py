"""Channels are data: an administrator adds the city's channels in the admin, the desk's intake
offers the active ones, and a code that is not an active channel is refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import User
from aduan.audit.models import AuditEntry
from aduan.complaints import actions
from aduan.complaints.channels import Channel, ChannelKind
from aduan.complaints.errors import InvalidInput, NotPermitted
from aduan.complaints.models import Complaint
from aduan.testing import City, staff_login, submit


@pytest.fixture
def admin_client(client: Client, city: City) -> Client:
    root = User.objects.create_superuser("root", "root@example.test", "kata-sandi-uji-123")
    staff_login(client, root)
    return client


def _intake(**overrides: str) -> dict[str, str]:
    values = {
        "channel": "jaki",
        "title": "Jalan berlubang di depan SDN 3",
        "description": "Dilaporkan lewat JAKI; lubang besar di lajur kiri.",
        "address": "Jl. Merdeka",
    }
    values.update(overrides)
    return values


def test_an_administrator_adds_a_channel_and_the_desk_records_complaints_from_it(
    admin_client: Client, city: City
) -> None:
    response = admin_client.post(
        reverse("admin:complaints_channel_add"),
        {
            "name": "JAKI",
            "code": "jaki",
            "kind": ChannelKind.PARTNER,
            "usually_geotagged": "on",
            "is_active": "on",
            "position": "5",
        },
    )
    assert response.status_code == 302
    jaki = Channel.objects.get(code="jaki")
    assert (jaki.name, jaki.kind, jaki.usually_geotagged) == ("JAKI", "partner", True)
    entry = AuditEntry.objects.get(action="admin.add", object_id=str(jaki.pk))
    assert entry.after["name"] == "JAKI" and entry.after["code"] == "jaki"

    desk = Client()
    staff_login(desk, city.verifier)
    form = desk.get(reverse("staff:intake")).content.decode()
    assert '<option value="jaki">JAKI</option>' in form
    assert '<option value="web"' not in form  # the website's form is the citizen's own
    done = desk.post(reverse("staff:intake"), _intake(category=str(city.road.pk)))
    assert done.status_code == 302
    assert Complaint.objects.get().channel.name == "JAKI"


def test_a_switched_off_channel_is_not_offered_and_not_accepted(client: Client, city: City) -> None:
    Channel.objects.create(code="jaki", name="JAKI", kind=ChannelKind.PARTNER, is_active=False)
    staff_login(client, city.verifier)
    assert "JAKI" not in client.get(reverse("staff:intake")).content.decode()
    response = client.post(reverse("staff:intake"), _intake(category=str(city.road.pk)))
    assert response.status_code == 400
    assert response.context["form"].errors["channel"]
    assert not Complaint.objects.exists()


def test_a_used_channel_keeps_its_code_and_cannot_be_deleted(
    admin_client: Client, city: City
) -> None:
    whatsapp = Channel.objects.get(code="whatsapp")
    submit(city, by=city.verifier, channel="whatsapp")
    page = admin_client.get(reverse("admin:complaints_channel_change", args=[whatsapp.pk]))
    html = page.content.decode()
    assert 'name="name"' in html and 'name="code"' not in html
    delete = reverse("admin:complaints_channel_delete", args=[whatsapp.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Channel.objects.filter(code="whatsapp").exists()


def test_the_websites_channel_cannot_be_switched_off(admin_client: Client, city: City) -> None:
    web = Channel.objects.get(code="web")
    html = admin_client.get(reverse("admin:complaints_channel_change", args=[web.pk])).content
    assert b'name="is_active"' not in html


def test_an_unknown_or_switched_off_code_is_refused_and_nothing_is_saved(city: City) -> None:
    Channel.objects.create(code="lama", name="Kanal lama", kind="messaging", is_active=False)
    for code in ("tidak-ada", "lama"):
        with pytest.raises(InvalidInput):
            submit(city, by=city.verifier, channel=code)
    assert not Complaint.objects.exists()


def test_a_citizen_files_only_through_a_self_service_channel(city: City) -> None:
    with pytest.raises(NotPermitted):
        submit(city, by=None, channel="whatsapp")
    assert submit(city, by=None, channel=Channel.API).channel.kind == ChannelKind.API


def test_a_dispute_told_by_phone_names_the_citys_channel(city: City) -> None:
    from aduan.testing import complaint_in

    Channel.objects.filter(code="phone").update(name="Call Center 112")
    c = complaint_in(city, "resolved")
    actions.reopen_on_dispute(c, by=city.verifier, reason="Masih berlubang.", channel="phone")
    entry = c.timeline.filter(kind="disputed").get()
    assert "Call Center 112" in entry.message
    with pytest.raises(InvalidInput):
        actions.reopen_on_dispute(c, by=city.verifier, reason="Lagi.", channel="web")
