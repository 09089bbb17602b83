"""The monthly monitoring and evaluation report (DESIGN §8): every figure, computed once.

Counts are GROUP BY queries in the database. Durations need the working calendar, so they are
computed for the month's completed complaints only (durations.py). Which complaints count where
is defined in docs/reports.md; the names below follow it:
  received  = created_at in the month            (totals, classification, category, agency, area,
                                                   channel, location)
  completed = resolved_at in the month            (times, bands, on time, satisfaction)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from aduan.agencies.models import Agency, Area, Category, Classification
from aduan.complaints.models import Channel, Complaint, ComplaintQuerySet
from aduan.complaints.states import Status
from aduan.reports import durations
from aduan.reports.conclusions import write_conclusions
from aduan.reports.durations import Completed, mean, median
from aduan.reports.period import Month
from aduan.reports.scores import Score, formula_for, score

TOP = 5
NOT_COUNTED_AS_WORK = (Status.REJECTED, Status.MERGED)


@dataclass
class Row:
    """One line of a table: what, how many, its share of the table's total, and the filters of the
    complaint list behind the number (for links)."""

    label: str
    count: int
    share: float = 0.0
    filters: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class TimeFigures:
    count: int
    mean_hours: float | None
    median_hours: float | None
    mean_working_days: float | None
    median_working_days: float | None


@dataclass
class AgencyFigures:
    agency: Agency
    received: int = 0
    received_countable: int = 0  # not rejected or merged
    completed_by_month_end: int = 0  # of received_countable
    completed: int = 0  # completed in the month
    on_time: int = 0
    with_limit: int = 0
    mean_hours: float | None = None
    ratings: list[int] = field(default_factory=list)
    score: Score | None = None
    rank: int = 0

    @property
    def on_time_pct(self) -> float | None:
        return 100 * self.on_time / self.with_limit if self.with_limit else None


@dataclass
class OverdueCase:
    agency: str
    tracking_code: str
    category: str
    hours: float
    working_days: float | None
    limit: str


@dataclass
class MonthlyReport:
    month: Month
    agency: Agency | None
    institution: str
    generated_at: datetime
    received: int
    by_status: list[Row]
    by_classification: list[Row]
    top_categories: list[Row]
    top_agencies: list[Row]
    by_area: list[Row]
    by_channel: list[Row]
    located: Row
    unlocated: Row
    completed: int
    first_response: TimeFigures
    completion: TimeFigures
    bands: list[Row]
    on_time: int
    with_limit: int
    fast_agencies: list[Row]
    late: list[OverdueCase]
    still_overdue: list[Row]
    still_overdue_cases: list[OverdueCase]
    ratings: list[Row]
    rating_count: int
    rating_mean: float | None
    agencies: list[AgencyFigures]
    formula: Any
    overall: Score
    conclusions: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.received == 0 and self.completed == 0 and not self.still_overdue

    @property
    def on_time_pct(self) -> float | None:
        return 100 * self.on_time / self.with_limit if self.with_limit else None

    @property
    def title(self) -> str:
        return "Laporan Monitoring dan Evaluasi Pengelolaan Pengaduan Masyarakat"


def _pct(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def _rows(
    counts: list[tuple[Any, int]],
    labels: dict[Any, str],
    key: str,
    total: int,
    dates: dict[str, str],
) -> list[Row]:
    rows = []
    for value, count in counts:
        filters = dict(dates)
        if value is not None:
            filters[key] = str(value)
        rows.append(Row(labels.get(value, str(value or "—")), count, _pct(count, total), filters))
    return rows


def _times(items: list[Completed], hours: str, days: str) -> TimeFigures:
    h = [getattr(c, hours) for c in items if getattr(c, hours) is not None]
    d = [getattr(c, days) for c in items if getattr(c, days) is not None]
    return TimeFigures(len(h), mean(h), median(h), mean(d), median(d))


def _limit_text(rule: Any) -> str:
    if rule is None:
        return "—"
    return f"{rule.amount} {rule.get_unit_display()}"


def scoped(base: ComplaintQuerySet, agency: Agency | None) -> ComplaintQuerySet:
    return base.assigned_within(agency.path) if agency is not None else base


def build(
    month: Month,
    *,
    base: ComplaintQuerySet | None = None,
    agency: Agency | None = None,
    now: datetime | None = None,
) -> MonthlyReport:
    """The report for `month` over `base` (the viewer's visible complaints), optionally one agency."""
    now = now or timezone.now()
    qs = scoped(base if base is not None else Complaint.objects.all(), agency)
    start, end = month.bounds()
    dates = {"date_from": month.first_day.isoformat(), "date_to": month.last_day.isoformat()}
    received_qs = qs.filter(created_at__gte=start, created_at__lt=end).order_by()
    received = received_qs.count()

    def grouped(field_name: str) -> list[tuple[Any, int]]:
        return list(
            received_qs.values_list(field_name).annotate(n=Count("pk")).order_by("-n", field_name)
        )

    status_counts = dict(grouped("status"))
    by_status = [
        Row(
            str(label),
            status_counts.get(value, 0),
            _pct(status_counts.get(value, 0), received),
            {**dates, "status": value},
        )
        for value, label in Status.choices
    ]
    by_classification = _rows(
        grouped("classification"),
        {k: str(v) for k, v in Classification.choices},
        "classification",
        received,
        dates,
    )
    category_counts = grouped("category_id")
    categories = dict(Category.objects.values_list("pk", "name"))
    top_categories = _rows(category_counts[:TOP], categories, "category", received, dates)

    # A city report compares agencies; an agency's own report compares its units.
    agency_counts = grouped("agency_id" if agency is None else "unit_id")
    if agency is not None:
        # Complaints at the agency itself (no unit) count under the agency's own name.
        agency_counts = [(k if k is not None else agency.pk, n) for k, n in agency_counts]
    all_agencies = {a.pk: a for a in Agency.objects.all()}
    agency_names = {pk: str(a) for pk, a in all_agencies.items()}
    agency_labels: dict[Any, str] = {**agency_names, None: "Belum didisposisikan"}
    top_agencies = _rows(agency_counts[:TOP], agency_labels, "agency", received, dates)

    area_counts = grouped("area_id")
    areas = {a.code: a for a in Area.objects.filter(code__in=[k for k, _n in area_counts if k])}
    kecamatan_totals: Counter[str | None] = Counter()
    for code, n in area_counts:
        parent = areas[code].parent_id if code in areas else None
        kecamatan_totals[parent] += n
    parents = {
        a.code: a.name for a in Area.objects.filter(code__in=[k for k in kecamatan_totals if k])
    }
    by_area = []
    for kec, n in sorted(kecamatan_totals.items(), key=lambda kv: (-kv[1], kv[0] or "~")):
        row = Row(
            parents.get(kec or "", "Tanpa wilayah"),
            n,
            _pct(n, received),
            {**dates, "area": kec} if kec else dict(dates),
        )
        row.extra["children"] = [
            Row(areas[code].name, c, _pct(c, received), {**dates, "area": code})
            for code, c in area_counts
            if code in areas and areas[code].parent_id == kec
        ]
        by_area.append(row)

    by_channel = _rows(
        grouped("channel"), {k: str(v) for k, v in Channel.choices}, "channel", received, dates
    )
    with_location = received_qs.filter(latitude__isnull=False, longitude__isnull=False).count()
    located = Row("Dengan lokasi", with_location, _pct(with_location, received), dict(dates))
    unlocated = Row(
        "Tanpa lokasi",
        received - with_location,
        _pct(received - with_location, received),
        dict(dates),
    )

    # Completion figures (Python, this month's completed complaints only).
    done = durations.completed_in(qs, start, end)
    first_response = _times(done, "first_response_hours", "first_response_working_days")
    completion = _times(done, "hours", "working_days")
    band_counts = Counter(durations.band_of(c.hours) for c in done)
    bands = [
        Row(label, band_counts.get(i, 0), _pct(band_counts.get(i, 0), len(done)))
        for i, label in enumerate(durations.band_labels())
    ]
    limited = [c for c in done if c.on_time is not None]
    on_time = sum(1 for c in limited if c.on_time)
    late_rows = [c for c in limited if not c.on_time]
    category_names = categories
    late = [
        OverdueCase(
            agency_names.get(c.agency_id, "—") if c.agency_id else "—",
            c.tracking_code,
            category_names.get(c.category_id, "—"),
            c.hours,
            c.working_days,
            _limit_text(c.limit),
        )
        for c in sorted(late_rows, key=lambda c: (agency_names.get(c.agency_id or 0, ""), -c.hours))
    ]

    per_agency: dict[int, AgencyFigures] = {}

    def figures(pk: int) -> AgencyFigures:
        if pk not in per_agency:
            per_agency[pk] = AgencyFigures(all_agencies.get(pk) or Agency(pk=pk, name="—"))
        return per_agency[pk]

    hours_by_agency: dict[int, list[float]] = defaultdict(list)
    for c in done:
        if c.agency_id is None:
            continue
        f = figures(c.agency_id)
        f.completed += 1
        hours_by_agency[c.agency_id].append(c.hours)
        if c.on_time is not None:
            f.with_limit += 1
            f.on_time += int(c.on_time)
        if c.rating is not None:
            f.ratings.append(c.rating)
    for pk, hours in hours_by_agency.items():
        per_agency[pk].mean_hours = mean(hours)
    countable = received_qs.exclude(status__in=NOT_COUNTED_AS_WORK).exclude(agency__isnull=True)
    for pk, n, finished in (
        countable.values_list("agency_id")
        .annotate(n=Count("pk"), finished=Count("pk", filter=Q(resolved_at__lt=end)))
        .order_by()
    ):
        f = figures(pk)
        f.received_countable, f.completed_by_month_end = n, finished
    for pk, n in (
        received_qs.exclude(agency__isnull=True)
        .values_list("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures(pk).received = n

    formula = formula_for(month.first_day)
    for f in per_agency.values():
        f.score = score(
            formula,
            on_time_pct=f.on_time_pct,
            completion_pct=_pct(f.completed_by_month_end, f.received_countable)
            if f.received_countable
            else None,
            satisfaction_pct=100 * mean(f.ratings) / 5 if f.ratings else None,  # type: ignore[operator]
        )
    agencies = sorted(
        per_agency.values(), key=lambda f: (-f.score.rank_key if f.score else 1, str(f.agency))
    )
    for i, f in enumerate(agencies, start=1):
        f.rank = i

    fast = [
        Row(
            agency_names.get(pk, "—"),
            len(hours),
            0.0,
            {**dates, "agency": str(pk)},
            {"mean_hours": mean(hours)},
        )
        for pk, hours in hours_by_agency.items()
        if (mean(hours) or 0) <= 1
    ]
    fast.sort(key=lambda r: (r.extra["mean_hours"], r.label))

    open_overdue = (
        qs.overdue(now)
        # A resolution waiting for the citizen's confirmation is not the agency's delay.
        .exclude(status=Status.RESOLVED)
        .filter(created_at__lt=end)
        .select_related("category", "agency")
        .order_by("due_at")
    )
    overdue_counts = list(
        open_overdue.values_list("agency_id").annotate(n=Count("pk")).order_by("-n", "agency_id")
    )
    still_overdue = [
        Row(
            agency_labels.get(pk, "—"),
            n,
            0.0,
            {"agency": str(pk), "overdue": "1"} if pk else {"overdue": "1"},
        )
        for pk, n in overdue_counts
    ]
    still_overdue_cases = [
        OverdueCase(
            str(c.agency) if c.agency else "—",
            c.tracking_code,
            c.category.name,
            (now - c.created_at).total_seconds() / 3600,
            None,
            timezone.localtime(c.due_at).strftime("%d-%m-%Y %H:%M") if c.due_at else "—",
        )
        for c in open_overdue[:100]
    ]

    ratings = [c.rating for c in done if c.rating is not None]
    rating_counter = Counter(ratings)
    rating_rows = [
        Row(
            f"{stars} ★",
            rating_counter.get(stars, 0),
            _pct(rating_counter.get(stars, 0), len(ratings)),
        )
        for stars in range(5, 0, -1)
    ]
    total_countable = sum(f.received_countable for f in per_agency.values())
    total_finished = sum(f.completed_by_month_end for f in per_agency.values())
    overall = score(
        formula,
        on_time_pct=_pct(on_time, len(limited)) if limited else None,
        completion_pct=_pct(total_finished, total_countable) if total_countable else None,
        satisfaction_pct=100 * mean(ratings) / 5 if ratings else None,  # type: ignore[operator]
    )

    report = MonthlyReport(
        month=month,
        agency=agency,
        institution=settings.ADUAN_INSTITUTION_NAME,
        generated_at=now,
        received=received,
        by_status=by_status,
        by_classification=by_classification,
        top_categories=top_categories,
        top_agencies=top_agencies,
        by_area=by_area,
        by_channel=by_channel,
        located=located,
        unlocated=unlocated,
        completed=len(done),
        first_response=first_response,
        completion=completion,
        bands=bands,
        on_time=on_time,
        with_limit=len(limited),
        fast_agencies=fast,
        late=late,
        still_overdue=still_overdue,
        still_overdue_cases=still_overdue_cases,
        ratings=rating_rows,
        rating_count=len(ratings),
        rating_mean=mean(ratings),
        agencies=agencies,
        formula=formula,
        overall=overall,
    )
    write_conclusions(report, previous=_previous(qs, month), categories=category_names)
    return report


@dataclass
class Previous:
    """What the conclusions compare with: last month's on-time share per agency and categories."""

    on_time_pct: dict[int, float]
    category_counts: dict[int, int]


def _previous(qs: ComplaintQuerySet, month: Month) -> Previous:
    start, end = month.previous.bounds()
    done = durations.completed_in(qs, start, end)
    totals: dict[int, list[bool]] = defaultdict(list)
    for c in done:
        if c.agency_id is not None and c.on_time is not None:
            totals[c.agency_id].append(c.on_time)
    return Previous(
        on_time_pct={pk: 100 * sum(v) / len(v) for pk, v in totals.items()},
        category_counts=dict(
            qs.filter(created_at__gte=start, created_at__lt=end)
            .order_by()
            .values_list("category_id")
            .annotate(n=Count("pk"))
        ),
    )
