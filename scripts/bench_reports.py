"""Time the reports on the current database: roll-up rebuild, dashboard, monthly report, public page.

Usage (the database must hold the data, e.g. 1,000,000 rows from `generate_complaints`):

    ADUAN_DATA_DIR=/tmp/demo-bench .venv/bin/python scripts/bench_reports.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aduan_bench .venv/bin/python scripts/bench_reports.py

It applies migrations (the reports tables), rebuilds the roll-ups once, then renders each page a
few times and prints a Markdown table. It stops itself after --limit seconds (default 900).
"""

from __future__ import annotations

import argparse
import inspect
import os
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")

import django

django.setup()

from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: E402
from django.contrib.sessions.backends.base import SessionBase  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402

from aduan.accounts.models import Membership, Role  # noqa: E402
from aduan.complaints.models import Complaint  # noqa: E402
from aduan.public import transparency  # noqa: E402
from aduan.reports import completions, files, monthly, rollups  # noqa: E402
from aduan.reports.period import Month  # noqa: E402
from aduan.staff import reports_views  # noqa: E402


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def request(path: str, user: object, **params: str) -> object:
    req = RequestFactory().get(path, params)
    req.user = user  # type: ignore[attr-defined]
    req.session = SessionBase()  # type: ignore[attr-defined]
    req._messages = FallbackStorage(req)  # type: ignore[attr-defined]
    return req


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=900, help="stop after this many seconds")
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument(
        "--only-rebuild", action="store_true", help="migrate and rebuild the roll-ups, then stop"
    )
    args = parser.parse_args()
    signal.alarm(args.limit)

    call_command("migrate", verbosity=0)
    total = Complaint.objects.count()
    leader = (
        Membership.objects.filter(role=Role.SUPERVISOR, agency__parent__isnull=True)
        .select_related("user")
        .first()
    )
    if leader is None:
        sys.exit("No city leadership account (a supervisor of the top agency); run load_demo.")
    user = leader.user
    latest = Complaint.objects.aggregate(m=Max("created_at"))["m"]
    month = Month.containing(timezone.localtime(latest).date()).previous
    rows: list[tuple[str, list[float], float]] = []
    print(
        f"{connection.vendor}: {total:,} complaints; month {month}; runs {args.runs}; "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )

    if not args.skip_rebuild:
        rows.append(("rebuild_rollups (all days, once)", timed(rollups.rebuild_all, 1), 0))
        if args.only_rebuild:
            print(f"rebuild_rollups: {rows[0][1][0]:.1f} s")
            return
    rows.append(("worker roll-up refresh (2 days)", timed(rollups.refresh_recent, args.runs), 0))

    # The first report of a month computes the completion figures the worker had not yet kept
    # (after `generate_complaints` none exist); later reports only read them.
    for m in (month.previous, month):
        start, end = m.bounds()
        rows.append(
            (
                f"completion figures of {m} (first report of the month only)",
                timed(lambda s=start, e=end: completions.refresh(Complaint.objects.all(), s, e), 1),  # type: ignore[misc]
                0,
            )
        )

    dashboard = inspect.unwrap(reports_views.dashboard)
    rows.append(
        (
            "dashboard page /staf/laporan/ (leadership)",
            timed(lambda: dashboard(request("/staf/laporan/", user)), args.runs),
            1.0,
        )
    )
    report_view = inspect.unwrap(reports_views.monthly_report)
    rows.append(
        (
            f"monthly report page /staf/laporan/bulanan/?bulan={month}",
            timed(
                lambda: report_view(request("/staf/laporan/bulanan/", user, bulan=str(month))),
                args.runs,
            ),
            10.0,
        )
    )
    for fmt in ("pdf", "xlsx", "csv"):
        rows.append(
            (
                f"monthly_report --format {fmt}",
                timed(lambda fmt=fmt: files.render(monthly.build(month), fmt), 1),  # type: ignore[misc]
                10.0,
            )
        )

    def public_page() -> None:
        cache.clear()
        transparency.transparency(request("/transparansi/", user, bulan=str(month)))

    rows.append(("public /transparansi/ (not cached)", timed(public_page, 1), 10.0))
    rows.append(
        (
            "public /transparansi/ (cached)",
            timed(
                lambda: transparency.transparency(
                    request("/transparansi/", user, bulan=str(month))
                ),
                args.runs,
            ),
            1.0,
        )
    )

    def open_data_month() -> None:
        response = transparency.open_data_csv(request("/data/aduan.csv", user, bulan=str(month)))
        for _chunk in response.streaming_content:  # type: ignore[union-attr]
            pass

    rows.append((f"open data CSV, month {month} (streamed)", timed(open_data_month, 1), 0))

    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    print("| step | median s | max s | target |")
    print("|---|---:|---:|---|")
    for name, times, target in rows:
        ok = "" if not target else (f"≤ {target:g} s " + ("✓" if max(times) <= target else "✗"))
        print(f"| {name} | {statistics.median(times):.2f} | {max(times):.2f} | {ok} |")


if __name__ == "__main__":
    main()
