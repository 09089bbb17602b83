"""Rebuilding the daily roll-ups from the complaints: the only code that writes DailyRollup.

A day's rows are always rebuilt whole (delete, then insert what two GROUP BY queries return),
so a rebuild is idempotent and equals a recount. The worker rebuilds today and yesterday often
and the last RECENT_DAYS once a night (a dispute can move an old completion);
`manage.py rebuild_rollups` rebuilds any range.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Min, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from aduan.complaints.models import Complaint
from aduan.reports import completions
from aduan.reports.models import DailyRollup, RollupState

log = logging.getLogger("aduan.worker")
RECENT_DAYS = 45
Dim = DailyRollup.Dimension
_Key = tuple[date, str, int | None, str, str]
# Each breakdown and the complaint field it groups by.
DIMENSIONS = {
    Dim.ALL: None,
    Dim.CATEGORY: "category_id",
    Dim.AREA: "area_id",
    Dim.CHANNEL: "channel",
}


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _received(first: date, last: date, key: str | None) -> Iterable[tuple]:
    """(day, path, agency, key, count) of complaints received, by local day."""
    tz = ZoneInfo(settings.TIME_ZONE)
    qs = Complaint.objects.filter(
        created_at__gte=_midnight(first), created_at__lt=_midnight(last + timedelta(days=1))
    ).annotate(day=TruncDate("created_at", tzinfo=tz), key=F(key) if key else Value(""))
    return (
        qs.order_by()
        .values_list("day", "assigned_path", "agency_id", "key")
        .annotate(n=Count("pk"))
    )


def _completed(first: date, last: date, key: str | None) -> Iterable[tuple]:
    """(day, path, agency, key, rating, count) of complaints completed, by local day."""
    tz = ZoneInfo(settings.TIME_ZONE)
    qs = Complaint.objects.filter(
        resolved_at__gte=_midnight(first), resolved_at__lt=_midnight(last + timedelta(days=1))
    ).annotate(day=TruncDate("resolved_at", tzinfo=tz), key=F(key) if key else Value(""))
    return (
        qs.order_by()
        .values_list("day", "assigned_path", "agency_id", "key", "rating")
        .annotate(n=Count("pk"))
    )


def rebuild(first: date, last: date, now: datetime | None = None) -> int:
    """Replace the roll-ups of every day in [first, last]; returns the number of rows written."""
    rows: dict[_Key, DailyRollup] = {}

    def row(key: _Key) -> DailyRollup:
        if key not in rows:
            day, path, agency, dimension, value = key
            rows[key] = DailyRollup(
                day=day, node_path=path, agency_id=agency, dimension=dimension, key=value
            )
        return rows[key]

    # Breakdowns are only read for recent days (dashboards show the last 30); keeping them for
    # every day would make almost one row per complaint. Trends ("all") cover every day.
    recent = timezone.localdate(now) - timedelta(days=RECENT_DAYS - 1)
    for dimension, field in DIMENSIONS.items():
        lo = first if dimension == Dim.ALL else max(first, recent)
        if lo > last:
            continue
        for day, path, agency, value, n in _received(lo, last, field):
            row((day, path, agency, dimension, str(value or ""))).received += n
        for day, path, agency, value, rating, n in _completed(lo, last, field):
            r = row((day, path, agency, dimension, str(value or "")))
            r.completed += n
            if rating:
                setattr(r, f"rated_{rating}", getattr(r, f"rated_{rating}") + n)
    with transaction.atomic():
        DailyRollup.objects.filter(day__gte=first, day__lte=last).delete()
        DailyRollup.objects.bulk_create(rows.values(), batch_size=2000)
        state, _ = RollupState.objects.get_or_create(id=1)
        state.rebuilt_at = now or timezone.now()
        state.first_day = min(first, state.first_day or first)
        state.last_day = max(last, state.last_day or last)
        state.save()
    return len(rows)


def rebuild_all(now: datetime | None = None) -> int:
    earliest = Complaint.objects.aggregate(first=Min("created_at"))["first"]
    today = timezone.localdate(now)
    if earliest is None:
        return rebuild(today, today, now)
    return rebuild(timezone.localtime(earliest).date(), today, now)


def refresh_recent(now: datetime | None = None, days: int = 2) -> int:
    today = timezone.localdate(now)
    return rebuild(today - timedelta(days=days - 1), today, now)


def run_job(now: datetime, claim: Callable[[str, str, datetime], bool]) -> list[str]:
    """The worker's roll-up job: today and yesterday every 10 minutes, the last RECENT_DAYS nightly.

    `claim` is the worker's once-per-slot claim (notifications.jobs.claim_slot).
    """
    local = timezone.localtime(now)
    ran = []
    with transaction.atomic():
        due = claim("rollups", f"{local:%Y-%m-%dT%H}:{local.minute // 10}", now)
    if due:
        rows = refresh_recent(now, days=2)
        # Keep the completion figures of recent completions ready for the monthly report.
        today = timezone.localdate(now)
        completions.refresh(
            Complaint.objects.all(),
            _midnight(today - timedelta(days=1)),
            _midnight(today + timedelta(days=1)),
        )
        log.info("roll-ups of the last 2 days rebuilt: %s rows", rows)
        ran.append("rollups")
    if local.hour >= 1:
        with transaction.atomic():
            nightly = claim("rollups_nightly", f"{local:%Y-%m-%d}", now)
        if nightly:
            rows = refresh_recent(now, days=RECENT_DAYS)
            log.info("roll-ups of the last %s days rebuilt: %s rows", RECENT_DAYS, rows)
            ran.append("rollups_nightly")
    return ran
