"""The channel reference and the original message are identity (DESIGN §6): encrypted at rest, shown
only through the logged reveal, exported, and erased with the rest of the reporter's identity."""

from __future__ import annotations

import json

from django.db import connection
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import Membership
from aduan.complaints import actions
from aduan.complaints.models import Complaint, Reporter
from aduan.privacy.identity import reveal
from aduan.privacy.models import IdentityAccess
from aduan.privacy.subjects import anonymise, export_data
from aduan.testing import City, staff_login

REFERENCE = "WA dari +62 857 2020 4141"
ORIGINAL = "Pagi Pak, saya Rukmini Wulandari Contoh, lampu PJU di gang kami mati sejak Kamis."


def _record(client: Client, city: City, *, anonim: bool) -> Complaint:
    staff_login(client, city.verifier)
    data = {
        "channel": "whatsapp",
        "channel_reference": REFERENCE,
        "original_message": ORIGINAL,
        "category": str(city.road.pk),
        "title": "Lampu PJU mati",
        "description": "Lampu penerangan jalan di gang mati sejak Kamis.",
        "area": city.kelurahan.code,
    }
    if anonim:
        data["is_anonymous"] = "on"
    response = client.post(reverse("staff:intake"), data)
    assert response.status_code == 302
    return Complaint.objects.get()


def _raw_database() -> str:
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump += [" | ".join(str(value) for value in row) for row in cursor.fetchall()]
    return "\n".join(dump)


def test_they_are_encrypted_at_rest(client: Client, city: City) -> None:
    complaint = _record(client, city, anonim=True)

    raw = _raw_database()

    assert "2020 4141" not in raw and "Rukmini" not in raw and "sejak Kamis." in raw
    # Kept even without a name or contact: the reporter record holds them.
    assert complaint.reporter is not None
    assert complaint.reporter.channel_reference == REFERENCE


def test_the_desk_sees_them_only_after_giving_a_reason(client: Client, city: City) -> None:
    complaint = _record(client, city, anonim=True)
    url = reverse("staff:complaint", args=[complaint.tracking_code])

    page = client.get(url).content.decode()
    assert "WhatsApp" in page  # the kind of channel stays visible
    assert REFERENCE not in page and "Rukmini" not in page

    opened = client.post(
        reverse("staff:identity", args=[complaint.tracking_code]),
        {"reason": "Menghubungi pelapor untuk lokasi"},
    ).content.decode()

    assert REFERENCE in opened and "Rukmini Wulandari Contoh" in opened
    access = IdentityAccess.objects.get()
    assert {"channel_reference", "original_message"} <= set(access.fields)
    assert access.reason == "Menghubungi pelapor untuk lokasi"


def test_an_officer_with_the_identity_permission_opens_a_named_reporters_only_with_a_reason(
    client: Client, city: City
) -> None:
    Membership.objects.filter(user=city.officer_a).update(can_view_identity=True)
    named = _record(client, city, anonim=False)
    actions.verify_complaint(named, by=city.verifier, target=city.agency_a)
    staff_login(client, city.officer_a)

    page = client.get(reverse("staff:complaint", args=[named.tracking_code])).content.decode()
    assert REFERENCE not in page and "Rukmini" not in page
    opened = client.post(
        reverse("staff:identity", args=[named.tracking_code]), {"reason": "Survei lokasi"}
    )
    assert REFERENCE in opened.content.decode()

    Complaint.objects.filter(pk=named.pk).update(is_anonymous=True)
    refused = client.post(
        reverse("staff:identity", args=[named.tracking_code]), {"reason": "Survei lokasi"}
    )
    assert refused.status_code == 403 and REFERENCE not in refused.content.decode()


def test_an_access_request_exports_them(client: Client, city: City) -> None:
    complaint = _record(client, city, anonim=True)
    reporter = Reporter.objects.get(complaints=complaint)

    exported = json.dumps(export_data([reporter]), ensure_ascii=False)

    assert REFERENCE in exported and ORIGINAL in exported


def test_a_deletion_request_erases_them_with_the_rest(client: Client, city: City) -> None:
    complaint = _record(client, city, anonim=True)
    reporter = Reporter.objects.get(complaints=complaint)

    anonymise(reporter, by=city.dpo, reason="Permintaan penghapusan PSD-1")

    identity = reveal(city.dpo, complaint, "Memeriksa penghapusan")
    assert (identity["channel_reference"], identity["original_message"]) == ("", "")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT channel_reference, original_message FROM complaints_reporter WHERE id = %s",
            [reporter.pk],
        )
        assert cursor.fetchone() == ("", "")
