"""manage.py verify_audit: check the audit log's hash chain; non-zero exit names the first bad entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from aduan.audit.log import verify_chain
from aduan.audit.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Verify that no audit entry was altered, removed or inserted out of order. Prints the last "
        "hash: keep it elsewhere (the backup log, a ticket) and pass it later as --anchor, so that "
        "a chain rewritten from the start by someone with database access is detected too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            help="a last hash printed by an earlier run; it must still be in the chain",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ok, message = verify_chain()
        if not ok:
            raise CommandError(f"Audit log is NOT intact: {message}")
        for anchor in options["anchor"]:
            anchor_hash = anchor.strip().lower()
            # A hash printed before the chain was rebuilt without personal data is its legacy_hash.
            if not AuditEntry.objects.filter(
                Q(entry_hash=anchor_hash) | Q(legacy_hash=anchor_hash)
            ).exists():
                raise CommandError(
                    f"Audit log is NOT intact: the earlier hash {anchor[:12]}… is no longer in the "
                    "chain (the log was rewritten)"
                )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {message}"))
