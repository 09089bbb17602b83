"""manage.py reset_2fa <username> --reason "...": remove a staff member's second factors."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aduan.accounts.devices import reset_second_factor
from aduan.accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove the authenticator and recovery codes of a staff member who lost both; they set "
        "up two-factor sign-in again at their next sign-in. Check who is asking first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="why (kept in the audit log)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No account named {options['username']!r}") from None
        with transaction.atomic():
            removed = reset_second_factor(user, by="manage.py reset_2fa", reason=options["reason"])
        self.stdout.write(
            f"Removed {removed} second-factor device(s) of {user.username}; "
            "they will set up 2FA again at their next sign-in."
        )
