"""Print the current second-factor code of a demo staff account (development only)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP

from aduan.accounts.devices import StaffTOTPDevice
from aduan.accounts.models import User
from aduan.complaints.access import scope_of


class Command(BaseCommand):
    help = (
        "Show the current 6-digit sign-in code of a demo staff account, enrolling an "
        "authenticator secret for it first if it has none. Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("demo_code only runs in development: staff enrol their own app.")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account named {username!r}.")
        if not scope_of(user).is_staff:
            raise CommandError(f"{username!r} is not a staff account; citizens need no code.")
        device = StaffTOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = StaffTOTPDevice.start(user)
            device.confirmed = True
            device.save()
        totp = TOTP(device.bin_key, device.STEP, 0, device.DIGITS, device.drift)
        totp.time = time.time()
        code = f"{totp.token():0{device.DIGITS}d}"
        left = device.STEP - int(totp.time) % device.STEP
        self.stdout.write(f"{username}: {code}  (valid for about {left} s more)")
        self.stdout.write(f"Authenticator secret for this demo account: {device.secret_base32}")
