"""Per-complaint durations for complaints completed in a period: hours, working days, on time.

Definitions (docs/reports.md): times run from `created_at`; completion stops at `resolved_at`;
time spent waiting for the citizen (`paused_seconds`) is taken off the completion time. The
completion limit is the administrators' deadline rule for the completion step, counted from
`routed_at` as the deadline code does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from aduan.agencies.calendar import calendar_for
from aduan.agencies.models import Agency, DeadlineRule, Step
from aduan.complaints.models import ComplaintQuerySet
from aduan.reports.clock import DAY_SECONDS, FastClock

FIELDS = (
    "pk",
    "assigned_path",
    "tracking_code",
    "agency_id",
    "unit_id",
    "category_id",
    "classification",
    "complexity",
    "created_at",
    "routed_at",
    "first_response_at",
    "resolved_at",
    "paused_seconds",
    "rating",
)
BAND_HOURS = 10
BAND_COUNT = 10  # 0–10 … 91–100, then one open band "more than 100 hours"


@dataclass(frozen=True)
class Completed:
    pk: int
    node_path: str
    resolved_at: datetime
    tracking_code: str
    agency_id: int | None
    category_id: int
    hours: float  # completion, wall clock, minus the citizen's wait
    working_days: float  # completion, working time, minus the citizen's wait
    first_response_hours: float | None
    first_response_working_days: float | None
    on_time: bool | None  # None: no completion limit applies
    limit: DeadlineRule | None
    rating: int | None


def band_of(hours: float) -> int:
    """Band index of a completion time: whole hours rounded up, 0–10 → 0, 11–20 → 1, …"""
    whole = math.ceil(hours - 1e-9)
    return min(max(whole - 1, 0) // BAND_HOURS, BAND_COUNT)


def band_labels() -> list[str]:
    labels = [
        f"{0 if i == 0 else i * BAND_HOURS + 1}–{(i + 1) * BAND_HOURS} jam"
        for i in range(BAND_COUNT)
    ]
    labels.append(f"> {BAND_COUNT * BAND_HOURS} jam")
    return labels


class _Rules:
    """The completion-step rules, chosen per (category, classification, complexity) like
    complaints.deadlines.rule_for, without a query per complaint."""

    def __init__(self) -> None:
        self.rules = list(DeadlineRule.objects.filter(step=Step.COMPLETION))
        self.cache: dict[tuple[int, str, str], DeadlineRule | None] = {}

    def get(self, category_id: int, classification: str, complexity: str) -> DeadlineRule | None:
        key = (category_id, classification, complexity)
        if key not in self.cache:
            matching = [
                r
                for r in self.rules
                if r.category_id in (None, category_id)
                and r.classification in ("", classification)
                and r.complexity in ("", complexity)
            ]
            self.cache[key] = max(
                matching,
                key=lambda r: (
                    r.category_id is not None,
                    r.complexity != "",
                    r.classification != "",
                ),
                default=None,
            )
        return self.cache[key]


class _Clocks:
    """One FastClock per working-week pattern, covering every instant of the rows."""

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start - timedelta(days=1), end + timedelta(days=1)
        self.patterns = dict(Agency.objects.values_list("pk", "working_days"))
        self.clocks: dict[str, FastClock] = {}

    def for_agency(self, agency_id: int | None) -> FastClock:
        pattern = self.patterns.get(agency_id, "12345") if agency_id else "12345"
        if pattern not in self.clocks:
            calendar = calendar_for(Agency(working_days=pattern), self.start)
            self.clocks[pattern] = FastClock(calendar, self.start, self.end)
        return self.clocks[pattern]


def compute(qs: ComplaintQuerySet) -> list[Completed]:
    """Durations of every completed complaint in qs."""
    rows = list(qs.filter(resolved_at__isnull=False).order_by().values_list(*FIELDS))
    if not rows:
        return []
    # Local dates: a clock's range is in the calendar's own time zone.
    tz = ZoneInfo(settings.TIME_ZONE)
    earliest = min(r[8] for r in rows).astimezone(tz).date()
    latest = max(r[11] for r in rows).astimezone(tz).date()
    clocks = _Clocks(earliest, latest)
    rules = _Rules()
    out = []
    for (
        pk,
        path,
        code,
        agency_id,
        unit_id,
        category_id,
        classification,
        complexity,
        created,
        routed,
        first,
        resolved,
        paused,
        rating,
    ) in rows:
        clock = clocks.for_agency(unit_id or agency_id)
        wall = (resolved - created).total_seconds() - paused
        working = clock.seconds_between(created, resolved) - paused
        rule = rules.get(category_id, classification, complexity)
        on_time = None
        if rule is not None:
            since = routed or created
            if rule.unit == DeadlineRule.Unit.HOURS:
                taken = (resolved - since).total_seconds() - paused
                on_time = taken <= rule.amount * 3600
            else:
                taken = clock.seconds_between(since, resolved) - paused
                on_time = taken <= rule.amount * DAY_SECONDS
        first_hours = first_days = None
        if first is not None:
            first_hours = max((first - created).total_seconds(), 0) / 3600
            first_days = clock.seconds_between(created, first) / DAY_SECONDS
        out.append(
            Completed(
                pk=pk,
                node_path=path,
                resolved_at=resolved,
                tracking_code=code,
                agency_id=agency_id,
                category_id=category_id,
                hours=max(wall, 0) / 3600,
                working_days=max(working, 0) / DAY_SECONDS,
                first_response_hours=first_hours,
                first_response_working_days=first_days,
                on_time=on_time,
                limit=rule,
                rating=rating,
            )
        )
    return out


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def median(values: Iterable[float]) -> float | None:
    items = sorted(values)
    if not items:
        return None
    mid = len(items) // 2
    return items[mid] if len(items) % 2 else (items[mid - 1] + items[mid]) / 2
