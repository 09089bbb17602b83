"""No code path updates or deletes audit entries; the actor's removal does not rewrite them."""

from __future__ import annotations

import pytest

from aduan.audit.log import record, verify_chain
from aduan.audit.models import AppendOnlyError, AuditEntry
from aduan.testing import City


@pytest.fixture
def entry(db: None) -> AuditEntry:
    return record(actor="tester", action="test.one", after={"x": 1})


def test_an_entry_cannot_be_saved_again(entry: AuditEntry) -> None:
    entry.reason = "diubah"

    with pytest.raises(AppendOnlyError):
        entry.save()


def test_an_entry_cannot_be_deleted(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_the_queryset_refuses_update_and_delete(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["reason"])
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_removing_a_user_leaves_their_entries_and_the_chain_intact(city: City) -> None:
    record(actor=city.officer_a, action="test.by_officer")
    officer_id = city.officer_a.pk

    city.officer_a.delete()

    remaining = AuditEntry.objects.get(action="test.by_officer")
    assert (remaining.actor_id, remaining.actor_label) == (officer_id, "petugas_a")
    assert verify_chain()[0] is True


def test_an_ipv6_address_is_stored_in_a_form_that_hashes_the_same(db: None) -> None:
    record(actor="tester", action="test.ip", ip="2001:DB8:0:0::1")

    assert AuditEntry.objects.get(action="test.ip").ip == "2001:db8::1"
    assert verify_chain()[0] is True
