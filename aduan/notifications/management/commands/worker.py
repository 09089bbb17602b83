"""`manage.py worker`: deliver notifications and run the periodic jobs, until told to stop."""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from aduan.notifications import jobs
from aduan.notifications.channels import Channels
from aduan.notifications.worker import (
    HEARTBEAT_SECONDS,
    NameTaken,
    Tally,
    add_recovered,
    beat,
    check_reclaim_time,
    deliver_batch,
    identity,
    reclaim,
    recover_own,
)

log = logging.getLogger("aduan.worker")


class Command(BaseCommand):
    help = "Delivers queued notifications and runs deadline, escalation and recap jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run the due jobs and deliver everything due now, then exit.",
        )
        parser.add_argument("--batch", type=int, default=50, help="Rows claimed at a time.")
        parser.add_argument(
            "--name",
            default="",
            help="This worker's slot on this host (default: the first free of worker-1, "
            "worker-2, …). Claims carry host:name, so a restarted worker finds its own rows.",
        )
        parser.add_argument(
            "--no-jobs", action="store_true", help="Only deliver messages (no periodic jobs)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch = options["batch"]
        if batch < 1:
            self.stderr.write("--batch must be at least 1")
            raise SystemExit(2)
        errors, warnings = check_reclaim_time(batch)
        for warning in warnings:
            log.warning("worker start-up: %s", warning)
        if errors:
            raise CommandError("; ".join(errors))
        try:
            me = identity(options["name"])
        except NameTaken as exc:
            raise CommandError(str(exc)) from exc
        name = me.name
        self.stopping = False
        self.tally = Tally()
        self.last_beat = 0.0
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        channels = Channels()
        try:
            # The lock is ours, so whatever this name left `sending` was left by a dead process.
            beat(name, self.tally, starting=True)
            add_recovered(name, recover_own(name))
            if options["once"]:
                self._round(name, batch, channels, jobs_too=not options["no_jobs"], drain=True)
            else:
                self.stdout.write(
                    f"Worker {name} started; SIGTERM stops it after the current message."
                )
                self._loop(name, batch, channels, jobs_too=not options["no_jobs"])
        finally:
            channels.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            try:
                beat(name, self.tally, stopping=True)
            except Exception:  # the database may be the reason we stop; the counts are a few
                log.warning("worker %s could not write its last heartbeat", name)
            me.release()
        self.stdout.write(f"Worker {name} stopped.")

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _beat(self, name: str, *, due: bool = False) -> None:
        """A heartbeat at most every few seconds: between rounds and between messages."""
        if due or time.monotonic() - self.last_beat >= HEARTBEAT_SECONDS:
            beat(name, self.tally)
            self.last_beat = time.monotonic()

    def _round(
        self, name: str, batch: int, channels: Channels, *, jobs_too: bool, drain: bool
    ) -> int:
        self._beat(name)
        reclaim()
        if jobs_too:
            jobs.run_due_jobs()
        delivered = 0
        while not self.stopping:
            claimed = deliver_batch(
                batch,
                name,
                channels,
                lambda: self.stopping,
                tally=self.tally,
                between=lambda: self._beat(name),
            )
            delivered += claimed
            if claimed < batch or not drain:
                break
        return delivered

    def _loop(self, name: str, batch: int, channels: Channels, *, jobs_too: bool) -> None:
        last_jobs = 0.0
        while not self.stopping:
            close_old_connections()
            try:
                run_jobs = jobs_too and time.monotonic() - last_jobs >= 30
                if run_jobs:
                    last_jobs = time.monotonic()
                claimed = self._round(name, batch, channels, jobs_too=run_jobs, drain=False)
            except Exception:
                # A database restart or a bug in one job must not end the worker; try again soon.
                log.exception("worker round failed at %s", timezone.now().isoformat())
                claimed = 0
            if claimed == 0:
                channels.close()  # do not keep an SMTP connection open while idle
                self._sleep(settings.ADUAN_WORKER_POLL_SECONDS)

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.2)
