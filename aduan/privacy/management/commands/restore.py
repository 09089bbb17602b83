"""manage.py restore: verify a backup archive completely, then restore it into an empty deployment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.privacy.archive import ArchiveError
from aduan.privacy.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`. Every checksum is verified before anything "
        "is written; a target that already holds data is refused unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--in", dest="archive", required=True, type=Path)
        parser.add_argument("--private-key", required=True, type=Path)
        parser.add_argument("--force", action="store_true", help="overwrite a non-empty target")
        parser.add_argument(
            "--database-url",
            default="",
            help="restore into this database instead of the configured one (restore drills)",
        )
        parser.add_argument(
            "--media-dir", type=Path, default=None, help="restore attachments here instead"
        )
        parser.add_argument("--work-dir", type=Path, default=None, help="scratch space")

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        if not archive.exists():
            raise CommandError(f"{archive} does not exist")
        try:
            result = restore(
                archive,
                options["private_key"],
                force=options["force"],
                database_url=options["database_url"],
                media_dir=options["media_dir"],
                work_dir=options["work_dir"],
            )
        except ArchiveError as exc:
            raise CommandError(f"Archive rejected, nothing was changed: {exc}") from exc
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        kept = (
            f" Previous attachments kept at {result.media_kept_at}." if result.media_kept_at else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {result.manifest['created_at']} into {result.database} "
                f"with {result.files} attachment files.{kept} Run `manage.py migrate` and "
                "`manage.py verify_audit` next."
            )
        )
