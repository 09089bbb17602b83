"""manage.py verify_audit: intact logs pass; altered, removed or out-of-order entries are named."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from aduan.audit.log import record
from aduan.audit.models import AuditEntry
from aduan.testing import City, complaint_in

pytestmark = pytest.mark.django_db


def _five_entries() -> list[AuditEntry]:
    return [record(actor="tester", action=f"test.step{i}", after={"i": i}) for i in range(5)]


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_an_intact_log_passes_with_a_summary(city: City) -> None:
    complaint_in(city, "closed")

    output = _verify()

    count = AuditEntry.objects.count()
    assert count > 5
    assert f"Audit log intact: {count} entries, chain intact" in output


def test_an_empty_log_passes() -> None:
    assert "0 entries, chain intact" in _verify()


def test_an_altered_entry_is_named() -> None:
    entries = _five_entries()
    _sql("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["ditutupi", entries[2].pk])

    with pytest.raises(CommandError, match=rf"entry #{entries[2].pk}: content does not match"):
        _verify()


def test_an_altered_value_inside_the_json_is_named() -> None:
    entries = _five_entries()
    _sql("UPDATE audit_auditentry SET after = %s WHERE id = %s", ['{"i": 99}', entries[1].pk])

    with pytest.raises(CommandError, match=rf"entry #{entries[1].pk}: content"):
        _verify()


def test_an_entry_removed_from_the_middle_is_detected_at_the_next_one() -> None:
    entries = _five_entries()
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])

    with pytest.raises(
        CommandError,
        match=rf"entry #{entries[3].pk}: its previous-hash link does not match entry #{entries[1].pk}",
    ):
        _verify()


def test_an_entry_removed_from_the_end_is_detected() -> None:
    entries = _five_entries()
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[4].pk])

    with pytest.raises(CommandError, match=rf"ends at entry #{entries[3].pk} after 4 entries"):
        _verify()


def test_the_first_entry_removed_is_detected() -> None:
    entries = _five_entries()
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])

    with pytest.raises(CommandError, match=rf"entry #{entries[1].pk}: .*the start of the log"):
        _verify()


def test_an_entry_inserted_out_of_order_is_named() -> None:
    entries = _five_entries()
    # A forged entry with a correct hash over its own content, linked to an old entry.
    forged = AuditEntry(
        actor_label="penyusup",
        action="test.forged",
        object_type="",
        object_id="",
        before={},
        after={},
        reason="",
        created_at=entries[1].created_at,
        prev_hash=entries[1].entry_hash,
    )
    forged.entry_hash = forged.compute_hash()
    forged.save(force_insert=True)

    with pytest.raises(CommandError, match=rf"entry #{forged.pk}: its previous-hash link"):
        _verify()


def test_two_entries_swapped_are_detected() -> None:
    entries = _five_entries()
    a, b = entries[1], entries[2]
    _sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", [10_000, a.pk])
    _sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", [a.pk, b.pk])
    _sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", [b.pk, 10_000])

    with pytest.raises(CommandError, match=rf"entry #{a.pk}: its previous-hash link"):
        _verify()


def test_a_chain_rewritten_from_the_start_fails_against_an_earlier_anchor() -> None:
    _five_entries()
    anchor = AuditEntry.objects.order_by("-id").first().entry_hash  # type: ignore[union-attr]
    call_command("verify_audit", "--anchor", anchor, stdout=StringIO())
    _sql("DELETE FROM audit_auditentry", [])
    _sql("DELETE FROM audit_audithead", [])
    record(actor="tester", action="test.rewritten")

    with pytest.raises(CommandError, match="no longer in the chain"):
        call_command("verify_audit", "--anchor", anchor, stdout=StringIO())
