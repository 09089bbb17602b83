"""Median render time of the staff console's queue pages and complaint page on an existing database.

Run against a database that already holds many complaints (e.g. one filled by
`manage.py load_demo` and `manage.py generate_complaints --count 1000000`), with the same
environment the server uses:

    ADUAN_DATA_DIR=/tmp/demo-bench .venv/bin/python scripts/bench_staff.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aduan_bench .venv/bin/python scripts/bench_staff.py

Pages are rendered in-process by Django's test client (no network, no browser), each --runs times
after --warmup runs; the table gives the median and the 90th percentile in milliseconds and the
number of SQL queries of one render. Signing the benchmark users in adds a session row and, if
missing, an authenticator row for them; nothing else is written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
os.environ.setdefault("DEBUG", "0")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--verifier", default="verifikator")
    parser.add_argument("--officer", default="petugas_pupr")
    parser.add_argument("--supervisor", default="pimpinan_pupr")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from aduan.accounts.models import User
    from aduan.complaints.access import visible_complaints
    from aduan.complaints.models import Complaint
    from aduan.testing import staff_login

    # The test client needs Django's test environment (testserver host, in-memory mail).
    setup_test_environment()
    total = Complaint.objects.order_by().count()
    vendor = connection.vendor
    print(f"database: {vendor}, complaints: {total:,}")

    def signed_in(username: str) -> tuple[Client, User]:
        user = User.objects.get(username=username)
        client = Client()
        staff_login(client, user)
        return client, user

    desk, _desk_user = signed_in(args.verifier)
    officer, officer_user = signed_in(args.officer)
    supervisor, _sup = signed_in(args.supervisor)

    busy = (
        visible_complaints(officer_user)
        .filter(status="in_progress")
        .order_by("-id")
        .values_list("tracking_code", flat=True)
        .first()
    )
    if busy is None:
        print("no in-progress complaint visible to the officer; is this a demo database?")
        return 1
    category = Complaint.objects.order_by("-id").values_list("category_id", flat=True).first()

    pages = [
        ("verifier: new (console home)", desk, "/staf/"),
        ("verifier: information received", desk, "/staf/antrean/informasi/"),
        ("verifier: returned", desk, "/staf/antrean/dikembalikan/"),
        ("verifier: review", desk, "/staf/antrean/pemeriksaan/"),
        ("verifier: all, page 1", desk, "/staf/antrean/semua/"),
        ("verifier: all, page 20", desk, "/staf/antrean/semua/?halaman=20"),
        ("verifier: all, search 'jalan'", desk, "/staf/antrean/semua/?q=jalan+rusak"),
        (
            "verifier: all, filtered",
            desk,
            f"/staf/antrean/semua/?status=in_progress&category={category}&overdue=on",
        ),
        ("officer: incoming", officer, "/staf/antrean/masuk/"),
        ("officer: in progress", officer, "/staf/antrean/proses/"),
        ("officer: overdue", officer, "/staf/antrean/terlambat/"),
        ("officer: disputes", officer, "/staf/antrean/sanggahan/"),
        ("supervisor: review", supervisor, "/staf/antrean/pemeriksaan/"),
        ("supervisor: overdue", supervisor, "/staf/antrean/terlambat/"),
        ("officer: complaint page", officer, f"/staf/aduan/{busy}/"),
        ("verifier: complaint page", desk, f"/staf/aduan/{busy}/"),
    ]
    print("\n| page | median ms | p90 ms | CPU ms | queries |\n|---|---:|---:|---:|---:|")
    medians = []
    for label, client, url in pages:
        for _ in range(args.warmup):
            response = client.get(url)
            if response.status_code != 200:
                print(f"| {label} | HTTP {response.status_code} | | | |")
                break
        else:
            timings = []
            cpu_start = time.process_time()
            for _ in range(args.runs):
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            # Wall time includes waiting for the CPU on a busy machine and for the database server.
            cpu = (time.process_time() - cpu_start) * 1000 / args.runs
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            timings.sort()
            median = statistics.median(timings)
            p90 = timings[min(len(timings) - 1, int(len(timings) * 0.9))]
            medians.append(median)
            print(f"| {label} | {median:.0f} | {p90:.0f} | {cpu:.0f} | {len(queries)} |")
    if medians:
        print(f"\nslowest median: {max(medians):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
