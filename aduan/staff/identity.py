"""Opening a reporter's identity on the complaint page: the reason and the viewing are recorded first."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.audit.log import record
from aduan.complaints.models import Complaint, Reporter, TimelineEntry


def _privacy_logger() -> Any:
    """The identity-access log of the privacy app, when it provides one."""
    try:
        from aduan.privacy import identity as privacy_identity  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(privacy_identity, "log_identity_view", None)


@transaction.atomic
def open_identity(
    complaint: Complaint, *, by: Any, reason: str, request: HttpRequest | None = None
) -> Reporter | None:
    """Record who opened the identity and why, then return the reporter row (None if there is none).

    The caller has already checked the user's identity permission on this complaint.
    """
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    logger = _privacy_logger()
    if logger is not None:
        logger(complaint=complaint, user=by, reason=reason, ip=ip)
    else:
        record(actor=by, action="identity.view", obj=complaint, reason=reason, ip=ip)
    TimelineEntry.objects.create(
        complaint=complaint,
        kind=TimelineEntry.Kind.IDENTITY_VIEWED,
        is_public=False,
        author=by,
        author_label=str(by),
        message=_("Identitas pelapor dibuka. Alasan: %(reason)s") % {"reason": reason},
        status_before=complaint.status,
        status_after=complaint.status,
        created_at=timezone.now(),
    )
    if complaint.reporter_id is None:
        return None
    return Reporter.objects.get(pk=complaint.reporter_id)
