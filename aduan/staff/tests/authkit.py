"""Helpers for the staff authentication tests: current TOTP codes and the two-step sign-in."""

from __future__ import annotations

import time
from typing import Any

from django_otp.oath import TOTP

from aduan.accounts.devices import StaffTOTPDevice
from aduan.testing import PASSWORD

GUARDED = "/staf/uji-gerbang/"


def code_for(device: StaffTOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, StaffTOTPDevice.STEP, 0, StaffTOTPDevice.DIGITS, 0)
    totp.time = time.time() + offset_steps * StaffTOTPDevice.STEP
    return f"{totp.token():06d}"


def enrolled(user: Any) -> StaffTOTPDevice:
    """A confirmed authenticator for user, as after set-up."""
    device = StaffTOTPDevice.start(user)
    device.confirmed = True
    device.save()
    return device


def password_step(client: Any, user: Any, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post("/staf/masuk/", {"username": user.username, "password": password}, **extra)


def sign_in_fully(client: Any, user: Any, device: StaffTOTPDevice) -> Any:
    password_step(client, user)
    return client.post("/staf/2fa/verifikasi/", {"code": code_for(device)})
