"""privacy.identity.reveal: only with the identity permission and a reason; every opening is logged."""

from __future__ import annotations

import pytest
from django.db import connection

from aduan.audit.models import AuditEntry
from aduan.complaints.errors import InvalidInput, NotPermitted
from aduan.complaints.models import TimelineEntry
from aduan.lib.crypto import DecryptionError
from aduan.privacy.identity import reveal
from aduan.privacy.models import IdentityAccess
from aduan.testing import City, submit


def test_the_desk_sees_the_identity_after_giving_a_reason(city: City) -> None:
    complaint = submit(city)

    identity = reveal(city.verifier, complaint, "Konfirmasi lokasi lewat telepon", ip="10.0.0.5")

    assert identity["name"] == "Siti Aminah"
    assert identity["phone"] == "081234567890"
    access = IdentityAccess.objects.get()
    assert (access.user, access.tracking_code, access.kind, access.ip) == (
        city.verifier,
        complaint.tracking_code,
        "view",
        "10.0.0.5",
    )
    assert access.reason == "Konfirmasi lokasi lewat telepon"
    assert set(access.fields) == {"name", "phone", "email"}
    audit = AuditEntry.objects.get(action="identity.view")
    assert (audit.actor, audit.object_id) == (city.verifier, str(complaint.pk))
    entry = TimelineEntry.objects.get(complaint=complaint, kind="identity_viewed")
    assert entry.is_public is False
    assert "Konfirmasi lokasi" in entry.message


@pytest.mark.parametrize("persona", ["officer_a", "supervisor_a", "administrator", "officer_b"])
def test_staff_without_the_identity_permission_are_refused(city: City, persona: str) -> None:
    complaint = submit(city)

    with pytest.raises(NotPermitted):
        reveal(city.personas[persona], complaint, "ingin tahu")

    assert not IdentityAccess.objects.exists()


def test_a_reason_is_required(city: City) -> None:
    complaint = submit(city)

    with pytest.raises(InvalidInput, match="alasan"):
        reveal(city.verifier, complaint, "   ")

    assert not IdentityAccess.objects.exists()


def test_the_dpo_may_open_an_anonymous_reporter(city: City) -> None:
    complaint = submit(city, category=city.bribe)
    assert complaint.is_anonymous

    assert reveal(city.dpo, complaint, "Permintaan subjek data")["email"] == "siti@example.test"


def test_an_undecryptable_identity_is_an_error_and_not_logged_as_seen(city: City) -> None:
    complaint = submit(city)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_reporter SET name = phone WHERE id = %s", [complaint.reporter_id]
        )

    with pytest.raises(DecryptionError):
        reveal(city.verifier, complaint, "Konfirmasi")

    assert not IdentityAccess.objects.exists()
    assert not TimelineEntry.objects.filter(kind="identity_viewed").exists()
