"""Measure how many messages per second one worker delivers to an SMTP server on loopback.

    .venv/bin/python scripts/bench_worker.py [--messages 2000] [--batch 50]

Uses a fresh SQLite database in a temporary directory unless DATABASE_URL is set (then that
database must be an empty, disposable one: the script migrates it and writes to it). Starts an
aiosmtpd server on 127.0.0.1, queues citizen receipts for one complaint, and times the real
delivery path (claim, render the templates, SMTP, record the attempt).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    if not 1 <= args.messages <= 100_000:
        parser.error("--messages must be between 1 and 100000")
    if "DATABASE_URL" not in os.environ:
        os.environ["ADUAN_DATA_DIR"] = tempfile.mkdtemp(prefix="aduan-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    os.environ["LOG_LEVEL"] = "WARNING"

    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from aduan.complaints.models import Follower
    from aduan.notifications.channels import Channels
    from aduan.notifications.models import Outbox
    from aduan.notifications.queue import enqueue
    from aduan.notifications.worker import deliver_batch
    from aduan.testing import build_city, submit

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)

    # The SMTP server runs in its own process, as a real one would: aiosmtpd's Sink accepts and
    # discards every message.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    settings.ADUAN_EMAIL_CHANNEL = "smtp"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    city = build_city()
    complaint = submit(city)
    follower = Follower.objects.get(complaint=complaint)
    Outbox.objects.all().delete()
    with transaction.atomic():
        for _ in range(args.messages):
            enqueue(
                channel="email",
                template="complaint_received",
                recipient="warga@example.test",
                complaint=complaint,
                context={"follower_id": follower.pk},
            )

    channels = Channels()
    started, cpu_started = time.perf_counter(), time.process_time()
    while deliver_batch(args.batch, "bench", channels):
        pass
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    channels.close()
    server.terminate()
    server.wait(10)

    sent = Outbox.objects.filter(status=Outbox.Status.SENT).count()
    print(
        f"database={connection.vendor} messages={args.messages} batch={args.batch} "
        f"sent={sent} seconds={elapsed:.2f} "
        f"per_second={sent / elapsed:.1f} worker_cpu_seconds={cpu:.2f} "
        f"per_cpu_second={sent / cpu:.1f} load_average={os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
