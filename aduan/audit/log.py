"""Writing audit entries: the only code that creates them, and nothing updates or deletes them."""

from __future__ import annotations

import ipaddress
import secrets
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from aduan.audit.models import (
    GENESIS_HASH,
    AuditAddress,
    AuditEntry,
    AuditHead,
    address_digest,
)


def record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction.

    The head row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions
    serialise writers), so concurrent appenders queue and the chain stays linear; ids are drawn
    after the lock, so id order is chain order.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    address = _ip(ip)
    salt = secrets.token_hex(16) if address else ""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS_HASH}
        )
        entry = AuditEntry(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_label(actor),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            before=before or {},
            after=after or {},
            reason=reason[:500],
            ip_digest=address_digest(salt, address) if address else "",
            created_at=timezone.now(),
            prev_hash=head.last_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
        if address:
            AuditAddress.objects.create(
                entry=entry,
                ip=address,
                salt=salt,
                public=not _is_staff(actor),
                created_at=entry.created_at,
            )
        AuditHead.objects.filter(id=1).update(last_hash=entry.entry_hash, count=head.count + 1)
    return entry


def plain(value: Any) -> Any:
    """A value as the chain keeps it: JSON, and one form for one instant (UTC), whatever the
    time zone it was computed in."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | timedelta):
        return str(value)
    return value


def _is_staff(actor: Any) -> bool:
    """A signed-in staff member; the system, visitors and citizen accounts are the public."""
    return bool(getattr(actor, "pk", None)) and not getattr(actor, "is_citizen", True)


def _ip(ip: str | None) -> str | None:
    # The canonical form, so the hash computed now equals the one computed from the stored value
    # (PostgreSQL's inet type prints IPv6 addresses in their compressed lower-case form).
    if not ip:
        return None
    try:
        return str(ipaddress.ip_address(ip.strip()))
    except ValueError:
        return None


def _label(actor: Any) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    # A citizen's username is an opaque reference (aduan/accounts/citizens.py), never a contact.
    return getattr(actor, "username", None) or str(actor)


def verify_chain() -> tuple[bool, str]:
    """Walk the chain in id order; return (ok, a summary or a message naming the first bad entry)."""
    prev = GENESIS_HASH
    count = 0
    last_id = None
    entries = AuditEntry.objects.select_related("address").order_by("id")
    for entry in entries.iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            after = f"entry #{last_id}" if last_id is not None else "the start of the log"
            return False, (
                f"entry #{entry.pk}: its previous-hash link does not match {after} "
                "(an entry before it was removed, or it was inserted out of order)"
            )
        if entry.compute_hash() != entry.entry_hash:
            return False, f"entry #{entry.pk}: content does not match its hash (altered)"
        address = getattr(entry, "address", None)
        if address is not None and address_digest(address.salt, address.ip) != entry.ip_digest:
            return False, f"entry #{entry.pk}: its IP address does not match the chain (altered)"
        prev = entry.entry_hash
        count += 1
        last_id = entry.pk
    head = AuditHead.objects.filter(id=1).first()
    head_count = head.count if head is not None else 0
    head_hash = head.last_hash if head is not None else GENESIS_HASH
    if head_hash != prev or head_count != count:
        where = f"entry #{last_id}" if last_id is not None else "the start of the log"
        return False, (
            f"the log ends at {where} after {count} entries, but the head records {head_count} "
            f"entries ending in hash {head_hash[:12]}… (entries removed from the end, "
            "or the head row was altered)"
        )
    return True, f"{count} entries, chain intact, last hash {prev}"


def citizen_entries(*, users: list[Any], complaint_ids: list[int]) -> QuerySet[AuditEntry]:
    """Entries that carry a citizen's address: by their accounts, or public actions on their
    complaints (submitting, answering, confirming, disputing; other people's support excluded)."""
    on_complaints = Q(
        object_type="complaints.complaint",
        object_id__in=[str(pk) for pk in complaint_ids],
    ) & ~Q(action="complaint.support")
    return AuditEntry.objects.filter(Q(actor__in=users) | on_complaints)


def erase_addresses(entries: QuerySet[AuditEntry]) -> int:
    """Delete the citizens' and visitors' IP addresses of these entries; the chain is unchanged."""
    count, _ = AuditAddress.objects.filter(entry__in=entries, public=True).delete()
    return count


def expire_public_addresses(now: datetime | None = None) -> int:
    """The retention rule for addresses, run daily by the worker: citizens' and visitors' IP
    addresses are kept ADUAN_AUDIT_IP_RETENTION_DAYS for security investigations, then deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ADUAN_AUDIT_IP_RETENTION_DAYS)
    count, _ = AuditAddress.objects.filter(public=True, created_at__lt=cutoff).delete()
    return count
