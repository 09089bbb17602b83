"""`manage.py confirm_clock`: after checking the clock, let the jobs it stopped run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from aduan.notifications.jobs import confirm_clock


class Command(BaseCommand):
    help = (
        "Irreversible periodic jobs (deadline sweep, retention) stop when the clock moved further "
        "than ADUAN_JOB_CLOCK_JUMP_DAYS since their last run. Check the clock (timedatectl), then "
        "run this: they run again from now on."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        released = confirm_clock(now)
        local = timezone.localtime(now).strftime("%Y-%m-%d %H:%M %Z")
        if not released:
            self.stdout.write(f"The clock says {local}. No job was held; nothing to do.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"The clock says {local}; taken as right. Released: {', '.join(released)}. "
                "They run in the worker's next round."
            )
        )
