"""`manage.py rebuild_rollups [--days N]`: rebuild the dashboards' daily roll-ups from the complaints."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from aduan.complaints.models import Complaint
from aduan.reports import completions, rollups


class Command(BaseCommand):
    help = (
        "Rebuild the daily roll-ups used by dashboards and compute missing completion figures "
        "used by the monthly report (all days, or the last N days)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=0, help="only the last N days (default all)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["days"] < 0:
            self.stderr.write("--days must not be negative")
            raise SystemExit(2)
        written = (
            rollups.refresh_recent(days=options["days"])
            if options["days"]
            else rollups.rebuild_all()
        )
        self.stdout.write(f"Rebuilt {written} roll-up rows in {time.monotonic() - started:.1f} s.")
        started = time.monotonic()
        done = Complaint.objects.all()
        if options["days"]:
            since = timezone.now() - timedelta(days=options["days"])
            computed = completions.refresh(done, since, timezone.now() + timedelta(days=1))
        else:
            computed = completions.refresh(done)
        self.stdout.write(
            f"Computed {computed} completion figures in {time.monotonic() - started:.1f} s."
        )
