"""`manage.py load_demo`: fill an empty database with the demo city, once."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from aduan.agencies.demo import city
from aduan.agencies.demo.history import DemoHistory
from aduan.agencies.demo.roster import build_roster
from aduan.agencies.models import Agency, Category
from aduan.complaints.models import Complaint
from aduan.notifications.models import Outbox

# Messages about the back-dated history older than this are dropped: nobody should be notified
# today of a change from last month. Recent ones stay for the worker to deliver.
KEEP_MESSAGES = timedelta(days=2)
ROOT_CODE = "pemkot"


class Command(BaseCommand):
    help = (
        "Load the demo city (areas, agencies, categories, routing, accounts and three months of "
        "complaints) into an empty database. Running it again keeps the existing data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--complaints", type=int, default=200, help="how many complaints (default 200)"
        )
        parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "load_demo creates accounts with published passwords; it does not run when "
                "ADUAN_ENV=production."
            )
        if options["complaints"] < 0:
            raise CommandError("--complaints must be 0 or more")
        if Agency.objects.filter(code=ROOT_CODE).exists():
            self.stdout.write(
                f"The demo city is already loaded ({Complaint.objects.count()} complaints); "
                "keeping the existing data."
            )
            return
        if Agency.objects.exists() or Category.objects.exists():
            self.stdout.write(
                "This database already has agencies or categories of its own; load_demo only "
                "fills an empty database, so nothing was changed."
            )
            return
        started = time.monotonic()
        with transaction.atomic():
            areas = city.build_areas()
            agencies = city.build_agencies(areas)
            categories = city.build_categories(areas, agencies)
            people = city.build_people(agencies)
            history = DemoHistory(
                agencies=agencies,
                categories=categories,
                areas=areas,
                people=people,
                count=options["complaints"],
                seed=options["seed"],
            )
            history.plan()
            try:
                history.play(progress=self._progress)
            except RuntimeError as exc:
                raise CommandError(f"Loading the demo failed, nothing was saved: {exc}") from exc
            Outbox.objects.filter(created_at__lt=timezone.now() - KEEP_MESSAGES).delete()
            # After the history, so that no back-dated complaint alerts today's roster.
            shifts = build_roster(agencies, people)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo city loaded in {time.monotonic() - started:.0f} s: {len(areas)} areas, "
                f"{len(agencies)} agencies and units, {len(categories)} categories, "
                f"{len(people)} accounts, {len(shifts)} duty shifts, "
                f"{Complaint.objects.count()} complaints."
            )
        )
        self.stdout.write("Demo accounts (username, or the citizen's email; password; role):")
        for line in city.account_lines():
            self.stdout.write(line)

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  … {done}/{total} steps of the complaint history")
