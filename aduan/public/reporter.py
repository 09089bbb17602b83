"""Who is the reporter of a complaint in this browser: the secret link's proof, or the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from aduan.complaints.actions import VIA_SECRET_LINK
from aduan.complaints.models import Complaint

SESSION_KEY = "aduan_reporter_of"
# Enough for anyone's own complaints; bounds what a session can hold.
MAX_REMEMBERED = 50


def remember_reporter(request: HttpRequest, code: str) -> None:
    """The secret link was checked (or this browser submitted the complaint): keep the proof."""
    codes = [c for c in request.session.get(SESSION_KEY, []) if c != code]
    codes.append(code)
    request.session[SESSION_KEY] = codes[-MAX_REMEMBERED:]


def actor_for(request: HttpRequest, complaint: Complaint) -> Any:
    """The `by=` for an action of the reporter, or None if this visitor is not the reporter."""
    user = request.user
    if (
        user.is_authenticated
        and complaint.reporter is not None
        and complaint.reporter.user_id == user.pk
    ):
        return user
    if complaint.tracking_code in request.session.get(SESSION_KEY, []):
        return VIA_SECRET_LINK
    return None
