"""Writing audit entries: the only code that creates them, and nothing updates or deletes them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from aduan.audit.models import GENESIS_HASH, AuditEntry, AuditHead


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
    """Append one entry to the chain. Must run inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
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
            ip=ip,
            created_at=timezone.now(),
            prev_hash=head.last_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
        AuditHead.objects.filter(id=1).update(last_hash=entry.entry_hash, count=head.count + 1)
    return entry


def _label(actor: Any) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return getattr(actor, "username", None) or str(actor)


def verify_chain() -> tuple[bool, str]:
    """Walk the chain in order; return (ok, message naming the first bad entry)."""
    prev = GENESIS_HASH
    count = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return False, (
                f"entry #{entry.pk}: previous-hash link broken "
                "(an entry before it was removed, or it was inserted out of order)"
            )
        if entry.compute_hash() != entry.entry_hash:
            return False, f"entry #{entry.pk}: content does not match its hash (altered)"
        prev = entry.entry_hash
        count += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.last_hash != prev or head.count != count):
        return False, (
            f"chain ends at entry hash {prev[:12]}… after {count} entries but the head records "
            f"{head.count} entries ending {head.last_hash[:12]}… (entries removed from the end)"
        )
    return True, f"{count} entries, chain intact"
