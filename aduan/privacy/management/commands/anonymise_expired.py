"""manage.py anonymise_expired: the retention rule (identity removed N days after a complaint closes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from aduan.privacy.subjects import anonymise_expired


class Command(BaseCommand):
    help = (
        "Anonymise the identity of reporters whose complaints all closed more than "
        "ADUAN_RETENTION_DAYS days ago. The worker runs it daily; safe to run by hand."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = anonymise_expired()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} reporter identities anonymised "
                f"(retention {settings.ADUAN_RETENTION_DAYS} days after closing)."
            )
        )
