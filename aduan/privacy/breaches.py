"""The breach register (UU 27/2022): recording a breach and its notification, each audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from aduan.audit.log import record
from aduan.privacy.models import RESPONSE_WINDOW, Breach


@transaction.atomic
def record_breach(*, by: Any, fields: dict[str, Any], ip: str | None = None) -> Breach:
    """Register a breach; its notification is due 3×24 h after it was discovered."""
    breach = Breach(**fields, recorded_by=by)
    breach.due_at = breach.discovered_at + RESPONSE_WINDOW
    breach.save()
    record(
        actor=by,
        action="privacy.breach_recorded",
        obj=breach,
        after={"affected_count": breach.affected_count, "due_at": breach.due_at.isoformat()},
        ip=ip,
    )
    return breach


@transaction.atomic
def record_notification(
    breach: Breach, *, by: Any, notified_at: datetime, notified_to: str, ip: str | None = None
) -> Breach:
    breach.notified_at = notified_at
    breach.notified_to = notified_to
    breach.save(update_fields=["notified_at", "notified_to"])
    record(
        actor=by,
        action="privacy.breach_notified",
        obj=breach,
        after={"notified_at": notified_at.isoformat(), "late": breach.is_overdue},
        ip=ip,
    )
    return breach
