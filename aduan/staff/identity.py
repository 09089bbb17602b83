"""Opening a reporter's identity on the complaint page, through aduan.privacy.identity.reveal."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from aduan.complaints.models import Complaint
from aduan.lib.ratelimit import client_ip
from aduan.privacy.identity import reveal


def open_identity(
    complaint: Complaint, *, by: Any, reason: str, request: HttpRequest | None = None
) -> dict[str, str] | None:
    """The decrypted identity (None if the complaint has no reporter), logged with the reason.

    reveal() checks the permission again, writes the IdentityAccess row, the audit entry and the
    internal timeline entry, and raises aduan.lib.crypto.DecryptionError rather than return a
    value it cannot decrypt.
    """
    if complaint.reporter_id is None:
        return None
    ip = client_ip(request) if request is not None else None
    return reveal(by, complaint, reason, ip)
