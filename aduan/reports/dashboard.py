"""Dashboard figures for supervisors and leadership, within the viewer's scope.

Queue health is live (open complaints only, a small share of all rows). Trends and breakdowns
come from the daily roll-ups (rollups.py), so a page costs a few hundred summed rows however many
complaints the city has had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, Sum, Value
from django.utils import timezone

from aduan.agencies.models import Agency, Area, Category
from aduan.complaints.access import scope_of, visible_complaints
from aduan.complaints.channels import Channel
from aduan.complaints.states import FINAL, Status
from aduan.reports.models import DailyRollup, RollupState
from aduan.reports.monthly import Row
from aduan.reports.period import MONTH_NAMES_ID, Month

Dim = DailyRollup.Dimension
BREAKDOWN_DAYS = 30
WEEKS = 12
MONTHS = 12


@dataclass
class QueueRow:
    agency_id: int | None
    label: str
    counts: dict[str, int]


@dataclass
class TrendPoint:
    label: str
    received: int
    completed: int
    filters: dict[str, str]


@dataclass
class Dashboard:
    today: date
    queue_columns: list[tuple[str, str, dict[str, str]]]
    queue: list[QueueRow]
    queue_total: dict[str, int]
    weekly: list[TrendPoint]
    monthly: list[TrendPoint]
    categories: list[Row]
    areas: list[Row]
    area_counts: dict[str, int]
    channels: list[Row]
    ratings: list[Row]
    rating_count: int
    rating_mean: float | None
    rebuilt_at: datetime | None
    period: dict[str, str] = field(default_factory=dict)


# Each column of the queue table and the list filter behind it.
QUEUE_COLUMNS: list[tuple[str, str, dict[str, str]]] = [
    ("submitted", "Diajukan", {"status": Status.SUBMITTED}),
    ("routed", "Didisposisikan", {"status": Status.ROUTED}),
    ("in_progress", "Ditindaklanjuti", {"status": Status.IN_PROGRESS}),
    ("under_review", "Diperiksa", {"status": Status.UNDER_REVIEW}),
    ("needs_info", "Menunggu pelapor", {"status": Status.NEEDS_INFO}),
    ("overdue", "Terlambat", {"overdue": "1"}),
    ("today", "Masuk hari ini", {}),
]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def queue_health(user: Any, now: datetime) -> tuple[list[QueueRow], dict[str, int]]:
    today = _midnight(timezone.localdate(now))
    overdue = Q(due_at__lt=now, paused_at__isnull=True) & ~Q(status=Status.RESOLVED)
    counts: dict[str, Count] = {
        str(name): Count("pk", filter=Q(status=name))
        for name in (
            Status.SUBMITTED,
            Status.ROUTED,
            Status.IN_PROGRESS,
            Status.UNDER_REVIEW,
            Status.NEEDS_INFO,
        )
    }
    counts["overdue"] = Count("pk", filter=overdue)
    counts["today"] = Count("pk", filter=Q(created_at__gte=today))
    rows = (
        # Listing the open statuses (rather than excluding the closed ones) lets the database
        # read them through the status index instead of scanning every complaint ever made.
        visible_complaints(user)
        .filter(status__in=[s for s in Status.values if s not in FINAL])
        .order_by()
        # Grouping by an expression, not the bare column, keeps SQLite from walking the whole
        # table in agency order instead of reading open complaints from the covering index.
        .annotate(queue_agency=F("agency_id") + Value(0))
        .values("queue_agency")
        .annotate(**counts)
    )
    names = {a.pk: str(a) for a in Agency.objects.all()}
    out, total = [], dict.fromkeys(counts, 0)
    for r in rows:
        pk = r.pop("queue_agency")
        out.append(
            QueueRow(pk, names.get(pk, "Belum didisposisikan") if pk else "Meja pengaduan", r)
        )
        for k, v in r.items():
            total[k] += v
    out.sort(key=lambda q: (-q.counts["overdue"], -sum(q.counts.values()), q.label))
    return out, total


def _rollups(user: Any, dimension: str, first: date, last: date) -> Any:
    qs = DailyRollup.objects.filter(dimension=dimension, day__gte=first, day__lte=last)
    scope = scope_of(user)
    if scope.sees_all:
        return qs
    within = Q(pk__in=[])
    for path in scope.paths:
        within |= Q(node_path__startswith=path)
    return qs.filter(within)


def _iso(day: date) -> str:
    return day.isoformat()


def trends(user: Any, today: date) -> tuple[list[TrendPoint], list[TrendPoint]]:
    monday = today - timedelta(days=today.weekday())
    first_week = monday - timedelta(weeks=WEEKS - 1)
    month = Month.containing(today)
    first_month = month
    for _ in range(MONTHS - 1):
        first_month = first_month.previous
    start = min(first_week, first_month.first_day)
    per_day = {
        day: (received, completed)
        for day, received, completed in _rollups(user, Dim.ALL, start, today)
        .order_by()
        .values_list("day")
        .annotate(Sum("received"), Sum("completed"))
    }
    weekly = []
    for i in range(WEEKS):
        lo = first_week + timedelta(weeks=i)
        hi = lo + timedelta(days=6)
        days = [per_day.get(lo + timedelta(days=d), (0, 0)) for d in range(7)]
        weekly.append(
            TrendPoint(
                f"{lo.day}/{lo.month}",
                sum(d[0] for d in days),
                sum(d[1] for d in days),
                {"date_from": _iso(lo), "date_to": _iso(hi)},
            )
        )
    monthly = []
    m = first_month
    for _ in range(MONTHS):
        received = completed = 0
        for day, (r, c) in per_day.items():
            if day.year == m.year and day.month == m.month:
                received += r
                completed += c
        monthly.append(
            TrendPoint(
                f"{MONTH_NAMES_ID[m.month - 1][:3]} {m.year % 100:02d}",
                received,
                completed,
                {"date_from": _iso(m.first_day), "date_to": _iso(m.last_day)},
            )
        )
        m = m.next
    return weekly, monthly


def _breakdown(user: Any, dimension: str, first: date, last: date) -> list[tuple[str, int]]:
    return list(
        _rollups(user, dimension, first, last)
        .order_by()
        .values_list("key")
        .annotate(n=Sum("received"))
        .filter(n__gt=0)
        .order_by("-n", "key")
    )


def build(user: Any, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = today - timedelta(days=BREAKDOWN_DAYS - 1)
    period = {"date_from": _iso(first), "date_to": _iso(today)}
    queue, queue_total = queue_health(user, now)
    weekly, monthly = trends(user, today)

    categories_raw = _breakdown(user, Dim.CATEGORY, first, today)
    total = sum(n for _k, n in categories_raw)
    names = dict(Category.objects.values_list("pk", "name"))
    categories = [
        Row(names.get(int(k), k), n, 100 * n / total if total else 0, {**period, "category": k})
        for k, n in categories_raw
    ]
    areas_raw = _breakdown(user, Dim.AREA, first, today)
    area_counts = {k: n for k, n in areas_raw if k}
    area_objs = {a.code: a for a in Area.objects.filter(code__in=list(area_counts))}
    parents = {
        a.code: a.name
        for a in Area.objects.filter(
            code__in={a.parent_id for a in area_objs.values() if a.parent_id}
        )
    }
    by_kecamatan: dict[str, Row] = {}
    for code, n in areas_raw:
        area = area_objs.get(code)
        parent = area.parent_id if area else None
        key = parent or ""
        if key not in by_kecamatan:
            by_kecamatan[key] = Row(
                parents.get(key, "Tanpa wilayah"),
                0,
                0,
                {**period, "area": key} if key else dict(period),
                {"children": []},
            )
        by_kecamatan[key].count += n
        if area:
            by_kecamatan[key].extra["children"].append(
                Row(area.name, n, 100 * n / total if total else 0, {**period, "area": code})
            )
    for row in by_kecamatan.values():
        row.share = 100 * row.count / total if total else 0
    areas = sorted(by_kecamatan.values(), key=lambda r: (-r.count, r.label))
    channel_names = Channel.objects.names()
    channels = [
        Row(channel_names.get(k, k), n, 100 * n / total if total else 0, {**period, "channel": k})
        for k, n in _breakdown(user, Dim.CHANNEL, first, today)
    ]
    stars = _rollups(user, Dim.ALL, first, today).aggregate(
        **{f"r{i}": Sum(f"rated_{i}") for i in range(1, 6)}
    )
    star_counts = {i: stars[f"r{i}"] or 0 for i in range(1, 6)}
    rated = sum(star_counts.values())
    ratings = [
        Row(f"{i} ★", star_counts[i], 100 * star_counts[i] / rated if rated else 0)
        for i in range(5, 0, -1)
    ]
    mean = sum(i * n for i, n in star_counts.items()) / rated if rated else None
    state = RollupState.objects.filter(id=1).first()
    return Dashboard(
        today=today,
        queue_columns=QUEUE_COLUMNS,
        queue=queue,
        queue_total=queue_total,
        weekly=weekly,
        monthly=monthly,
        categories=categories,
        areas=areas,
        area_counts=area_counts,
        channels=channels,
        ratings=ratings,
        rating_count=rated,
        rating_mean=mean,
        rebuilt_at=state.rebuilt_at if state else None,
        period=period,
    )
