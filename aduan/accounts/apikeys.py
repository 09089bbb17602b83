"""API keys: a staff member's personal tokens (and the partner keys that share their shape).

A token is shown once, when it is made; the database keeps its public prefix (to find the row and
to name it in lists and logs) and a SHA-256 digest of the whole token. Tokens are 190 random bits,
so a fast digest is as safe as a slow password hash and costs nothing per request. A key carries a
scope (read, or read and act), may expire, and is revoked by its owner; every use is audited by the
API.

Partner keys (a city super-app, an RT/RW app) are rows of the same table with kind=partner and no
owner; what binds them to a partner and a channel is added with the partner itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "aduan_"


class Scope(models.TextChoices):
    READ = "read", _("Baca saja")
    ACT = "act", _("Baca dan bertindak")


class ApiKey(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Token pribadi staf")
        PARTNER = "partner", _("Kunci aplikasi mitra")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.PERSONAL)
    # The owner of a personal token: the API acts as this person, with their roles and walls.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
    )
    name = models.CharField(_("nama"), max_length=80)
    prefix = models.CharField(_("awalan"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scope = models.CharField(_("cakupan"), max_length=8, choices=Scope.choices)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def allows(self, scope: str) -> bool:
        return scope == Scope.READ or self.scope == Scope.ACT


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_personal_token(
    *, user: Any, name: str, scope: str, days: int | None, ip: str | None = None
) -> tuple[ApiKey, str]:
    """Make a personal token for `user`; returns the row and the token (shown once, never stored)."""
    from aduan.audit.log import record

    now = timezone.now()
    for _attempt in range(5):
        prefix = secrets.token_hex(5)
        token = f"{PREFIX}{prefix}_{secrets.token_urlsafe(24)}"
        try:
            with transaction.atomic():
                key = ApiKey.objects.create(
                    kind=ApiKey.Kind.PERSONAL,
                    user=user,
                    name=name.strip(),
                    prefix=prefix,
                    digest=_digest(token),
                    scope=scope,
                    created_at=now,
                    expires_at=now + timedelta(days=days) if days else None,
                )
            break
        except IntegrityError:
            continue  # a prefix drawn twice: draw again
    else:
        raise RuntimeError("could not allocate a unique token prefix")
    record(
        actor=user,
        action="apikey.create",
        obj=key,
        after={
            "name": key.name,
            "prefix": key.prefix,
            "scope": key.scope,
            "expires_at": key.expires_at.isoformat() if key.expires_at else None,
        },
        ip=ip,
    )
    return key, token


@transaction.atomic
def revoke(key: ApiKey, *, by: Any, ip: str | None = None) -> None:
    from aduan.audit.log import record

    if key.revoked_at is not None:
        return
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    record(
        actor=by,
        action="apikey.revoke",
        obj=key,
        after={"prefix": key.prefix, "revoked_at": key.revoked_at.isoformat()},
        ip=ip,
    )


@dataclass(frozen=True)
class Lookup:
    key: ApiKey | None
    # Why the token was not accepted: "missing", "unknown", "revoked", "expired", "inactive".
    problem: str = ""


def find(token: str) -> Lookup:
    """The usable key a presented token belongs to, or why there is none (constant-time compare)."""
    if not token:
        return Lookup(None, "missing")
    if not token.startswith(PREFIX) or len(token) > 100 or "\x00" in token:
        return Lookup(None, "unknown")
    prefix = token[len(PREFIX) :].split("_", 1)[0]
    key = ApiKey.objects.select_related("user").filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.digest, _digest(token)):
        return Lookup(None, "unknown")
    if key.revoked_at is not None:
        return Lookup(None, "revoked")
    if key.is_expired:
        return Lookup(None, "expired")
    if key.kind == ApiKey.Kind.PERSONAL and (key.user is None or not key.user.is_active):
        return Lookup(None, "inactive")
    return Lookup(key)
