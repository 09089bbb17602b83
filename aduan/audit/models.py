"""The audit log: append-only entries chained by hashes so that tampering is detectable.

Personal data stays out of the chain. Citizens appear by their account's opaque username
(aduan/accounts/citizens.py). An IP address is kept beside the chain in an AuditAddress row; the
chain holds only a salted digest of it, so the address can be erased (retention, a deletion
request) while every hash still verifies, and an address altered in place is still detected.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Something tried to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Reads only: bulk updates and deletes of the log are refused in code (verify_audit catches SQL)."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit entries are never updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries are never deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError("audit entries are never updated")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit entries are never updated")


class AuditEntry(models.Model):
    """Who did what to which object, when and from where, with the values before and after.

    Each entry's hash covers its content and the previous entry's hash (verify_audit checks
    the chain). No code path updates or deletes entries; see aduan/audit/log.py.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # DO_NOTHING, not SET_NULL: deleting a user must not rewrite entries (that would break the
        # chain); actor_label keeps the name, actor_id keeps pointing at the removed id.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    # sha256(salt | ip) of the AuditAddress row; "" when the entry had no address.
    ip_digest = models.CharField(max_length=64, blank=True)
    # The entry's hash before the chain was rebuilt without personal data (accounts 0004, audit
    # 0003), so that last hashes kept from before then still anchor (verify_audit --anchor).
    legacy_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries are never deleted")

    @property
    def ip(self) -> str | None:
        """The IP address, while it is kept (None once erased, or if there was none)."""
        try:
            return self.address.ip
        except AuditAddress.DoesNotExist:
            return None

    def compute_hash(self) -> str:
        payload = {
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": str(self.object_id),
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "ip_digest": self.ip_digest,
            "legacy_hash": self.legacy_hash,
            "created_at": self.created_at.isoformat(),
            "prev_hash": self.prev_hash,
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


def address_digest(salt: str, ip: str) -> str:
    """What the chain holds of an IP address: without the salt it cannot be guessed back."""
    return hashlib.sha256(f"{salt}|{ip}".encode()).hexdigest()


class AuditAddress(models.Model):
    """The IP address of one audit entry, kept beside the chain so that it can be erased.

    A citizen's or visitor's address (`public`) is deleted after ADUAN_AUDIT_IP_RETENTION_DAYS and
    when a deletion request about them is carried out; a staff member's stays with the entry.
    """

    entry = models.OneToOneField(
        AuditEntry, primary_key=True, on_delete=models.CASCADE, related_name="address"
    )
    ip = models.GenericIPAddressField()
    salt = models.CharField(max_length=32)
    public = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("alamat IP catatan audit")
        verbose_name_plural = _("alamat IP catatan audit")

    def __str__(self) -> str:
        return f"#{self.pk}"


class AuditHead(models.Model):
    """A single row locked while appending, so the chain stays linear with many writers."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    count = models.PositiveBigIntegerField(default=0)
