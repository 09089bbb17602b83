"""The audit chain names citizens by an opaque reference and keeps their IP addresses erasable."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from aduan.accounts.models import User
from aduan.audit.log import expire_public_addresses, record
from aduan.audit.models import AuditAddress, AuditEntry
from aduan.complaints import actions
from aduan.testing import City, sign_up, submit

CITIZEN_IP = "203.0.113.45"
STAFF_IP = "198.51.100.7"
EMAIL = "rina.wulandari@example.test"


def _citizen_by_sign_up() -> User:
    client = Client()
    sign_up(client, EMAIL, name="Rina Wulandari", password="kebun-mangga-di-depan-rumah")
    return User.objects.get(pk=client.session["_auth_user_id"])


def _raw_audit_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditentry")
        return "\n".join(" | ".join(str(v) for v in row) for row in cursor.fetchall())


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_a_citizens_report_leaves_no_email_name_or_ip_in_the_audit_entries(city: City) -> None:
    citizen = _citizen_by_sign_up()

    complaint = submit(
        city,
        by=citizen,
        reporter=actions.ReporterDetails(name="Rina Wulandari", email=EMAIL, user=citizen),
        ip=CITIZEN_IP,
    )

    entry = AuditEntry.objects.get(action="complaint.submit", object_id=str(complaint.pk))
    assert entry.actor_id == citizen.pk
    raw = _raw_audit_rows()
    assert EMAIL not in raw and "Rina" not in raw and CITIZEN_IP not in raw
    assert citizen.username in raw  # the opaque reference names them


def test_a_citizens_ip_is_kept_beside_the_chain_for_investigations_then_erased(
    city: City,
) -> None:
    complaint = submit(city, ip=CITIZEN_IP)
    record(actor=city.verifier, action="test.staff", obj=complaint, ip=STAFF_IP)
    entry = AuditEntry.objects.get(action="complaint.submit")
    assert entry.ip == CITIZEN_IP  # kept for now, outside the hashed content

    later = timezone.now() + timedelta(days=91)
    assert expire_public_addresses(later) == 1

    assert AuditEntry.objects.get(pk=entry.pk).ip is None
    assert AuditEntry.objects.get(action="test.staff").ip == STAFF_IP
    assert "Audit log intact" in _verify()


def test_nothing_is_erased_before_the_retention_time(city: City) -> None:
    submit(city, ip=CITIZEN_IP)

    assert expire_public_addresses(timezone.now() + timedelta(days=89)) == 0
    assert AuditAddress.objects.filter(ip=CITIZEN_IP).exists()


def test_an_ip_address_altered_beside_the_chain_is_detected(city: City) -> None:
    complaint = submit(city, ip=CITIZEN_IP)
    entry = AuditEntry.objects.get(action="complaint.submit", object_id=str(complaint.pk))

    AuditAddress.objects.filter(pk=entry.pk).update(ip="192.0.2.99")

    with pytest.raises(CommandError, match=f"entry #{entry.pk}: its IP address does not match"):
        _verify()
