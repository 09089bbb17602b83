"""Completion figures: keeping a CompletionFigure row fresh for every completed complaint, and a
period's completion statistics as aggregates over those rows in the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Sum

from aduan.complaints.models import Complaint, ComplaintQuerySet
from aduan.reports import durations
from aduan.reports.models import CompletionFigure

BATCH = 5000
LATE_ROWS = 200  # late completions listed one by one; the count covers all


def refresh(
    qs: ComplaintQuerySet, start: datetime | None = None, end: datetime | None = None
) -> int:
    """Compute the figures of completed complaints in qs (completed in [start, end) when given)
    that have no fresh row; drop rows of complaints no longer completed then. Returns rows written."""
    done = qs.filter(resolved_at__isnull=False)
    if start is not None and end is not None:
        done = done.filter(resolved_at__gte=start, resolved_at__lt=end)
        gone = CompletionFigure.objects.filter(resolved_at__gte=start, resolved_at__lt=end).filter(
            Q(complaint__resolved_at__isnull=True) | ~Q(complaint__resolved_at=F("resolved_at"))
        )
        gone.delete()
    fresh = CompletionFigure.objects.filter(
        complaint=OuterRef("pk"),
        resolved_at=OuterRef("resolved_at"),
        node_path=OuterRef("assigned_path"),
    )
    ids = list(done.exclude(Exists(fresh)).order_by().values_list("pk", flat=True))
    for i in range(0, len(ids), BATCH):
        batch = ids[i : i + BATCH]
        _write(durations.compute(Complaint.objects.filter(pk__in=batch)), batch)
    return len(ids)


_COLUMNS = (
    "complaint_id",
    "resolved_at",
    "node_path",
    "agency_id",
    "hours",
    "working_days",
    "first_response_hours",
    "first_response_working_days",
    "band",
    "on_time",
    "limit_amount",
    "limit_unit",
)


def _write(items: list[durations.Completed], batch: list[int]) -> None:
    """Replace the figures of one batch. A plain executemany: building a model instance per row
    costs more than computing its durations."""
    when = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(CompletionFigure._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    values = [
        (
            c.pk,
            when(c.resolved_at),
            c.node_path,
            c.agency_id,
            c.hours,
            c.working_days,
            c.first_response_hours,
            c.first_response_working_days,
            durations.band_of(c.hours),
            c.on_time,
            c.limit.amount if c.limit else None,
            c.limit.unit if c.limit else "",
        )
        for c in items
    ]
    with transaction.atomic():
        CompletionFigure.objects.filter(complaint_id__in=batch).delete()
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608 (names are quoted constants)


@dataclass
class TimeFigures:
    count: int
    mean_hours: float | None
    median_hours: float | None
    mean_working_days: float | None
    median_working_days: float | None


@dataclass
class AgencyCompletion:
    completed: int
    mean_hours: float | None
    on_time: int
    with_limit: int
    rating_count: int
    rating_sum: int


@dataclass
class Period:
    count: int
    first_response: TimeFigures
    completion: TimeFigures
    bands: Counter[int]
    on_time: int
    with_limit: int
    ratings: Counter[int]
    per_agency: dict[int, AgencyCompletion]
    late: list[dict[str, Any]] = field(default_factory=list)
    late_count: int = 0


def figures_in(
    start: datetime,
    end: datetime,
    *,
    within: str = "",
    where: Q | None = None,
    scope: ComplaintQuerySet | None = None,
) -> QuerySet[CompletionFigure]:
    """Figures of complaints completed in [start, end): under a node, matching a condition on the
    complaint (`where`, a join), or, failing both, inside an arbitrary complaint set (`scope`)."""
    figures = CompletionFigure.objects.filter(resolved_at__gte=start, resolved_at__lt=end)
    if within:
        figures = figures.filter(node_path__startswith=within)
    if where is not None:
        figures = figures.filter(where)
    elif scope is not None:
        figures = figures.filter(complaint__in=scope.values("pk"))
    return figures


def _median(figures: QuerySet[CompletionFigure], name: str, n: int) -> float | None:
    if n == 0:
        return None
    values = list(
        figures.filter(**{f"{name}__isnull": False})
        .order_by(name)
        .values_list(name, flat=True)[(n - 1) // 2 : n // 2 + 1]
    )
    return sum(values) / len(values)


def on_time_by_agency(figures: QuerySet[CompletionFigure]) -> dict[int, float]:
    """Share on time (%) per agency: all the conclusions need of the previous month."""
    rows = (
        figures.filter(agency__isnull=False, on_time__isnull=False)
        .order_by()
        .values_list("agency_id")
        .annotate(timely=Count("pk", filter=Q(on_time=True)), limited=Count("pk"))
    )
    return {pk: 100 * timely / limited for pk, timely, limited in rows}


def period(figures: QuerySet[CompletionFigure], *, late_rows: int = LATE_ROWS) -> Period:
    figures = figures.order_by()
    totals = figures.aggregate(
        n=Count("pk"),
        n_first=Count("first_response_hours"),
        hours=Avg("hours"),
        days=Avg("working_days"),
        first_hours=Avg("first_response_hours"),
        first_days=Avg("first_response_working_days"),
        timely=Count("pk", filter=Q(on_time=True)),
        limited=Count("on_time"),
    )
    n, n_first = totals["n"], totals["n_first"]
    completion = TimeFigures(
        n,
        totals["hours"],
        _median(figures, "hours", n),
        totals["days"],
        _median(figures, "working_days", n),
    )
    first_response = TimeFigures(
        n_first,
        totals["first_hours"],
        _median(figures, "first_response_hours", n_first),
        totals["first_days"],
        _median(figures, "first_response_working_days", n_first),
    )
    bands = Counter(dict(figures.values_list("band").annotate(c=Count("pk")).order_by()))
    ratings = Counter(
        dict(
            figures.filter(complaint__rating__isnull=False)
            .values_list("complaint__rating")
            .annotate(c=Count("pk"))
            .order_by()
        )
    )
    per_agency = {
        row["agency_id"]: AgencyCompletion(
            row["n"],
            row["hours"],
            row["timely"],
            row["limited"],
            row["rated"],
            row["rating_sum"] or 0,
        )
        for row in figures.filter(agency__isnull=False)
        .values("agency_id")
        .annotate(
            n=Count("pk"),
            hours=Avg("hours"),
            timely=Count("pk", filter=Q(on_time=True)),
            limited=Count("on_time"),
            rated=Count("complaint__rating"),
            rating_sum=Sum("complaint__rating"),
        )
        .order_by()
    }
    late_qs = figures.filter(on_time=False)
    late_count = late_qs.count()
    late: list[dict[str, Any]] = [
        dict(row)
        for row in late_qs.order_by("agency__name", "-hours").values(
            "agency_id",
            "hours",
            "working_days",
            "limit_amount",
            "limit_unit",
            code=F("complaint__tracking_code"),
            category=F("complaint__category__name"),
        )[:late_rows]
    ]
    return Period(
        n,
        first_response,
        completion,
        bands,
        totals["timely"],
        totals["limited"],
        ratings,
        per_agency,
        late,
        late_count,
    )
