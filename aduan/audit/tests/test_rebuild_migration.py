"""Existing data migrates: citizen accounts get encrypted, the audit chain is rebuilt without them.

The database is taken back to before accounts 0004 / audit 0003, filled the way the old code
wrote it (a citizen whose username is their email, audit entries hashing that username and the
IP address), then migrated forward. Runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from aduan.accounts import citizens
from aduan.accounts.models import User
from aduan.audit.models import AuditAddress, AuditEntry

BEFORE = [("accounts", "0003_second_factors"), ("audit", "0002_append_only_actor")]
rebuild = importlib.import_module("aduan.audit.migrations.0003_chain_without_personal_data")

EMAIL = "siti.aminah@example.test"
PHONE_USERNAME = "+6281398765432"
CITIZEN_IP = "203.0.113.45"
STAFF_IP = "198.51.100.7"
PASSWORD = "kebun-mangga-di-depan-rumah"


def _executor() -> MigrationExecutor:
    return MigrationExecutor(connection)


@pytest.fixture
def old_schema(transactional_db: None) -> Iterator[Any]:
    """Historical models of the old schema; the database is migrated forward again afterwards."""
    executor = _executor()
    executor.migrate(BEFORE)
    try:
        yield executor.loader.project_state(BEFORE).apps
    finally:
        executor = _executor()
        executor.migrate(executor.loader.graph.leaf_nodes())


def _old_entry(apps: Any, prev: str, **values: Any) -> Any:
    AuditEntry = apps.get_model("audit", "AuditEntry")
    entry = AuditEntry(
        object_type="complaints.complaint",
        object_id="1",
        before={},
        after={},
        reason="",
        created_at=timezone.now(),
        prev_hash=prev,
        **values,
    )
    entry.entry_hash = rebuild.old_hash(entry)
    entry.save(force_insert=True)
    return entry


def _old_chain(apps: Any, *, tamper: bool = False) -> str:
    """A citizen, a staff member and three old-style entries; returns the old last hash."""
    from django.contrib.auth.hashers import make_password

    User_ = apps.get_model("accounts", "User")
    citizen = User_.objects.create(
        username=EMAIL,
        email=EMAIL,
        display_name="Siti Aminah",
        is_citizen=True,
        password=make_password(PASSWORD),
    )
    by_phone = User_.objects.create(
        username=PHONE_USERNAME, is_citizen=True, password=make_password(PASSWORD)
    )
    officer = User_.objects.create(username="petugas_lama", display_name="Petugas Lama")
    first = _old_entry(
        apps,
        rebuild.GENESIS_HASH,
        actor_id=citizen.pk,
        actor_label=EMAIL,
        action="complaint.submit",
        ip=CITIZEN_IP,
    )
    second = _old_entry(
        apps,
        first.entry_hash,
        actor_id=by_phone.pk,
        actor_label=PHONE_USERNAME,
        action="complaint.support",
        ip=CITIZEN_IP,
    )
    third = _old_entry(
        apps,
        second.entry_hash,
        actor_id=officer.pk,
        actor_label="petugas_lama",
        action="complaint.accept",
        ip=STAFF_IP,
    )
    if tamper:
        apps.get_model("audit", "AuditEntry").objects.filter(pk=second.pk).update(reason="x")
    apps.get_model("audit", "AuditHead").objects.update_or_create(
        id=1, defaults={"last_hash": third.entry_hash, "count": 3}
    )
    return str(first.entry_hash)


def _migrate_forward() -> None:
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _raw(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return "\n".join(" | ".join(str(v) for v in row) for row in cursor.fetchall())


def test_existing_citizen_accounts_are_encrypted_and_still_sign_in(old_schema: Any) -> None:
    _old_chain(old_schema)

    _migrate_forward()

    raw = _raw("accounts_user")
    assert EMAIL not in raw and "Siti" not in raw and "81398765432" not in raw
    by_email = citizens.find_citizen("email", EMAIL)
    by_phone = citizens.find_citizen("phone", PHONE_USERNAME)
    assert by_email is not None and by_email.citizen_name == "Siti Aminah"
    assert by_phone is not None and by_phone.citizen_phone == PHONE_USERNAME
    assert by_email.username.startswith("warga-") and by_phone.username.startswith("warga-")
    for contact in (EMAIL.upper(), "0813-9876-5432"):
        client = Client()
        response = client.post("/akun/masuk/", {"contact": contact, "password": PASSWORD})
        assert response.status_code == 302, contact
    assert User.objects.get(username="petugas_lama").display_name == "Petugas Lama"


def test_the_audit_chain_is_rebuilt_without_contacts_or_addresses_and_verifies(
    old_schema: Any,
) -> None:
    old_anchor = _old_chain(old_schema)

    _migrate_forward()

    raw = _raw("audit_auditentry")
    assert EMAIL not in raw and PHONE_USERNAME not in raw and CITIZEN_IP not in raw
    labels = list(AuditEntry.objects.order_by("id").values_list("actor_label", flat=True))
    assert labels[0].startswith("warga-") and labels[1].startswith("warga-")
    assert labels[2] == "petugas_lama"
    assert AuditAddress.objects.get(ip=STAFF_IP).public is False
    assert AuditAddress.objects.filter(ip=CITIZEN_IP, public=True).count() == 2
    note = AuditEntry.objects.get(action="audit.rebuilt_without_personal_data")
    assert note.before["intact"] is True and note.after["entries"] == 3
    out = StringIO()
    call_command("verify_audit", "--anchor", old_anchor, stdout=out)
    assert "Audit log intact: 4 entries" in out.getvalue()


def test_a_chain_already_broken_is_rebuilt_with_the_break_on_record(old_schema: Any) -> None:
    _old_chain(old_schema, tamper=True)

    _migrate_forward()

    note = AuditEntry.objects.get(action="audit.rebuilt_without_personal_data")
    assert note.before["intact"] is False
    assert "content did not match its hash" in note.after["problem"]
