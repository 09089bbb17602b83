"""Opening a reporter's identity: checked, reasoned, logged (IdentityAccess, audit, timeline).

Staff pages call `reveal(user, complaint, reason, ip)` and show the dict it returns. It raises
NotPermitted (no identity permission on this complaint), InvalidInput (empty reason or no reporter)
or aduan.lib.crypto.DecryptionError (the stored value cannot be decrypted: show an error message,
never the value). Every other reading or export of personal data goes through `log_access`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.accounts.models import Role
from aduan.audit.log import record
from aduan.complaints.access import can_view_identity, scope_of
from aduan.complaints.errors import InvalidInput, NotPermitted
from aduan.complaints.models import Complaint, Reporter, TimelineEntry
from aduan.privacy.models import IdentityAccess


def may_reveal(user: Any, complaint: Complaint) -> bool:
    """The identity permission on this complaint; an anonim reporter only for the desk and the DPO."""
    if complaint.reporter_id is None or not can_view_identity(user, complaint):
        return False
    if complaint.is_anonymous:
        return bool(scope_of(user).roles & {Role.VERIFIER, Role.DPO})
    return True


def log_access(
    *,
    user: Any,
    reason: str,
    kind: str = IdentityAccess.Kind.VIEW,
    complaint: Complaint | None = None,
    reporter: Reporter | None = None,
    fields: Iterable[str] = (),
    ip: str | None = None,
    account: Any = None,
) -> IdentityAccess:
    """Write the IdentityAccess row and its audit entry (inside the caller's transaction).

    account: a citizen account whose own name and contact were read, changed or erased.
    """
    fields = list(fields)
    access = IdentityAccess.objects.create(
        user=user if getattr(user, "pk", None) else None,
        user_label=getattr(user, "username", None) or str(user),
        complaint=complaint,
        tracking_code=complaint.tracking_code if complaint is not None else "",
        reporter=reporter,
        fields=fields,
        reason=reason[:500],
        ip=ip or None,
        kind=kind,
    )
    record(
        actor=user,
        action=f"identity.{kind}",
        obj=complaint if complaint is not None else (reporter or account),
        after={"fields": fields, "access_id": access.pk},
        reason=reason,
        ip=ip,
    )
    return access


def log_identity_view(*, complaint: Complaint, user: Any, reason: str, ip: str | None) -> None:
    """Log a viewing the caller has already checked (kept for pages that add their own timeline entry)."""
    reporter = complaint.reporter
    fields = list(Reporter.IDENTITY_FIELDS) if reporter is not None else []
    log_access(
        user=user, reason=reason, complaint=complaint, reporter=reporter, fields=fields, ip=ip
    )


@transaction.atomic
def reveal(user: Any, complaint: Complaint, reason: str, ip: str | None = None) -> dict[str, str]:
    """Check, log and return the decrypted identity of the complaint's reporter."""
    if complaint.reporter_id is None:
        raise InvalidInput(_("Aduan ini tidak memiliki data pelapor."))
    if not may_reveal(user, complaint):
        raise NotPermitted(_("Anda tidak berwenang membuka identitas pelapor aduan ini."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Tuliskan alasan membuka identitas pelapor."))
    reporter = Reporter.objects.get(pk=complaint.reporter_id)
    identity = reporter.identity()  # raises DecryptionError before anything is logged as seen
    log_access(
        user=user,
        reason=reason,
        complaint=complaint,
        reporter=reporter,
        fields=[name for name, value in identity.items() if value],
        ip=ip,
    )
    TimelineEntry.objects.create(
        complaint=complaint,
        kind=TimelineEntry.Kind.IDENTITY_VIEWED,
        is_public=False,
        author=user,
        author_label=str(user),
        message=_("Identitas pelapor dibuka. Alasan: %(reason)s") % {"reason": reason},
        status_before=complaint.status,
        status_after=complaint.status,
        created_at=timezone.now(),
    )
    return identity
