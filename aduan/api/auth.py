"""Who is calling the API: a staff member by personal token, checked, limited and audited per use.

The token goes in ``Authorization: Bearer aduan_…``. A missing, unknown, revoked or expired token,
or one whose owner is no longer active staff, is a 401; a read-only token used to act is a 403.
Each accepted use writes an audit entry (who, which token, what) and counts against the token's
rate limit. Public endpoints take no token and are limited per client address.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from aduan.accounts import apikeys
from aduan.accounts.apikeys import ApiKey, Scope
from aduan.api.problems import ApiProblem
from aduan.audit.log import record
from aduan.complaints.access import scope_of
from aduan.lib import ratelimit

# Per token and per client address; generous for scripts, tight enough to stop a runaway loop.
TOKEN_REQUESTS_PER_MINUTE = 240
PUBLIC_REQUESTS_PER_MINUTE = 120
SUBMISSIONS_PER_HOUR = 10
SUPPORTS_PER_HOUR = 30

_REFUSALS = {
    "missing": ("unauthenticated", lambda: _("Kirim token pribadi Anda: Authorization: Bearer …")),
    "unknown": ("token-invalid", lambda: _("Token ini tidak dikenal.")),
    "revoked": ("token-revoked", lambda: _("Token ini sudah dicabut pemiliknya.")),
    "expired": ("token-expired", lambda: _("Masa berlaku token ini sudah habis. Buat token baru.")),
    "inactive": ("token-invalid", lambda: _("Akun pemilik token ini tidak aktif.")),
}


def limited(request: HttpRequest, bucket: str, limit: int, window: int) -> None:
    """Count one request in `bucket`; past the limit, a 429 with Retry-After."""
    if not ratelimit.hit(bucket, limit, window):
        raise ApiProblem(
            "rate-limited",
            _("Terlalu banyak permintaan. Coba lagi dalam %(seconds)d detik.")
            % {"seconds": window},
            headers={"Retry-After": str(window)},
        )


def public_client(request: HttpRequest) -> None:
    limited(request, f"api:ip:{ratelimit.client_ip(request)}", PUBLIC_REQUESTS_PER_MINUTE, 60)


class StaffToken(HttpBearer):
    """A staff member's personal token with at least `scope`."""

    def __init__(self, scope: str = Scope.READ) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer":
            token = ""
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        found = apikeys.find(token)
        if found.key is None:
            kind, detail = _REFUSALS[found.problem]
            raise ApiProblem(kind, detail(), headers={"WWW-Authenticate": "Bearer"})
        key = found.key
        limited(request, f"api:key:{key.pk}", TOKEN_REQUESTS_PER_MINUTE, 60)
        if not scope_of(key.user).is_staff:
            raise ApiProblem("forbidden", _("Pemilik token ini tidak lagi menjadi staf."))
        if not key.allows(self.scope):
            raise ApiProblem(
                "forbidden",
                _("Token ini hanya untuk membaca. Buat token dengan cakupan bertindak."),
            )
        _audit_use(request, key)
        request.user = key.user  # type: ignore[assignment]
        return key


def _audit_use(request: HttpRequest, key: ApiKey) -> None:
    now = timezone.now()
    with transaction.atomic():
        record(
            actor=key.user,
            action="api.use",
            obj=key,
            after={"method": request.method, "path": request.path, "prefix": key.prefix},
            ip=ratelimit.client_ip(request),
        )
        # One write a minute is enough to show "last used" on the owner's page.
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)


def staff_user(request: HttpRequest) -> Any:
    return request.auth.user  # type: ignore[attr-defined]
