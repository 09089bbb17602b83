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
from django.db.models import Count, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from aduan.complaints.models import Complaint
from aduan.reports.models import DailyRollup, RollupState

log = logging.getLogger("aduan.worker")
RECENT_DAYS = 45
Dim = DailyRollup.Dimension
_Key = tuple[date, str, int | None, str, str]
_GROUP = ("day", "assigned_path", "agency_id", "category_id", "area_id", "channel")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _grouped(field: str, first: date, last: date, with_rating: bool) -> Iterable[tuple]:
    tz = ZoneInfo(settings.TIME_ZONE)
    lo, hi = _midnight(first), _midnight(last + timedelta(days=1))
    qs = (
        Complaint.objects.filter(**{f"{field}__gte": lo, f"{field}__lt": hi})
        .annotate(day=TruncDate(field, tzinfo=tz))
        .order_by()
    )
    names = [*_GROUP, "rating"] if with_rating else list(_GROUP)
    return qs.values_list(*names).annotate(n=Count("pk"))


def _keys(
    day: date, path: str, agency: int | None, category: int, area: str | None, channel: str
) -> list[_Key]:
    return [
        (day, path, agency, Dim.ALL, ""),
        (day, path, agency, Dim.CATEGORY, str(category)),
        (day, path, agency, Dim.AREA, area or ""),
        (day, path, agency, Dim.CHANNEL, channel),
    ]


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

    for day, path, agency, category, area, channel, n in _grouped("created_at", first, last, False):
        for key in _keys(day, path, agency, category, area, channel):
            row(key).received += n
    for day, path, agency, category, area, channel, rating, n in _grouped(
        "resolved_at", first, last, True
    ):
        for key in _keys(day, path, agency, category, area, channel):
            r = row(key)
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
