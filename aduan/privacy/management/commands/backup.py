"""manage.py backup: one encrypted, checksummed archive of the database and the attachments."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.privacy.archive import ArchiveError
from aduan.privacy.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Write the database (a consistent snapshot) and all attachments to one archive encrypted "
        "to a public key, so this server cannot read it afterwards. See docs/backups.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="archive file to write")
        parser.add_argument(
            "--recipient-key",
            type=Path,
            default=None,
            help="public key file from backup_keygen (default: $ADUAN_BACKUP_PUBLIC_KEY_FILE)",
        )
        parser.add_argument(
            "--no-media", action="store_true", help="leave attachments out (object storage)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["recipient_key"] or (
            Path(os.environ["ADUAN_BACKUP_PUBLIC_KEY_FILE"])
            if os.environ.get("ADUAN_BACKUP_PUBLIC_KEY_FILE")
            else None
        )
        if key is None:
            raise CommandError(
                "no public key: pass --recipient-key or set ADUAN_BACKUP_PUBLIC_KEY_FILE "
                "(an unencrypted backup is never written)"
            )
        out: Path = options["out"]
        if out.exists():
            raise CommandError(f"{out} already exists; choose a new file name")
        try:
            manifest = make_backup(out, key, include_media=not options["no_media"])
        except (ArchiveError, BackupError) as exc:
            raise CommandError(str(exc)) from exc
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {out} ({out.stat().st_size} bytes): {manifest['engine']} "
                f"database and {media} attachment files. Audit: {manifest['audit']['summary']}"
            )
        )
