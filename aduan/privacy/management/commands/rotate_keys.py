"""manage.py rotate_keys: re-encrypt personal data with the current key, recompute blind indexes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.audit.log import record
from aduan.lib.crypto import DecryptionError, current_key_id
from aduan.privacy.rotation import rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the first key of ADUAN_ENCRYPTION_KEYS and "
        "recompute blind indexes with ADUAN_BLIND_INDEX_KEY. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            result = rotate(batch_size=options["batch_size"])
        except DecryptionError as exc:
            raise CommandError(
                f"Stopped: {exc}. Add the missing old key to ADUAN_ENCRYPTION_KEYS and run again; "
                "rows already rotated stay rotated."
            ) from exc
        record(
            actor="rotate_keys",
            action="privacy.rotate_keys",
            after={
                "key_id": current_key_id(),
                "rows_seen": result.rows_seen,
                "values_reencrypted": result.values_reencrypted,
                "indexes_recomputed": result.indexes_recomputed,
            },
        )
        for label, count in result.per_model.items():
            self.stdout.write(f"{label}: {count} rows updated")
        self.stdout.write(
            self.style.SUCCESS(
                f"Current key {current_key_id()!r}: {result.rows_seen} rows checked, "
                f"{result.values_reencrypted} values re-encrypted, "
                f"{result.indexes_recomputed} blind indexes recomputed."
            )
        )
