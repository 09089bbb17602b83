"""Second factors of staff accounts: an authenticator app (TOTP) and one-time recovery codes.

Both are django-otp devices, so `request.user.is_verified()` and `django_otp.login` work as usual.
The TOTP secret is encrypted at rest (aduan/lib/crypto.py); recovery codes are stored only as
Argon2 hashes, so a copy of the database cannot be used to pass the second factor.
"""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin
from django_otp.oath import TOTP

from aduan.lib.crypto import EncryptedTextField

RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper


class StaffTOTPDevice(ThrottlingMixin, Device):
    """An authenticator app (RFC 6238: 30-second steps, 6 digits, SHA-1 as every app supports)."""

    STEP = 30
    DIGITS = 6
    # One step either side absorbs clock skew between the phone and the server.
    TOLERANCE = 1

    key: Any = EncryptedTextField(_("kunci rahasia"))  # hex of 20 random bytes
    drift: Any = models.SmallIntegerField(default=0)
    # The time step of the last accepted code: a code is never accepted twice.
    last_t: Any = models.BigIntegerField(default=-1)
    created_at: Any = models.DateTimeField(default=timezone.now)
    last_used_at: Any = models.DateTimeField(null=True, blank=True)

    class Meta(Device.Meta):
        verbose_name = _("aplikasi autentikator")
        verbose_name_plural = _("aplikasi autentikator")

    @classmethod
    def start(cls, user: Any) -> StaffTOTPDevice:
        """A new, unconfirmed device with a fresh secret; confirmed once a code matches."""
        return cls.objects.create(
            user=user, name="autentikator", confirmed=False, key=secrets.token_hex(20)
        )

    @property
    def bin_key(self) -> bytes:
        return bytes.fromhex(str(self.key))

    @property
    def secret_base32(self) -> str:
        """The secret as authenticator apps expect it when typed in by hand."""
        return b32encode(self.bin_key).decode().rstrip("=")

    def config_url(self, issuer: str) -> str:
        """The otpauth:// address encoded in the set-up QR code."""
        issuer = issuer.replace(":", "")
        label = quote(f"{issuer}:{self.user.get_username()}")
        params = urlencode(
            {
                "secret": self.secret_base32,
                "issuer": issuer,
                "algorithm": "SHA1",
                "digits": self.DIGITS,
                "period": self.STEP,
            },
            quote_via=quote,
        )
        return f"otpauth://totp/{label}?{params}"

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: Any) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        text = str(token).replace(" ", "").strip()
        verified = False
        if text.isdigit() and len(text) == self.DIGITS:
            totp = TOTP(self.bin_key, self.STEP, 0, self.DIGITS, self.drift)
            totp.time = time.time()
            # min_t: only codes of a later time step than the last accepted one (no replay).
            verified = bool(totp.verify(int(text), self.TOLERANCE, self.last_t + 1))
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.last_used_at = timezone.now()
                self.throttle_reset(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code).lower() if ch.isalnum())


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """Ten single-use codes for when the phone is lost; each is stored as an Argon2 hash.

    A code is 4 characters that pick the stored entry and 8 secret characters (40 bits) checked
    against its salted password hash, so one attempt costs one hash check.
    """

    COUNT = 10

    # [{"id": "abcd", "hash": "argon2$..."}] for every code not yet used.
    codes: Any = models.JSONField(default=list)
    created_at: Any = models.DateTimeField(default=timezone.now)
    last_used_at: Any = models.DateTimeField(null=True, blank=True)

    class Meta(Device.Meta):
        verbose_name = _("kode pemulihan")
        verbose_name_plural = _("kode pemulihan")

    def get_throttle_factor(self) -> int:
        return 1

    def generate(self) -> list[str]:
        """Replace all codes with new ones and return them (shown to the user once)."""
        plain: list[str] = []
        stored: list[dict[str, str]] = []
        used_ids: set[str] = set()
        while len(plain) < self.COUNT:
            code = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(12))
            if code[:4] in used_ids:
                continue
            used_ids.add(code[:4])
            plain.append(f"{code[:4]}-{code[4:8]}-{code[8:]}")
            stored.append({"id": code[:4], "hash": make_password(code[4:])})
        self.codes = stored
        self.created_at = timezone.now()
        self.save()
        return plain

    @property
    def remaining(self) -> int:
        return len(self.codes)

    def verify_token(self, token: Any) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        code = _normalise_code(token)
        match = None
        if len(code) == 12:
            for entry in self.codes:
                if entry["id"] == code[:4] and check_password(code[4:], entry["hash"]):
                    match = entry
                    break
        if match is None:
            self.throttle_increment(commit=True)
            return False
        self.codes = [entry for entry in self.codes if entry is not match]
        self.last_used_at = timezone.now()
        self.throttle_reset(commit=False)
        self.save()
        return True


def issuer_name() -> str:
    return str(getattr(settings, "ADUAN_INSTITUTION_NAME", "Aduan")) + " — Aduan"


def reset_second_factor(user: Any, *, by: Any = None, reason: str = "") -> int:
    """Remove every authenticator and recovery code of `user` (lost phone and codes).

    The person is asked to set up 2FA again at their next sign-in. Only an administrator should
    do this, after checking who is asking (in person or by a call-back to a known number).
    """
    from aduan.audit import log as audit

    removed = 0
    for model in (StaffTOTPDevice, RecoveryCodeDevice):
        count, _details = model.objects.filter(user=user).delete()
        removed += count
    audit.record(actor=by, action="staff.2fa_reset", obj=user, reason=reason)
    return removed
