"""`manage.py clean_drafts`: delete photos of reports that were never sent (run daily)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from aduan.public.draft import DRAFT_DIR


class Command(BaseCommand):
    help = (
        "Delete draft photos older than the session lifetime: their reports were abandoned, "
        "and nobody can reach them any more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=max(1, settings.SESSION_COOKIE_AGE // 86400),
            help="age in days (default: the session lifetime)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["older_than_days"]
        if days < 1:
            raise CommandError("--older-than-days must be 1 or more")
        cutoff = timezone.now() - timedelta(days=days)
        try:
            _dirs, names = default_storage.listdir(DRAFT_DIR)
        except FileNotFoundError:
            names = []
        deleted = 0
        for name in names:
            path = f"{DRAFT_DIR}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
        self.stdout.write(f"Deleted {deleted} abandoned draft photo file(s).")
