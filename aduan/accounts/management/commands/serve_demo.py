"""`manage.py serve_demo --port 8000`: the web server and the background worker together, for `make run`.

Production runs the same two processes separately (see README.md): `gunicorn aduan.wsgi` and
`manage.py worker`.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from aduan.accounts.models import User
from aduan.agencies.demo import city

STOP_GRACE_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Serve the site on 127.0.0.1:PORT with gunicorn (2 workers) and run the background "
        "worker beside it; Ctrl-C stops both."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--workers", type=int, default=2, help="web processes (default 2)")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, got {port}")
        manage = Path(settings.BASE_DIR) / "manage.py"
        self.children: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.stopping = False
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)

        if "worker" in get_commands():
            self._start("worker", [sys.executable, str(manage), "worker"])
        else:
            self.stderr.write(
                self.style.WARNING(
                    "The background worker (manage.py worker) is not available in this version; "
                    "serving without it, so notifications stay queued in the outbox."
                )
            )
        self._start(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "aduan.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                # Several sites on one machine must not share gunicorn's control socket.
                "--no-control-socket",
                "--graceful-timeout",
                str(STOP_GRACE_SECONDS),
            ],
        )
        self._banner(port)
        self._watch()

    def _start(self, name: str, command: list[str]) -> None:
        # A session of their own: Ctrl-C reaches only this process, which then stops the children
        # in order instead of all of them receiving the signal at once.
        process = subprocess.Popen(command, start_new_session=True)
        self.children.append((name, process))

    def _banner(self, port: int) -> None:
        base = f"http://127.0.0.1:{port}"
        lines = [
            "",
            f"Aduan is running at {base}/",
            f"  citizen site   {base}/",
            f"  staff console  {base}/staf/",
            f"  Django admin   {base}/admin/",
            f"  health         {base}/healthz",
        ]
        try:
            has_demo = User.objects.filter(
                username__in=[a.username for a in city.ACCOUNTS]
            ).exists()
        except DatabaseError as exc:
            has_demo = False
            lines += ["", f"The database is not ready ({exc}); run `manage.py migrate`."]
        if has_demo:
            lines += [
                "",
                "Demo accounts (username, or the citizen's email; password; role):",
                *city.account_lines(),
                "",
                "Staff sign-in asks for a second factor. Before signing in, run",
                "`.venv/bin/python manage.py demo_code <username>` in another terminal: it prints",
                "the account's current code (development only). Or enrol an authenticator app.",
            ]
        else:
            lines += ["", "No demo accounts in this database (`manage.py load_demo` adds them)."]
        lines += ["", "Press Ctrl-C to stop.", ""]
        self.stdout.write("\n".join(lines))
        self.stdout.flush()

    def _watch(self) -> None:
        """Wait until asked to stop, or until the web server exits; report a worker that dies."""
        while not self.stopping:
            for name, process in list(self.children):
                code = process.poll()
                if code is None:
                    continue
                self.children.remove((name, process))
                if name == "web":
                    self.stderr.write(f"The web server exited with status {code}; stopping.")
                    self._shutdown()
                    raise CommandError("the web server stopped")
                self.stderr.write(
                    self.style.ERROR(
                        f"The background worker exited with status {code}; the site keeps "
                        "running but notifications are not delivered until it is restarted."
                    )
                )
            time.sleep(0.5)
        self._shutdown()

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if not self.stopping:
            self.stderr.write(f"\nStopping ({signal.Signals(signum).name})…")
        self.stopping = True

    def _shutdown(self) -> None:
        """SIGTERM to each child (gunicorn and the worker finish what they are doing), then wait."""
        for _name, process in self.children:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS + 5
        for name, process in self.children:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"The {name} process did not stop in time; killing it.")
                process.kill()
                process.wait()
        self.children.clear()
        self.stderr.write("Stopped.")
