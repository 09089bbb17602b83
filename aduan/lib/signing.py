"""Signed links: the reporter's secret link to their complaint, and one-click unsubscribe links."""

from __future__ import annotations

from django.core import signing

REPORTER_SALT = "aduan.reporter-link"
UNSUBSCRIBE_SALT = "aduan.unsubscribe"


def reporter_token(tracking_code: str) -> str:
    """A token proving its holder was sent the complaint's secret link."""
    return signing.dumps(tracking_code, salt=REPORTER_SALT, compress=False)


def check_reporter_token(token: str, tracking_code: str) -> bool:
    try:
        return signing.loads(token, salt=REPORTER_SALT) == tracking_code
    except signing.BadSignature:
        return False


def unsubscribe_token(follower_id: int) -> str:
    return signing.dumps(follower_id, salt=UNSUBSCRIBE_SALT)


def check_unsubscribe_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
