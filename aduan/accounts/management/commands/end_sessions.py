"""manage.py end_sessions (<username> | --all) --reason "...": sign people out everywhere now."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from aduan.accounts.models import User
from aduan.audit import log as audit


class Command(BaseCommand):
    help = (
        "End every open session of one account (a stolen laptop, a suspicious sign-in) or of "
        "everyone (after a suspected breach). The people sign in again, with their second factor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?")
        parser.add_argument("--all", action="store_true", help="every account, staff and citizens")
        parser.add_argument("--reason", required=True, help="why (kept in the audit log)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"] == bool(options["username"]):
            raise CommandError("Give either a username or --all.")
        if options["all"]:
            ended, _details = Session.objects.all().delete()
            audit.record(
                actor="manage.py end_sessions",
                action="sessions.ended_all",
                object_type="sessions",
                object_id="all",
                reason=options["reason"],
            )
            self.stdout.write(f"Ended {ended} session(s) of every account.")
            return
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No account named {options['username']!r}") from None
        ended = 0
        # Sessions are opaque rows; the user id is inside the encoded data.
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
                ended += 1
        audit.record(
            actor="manage.py end_sessions",
            action="sessions.ended",
            obj=user,
            reason=options["reason"],
        )
        self.stdout.write(f"Ended {ended} session(s) of {user.username}.")
