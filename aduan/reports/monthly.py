"""The monthly monitoring and evaluation report (DESIGN §8): every figure, computed once.

Counts come from one GROUP BY over the month's received complaints. Durations need the working
calendar: each completed complaint's are computed once and kept (completions.py), and the month's
averages, medians, bands and on-time counts are aggregates over those rows. Which complaints count where
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
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from aduan.agencies.models import Agency, Area, Category, Classification, DeadlineRule
from aduan.complaints.channels import Channel
from aduan.complaints.models import Complaint, ComplaintQuerySet
from aduan.complaints.states import Status
from aduan.reports import completions, durations, process
from aduan.reports.completions import TimeFigures
from aduan.reports.conclusions import write_conclusions
from aduan.reports.models import CompletionFigure
from aduan.reports.period import Month
from aduan.reports.process import ProcessFigures
from aduan.reports.scores import Score, formula_for, score
from aduan.reports.sections import ReportWords

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
class AgencyFigures:
    agency: Agency
    received: int = 0
    received_countable: int = 0  # not rejected or merged
    completed_by_month_end: int = 0  # of received_countable
    completed: int = 0  # completed in the month
    on_time: int = 0
    with_limit: int = 0
    mean_hours: float | None = None
    rating_count: int = 0
    rating_sum: int = 0
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
    late_count: int
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
    # What people wrote for it (documents.py); None on public pages and bare computations.
    words: ReportWords | None = None
    # How the work was done (process.py); None on the public page.
    process: ProcessFigures | None = None

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


def _limit_text(amount: int | None, unit: str) -> str:
    if amount is None:
        return "—"
    return f"{amount} {DeadlineRule.Unit(unit).label}"


def _child_under(subject: Agency, node: Agency | None) -> int | None:
    """The child of `subject` in the agency tree that `node` sits in (or `subject` itself).

    None when nobody handles the complaint yet (still at the desk).
    """
    if node is None:
        return None
    rest = node.path[len(subject.path) :] if node.path.startswith(subject.path) else ""
    first = rest.split("/", 1)[0]
    return int(first) if first else subject.pk


def _rank_key(figures: AgencyFigures) -> float | None:
    return (
        round(figures.score.value, 2) if figures.score and figures.score.value is not None else None
    )


def scoped(base: ComplaintQuerySet, agency: Agency | None) -> ComplaintQuerySet:
    return base.assigned_within(agency.path) if agency is not None else base


def _figures(
    qs: ComplaintQuerySet,
    base: ComplaintQuerySet | None,
    agency: Agency | None,
    month: Month,
    where: Q | None,
) -> QuerySet[CompletionFigure]:
    """The month's completion figures in scope, after making sure every one of them is fresh."""
    start, end = month.bounds()
    completions.refresh(qs, start, end)
    # Under an agency, its subtree is the scope (the viewer may see it, or we would not be here);
    # otherwise a restricted base is matched by `where` (a join) or, failing that, by membership.
    restricted = base is not None and base.query.has_filters() and agency is None
    return completions.figures_in(
        start,
        end,
        within=agency.path if agency is not None else "",
        where=where,
        scope=base if restricted else None,
    )


# Open statuses whose due time is the agency's (or the desk's) to meet: not waiting for the
# citizen's answer (paused) or confirmation.
OVERDUE_STATUSES = (Status.SUBMITTED, Status.ROUTED, Status.IN_PROGRESS, Status.UNDER_REVIEW)


def build(
    month: Month,
    *,
    base: ComplaintQuerySet | None = None,
    agency: Agency | None = None,
    now: datetime | None = None,
    figures_where: Q | None = None,
) -> MonthlyReport:
    """The report for `month` over `base` (the viewer's visible complaints), optionally one agency.

    `figures_where` states `base` as a condition on CompletionFigure's complaint (public pages:
    not rahasia, not merged), which the database answers faster than a membership test.
    """
    now = now or timezone.now()
    qs = scoped(base if base is not None else Complaint.objects.all(), agency)
    start, end = month.bounds()
    dates = {"date_from": month.first_day.isoformat(), "date_to": month.last_day.isoformat()}
    received_qs = qs.filter(created_at__gte=start, created_at__lt=end).order_by()

    # One pass over the month's received complaints; every breakdown is summed from its groups.
    # A city report compares agencies; an agency's own report compares its units.
    by: dict[str, Counter[Any]] = defaultdict(Counter)
    received_by_agency: Counter[int] = Counter()
    countable: Counter[int] = Counter()
    finished: Counter[int] = Counter()
    located = 0
    for (
        status,
        classification,
        category,
        agency_id,
        unit_id,
        area,
        channel,
        n,
        n_located,
        n_done,
    ) in received_qs.values_list(
        "status", "classification", "category_id", "agency_id", "unit_id", "area_id", "channel"
    ).annotate(
        n=Count("pk"),
        located=Count("pk", filter=Q(latitude__isnull=False, longitude__isnull=False)),
        done=Count("pk", filter=Q(resolved_at__lt=end)),
    ):
        by["status"][status] += n
        by["classification"][classification] += n
        by["category"][category] += n
        by["handler"][(agency_id, unit_id)] += n
        by["area"][area] += n
        by["channel"][channel] += n
        located += n_located
        if agency_id is not None:
            received_by_agency[agency_id] += n
        if agency_id is not None and status not in NOT_COUNTED_AS_WORK:
            countable[agency_id] += n
            finished[agency_id] += n_done
    received = sum(by["status"].values())

    def ranked(counter: Counter[Any]) -> list[tuple[Any, int]]:
        return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))

    by_status = [
        Row(
            str(label),
            by["status"][value],
            _pct(by["status"][value], received),
            {**dates, "status": value},
        )
        for value, label in Status.choices
    ]
    by_classification = _rows(
        ranked(by["classification"]),
        {k: str(v) for k, v in Classification.choices},
        "classification",
        received,
        dates,
    )
    categories = dict(Category.objects.values_list("pk", "name"))
    top_categories = _rows(ranked(by["category"])[:TOP], categories, "category", received, dates)
    all_agencies = {a.pk: a for a in Agency.objects.all()}
    agency_names = {pk: str(a) for pk, a in all_agencies.items()}
    # A city report compares the agencies that handled complaints; an agency's report compares its
    # children in the tree (a kecamatan's kelurahan, a dinas's bidang), at whatever depth it sits.
    for (agency_id, unit_id), n in by["handler"].items():
        if agency is None:
            by["agency"][agency_id] += n
        else:
            by["agency"][_child_under(agency, all_agencies.get(unit_id or agency_id))] += n
    agency_labels: dict[Any, str] = {**agency_names, None: "Belum didisposisikan"}
    top_agencies = _rows(ranked(by["agency"])[:TOP], agency_labels, "agency", received, dates)

    area_counts = ranked(by["area"])
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
    # The city's own names (JAKI, LAPOR 1708...), from the channel table.
    by_channel = _rows(ranked(by["channel"]), Channel.objects.names(), "channel", received, dates)
    located_row = Row("Dengan lokasi", located, _pct(located, received), dict(dates))
    unlocated_row = Row(
        "Tanpa lokasi", received - located, _pct(received - located, received), dict(dates)
    )

    done = completions.period(_figures(qs, base, agency, month, figures_where))
    bands = [
        Row(label, done.bands.get(i, 0), _pct(done.bands.get(i, 0), done.count))
        for i, label in enumerate(durations.band_labels())
    ]
    late = [
        OverdueCase(
            agency_names.get(r["agency_id"], "—"),
            r["code"],
            r["category"],
            r["hours"],
            r["working_days"],
            _limit_text(r["limit_amount"], r["limit_unit"]),
        )
        for r in done.late
    ]

    per_agency: dict[int, AgencyFigures] = {}

    def figures(pk: int) -> AgencyFigures:
        if pk not in per_agency:
            per_agency[pk] = AgencyFigures(all_agencies.get(pk) or Agency(pk=pk, name="—"))
        return per_agency[pk]

    for pk, c in done.per_agency.items():
        f = figures(pk)
        f.completed, f.mean_hours = c.completed, c.mean_hours
        f.on_time, f.with_limit = c.on_time, c.with_limit
        f.rating_count, f.rating_sum = c.rating_count, c.rating_sum
    for pk, n in countable.items():
        f = figures(pk)
        f.received_countable, f.completed_by_month_end = n, finished[pk]
    for pk, n in received_by_agency.items():
        figures(pk).received = n

    formula = formula_for(month.first_day)
    for f in per_agency.values():
        f.score = score(
            formula,
            on_time_pct=f.on_time_pct,
            completion_pct=_pct(f.completed_by_month_end, f.received_countable)
            if f.received_countable
            else None,
            satisfaction_pct=100 * f.rating_sum / f.rating_count / 5 if f.rating_count else None,
        )

    def order(f: AgencyFigures) -> tuple[float, str]:
        key = _rank_key(f)
        return (-key if key is not None else 1.0, str(f.agency))

    agencies = sorted(per_agency.values(), key=order)
    # Equal scores share a rank, and the next score takes its place in the line (1, 1, 3).
    for i, f in enumerate(agencies, start=1):
        before = agencies[i - 2] if i > 1 else None
        same = before is not None and _rank_key(before) == _rank_key(f)
        f.rank = before.rank if same and before is not None else i

    fast = [
        Row(
            agency_names.get(pk, "—"),
            c.completed,
            0.0,
            {**dates, "agency": str(pk)},
            {"mean_hours": c.mean_hours},
        )
        for pk, c in done.per_agency.items()
        if c.mean_hours is not None and c.mean_hours <= 1
    ]
    fast.sort(key=lambda r: (r.extra["mean_hours"], r.label))

    open_overdue = qs.filter(
        status__in=OVERDUE_STATUSES,
        due_at__lt=now,
        paused_at__isnull=True,
        created_at__lt=end,
    ).order_by()
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
        for c in open_overdue.select_related("category", "agency").order_by("due_at")[:100]
    ]

    rated = sum(done.ratings.values())
    rating_sum = sum(stars * n for stars, n in done.ratings.items())
    rating_rows = [
        Row(f"{stars} ★", done.ratings.get(stars, 0), _pct(done.ratings.get(stars, 0), rated))
        for stars in range(5, 0, -1)
    ]
    total_countable = sum(countable.values())
    total_finished = sum(finished.values())
    overall = score(
        formula,
        on_time_pct=_pct(done.on_time, done.with_limit) if done.with_limit else None,
        completion_pct=_pct(total_finished, total_countable) if total_countable else None,
        satisfaction_pct=100 * rating_sum / rated / 5 if rated else None,
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
        located=located_row,
        unlocated=unlocated_row,
        completed=done.count,
        first_response=done.first_response,
        completion=done.completion,
        bands=bands,
        on_time=done.on_time,
        with_limit=done.with_limit,
        fast_agencies=fast,
        late=late,
        late_count=done.late_count,
        still_overdue=still_overdue,
        still_overdue_cases=still_overdue_cases,
        ratings=rating_rows,
        rating_count=rated,
        rating_mean=rating_sum / rated if rated else None,
        agencies=agencies,
        formula=formula,
        overall=overall,
    )
    if agency is not None or base is None or not base.query.has_filters():
        # Staff reports only: the public page's figures leave out rahasia complaints, which the
        # process figures would have to be cut the same way to be published.
        report.process = process.build(month, agency=agency, now=now)
    write_conclusions(
        report,
        previous=_previous(qs, base, agency, month, figures_where),
        categories=categories,
    )
    return report


@dataclass
class Previous:
    """What the conclusions compare with: last month's on-time share per agency and categories."""

    on_time_pct: dict[int, float]
    category_counts: dict[int, int]

    @property
    def has_data(self) -> bool:
        """Whether last month had anything to compare with; no growth is claimed from nothing."""
        return bool(self.category_counts) or bool(self.on_time_pct)


def _previous(
    qs: ComplaintQuerySet,
    base: ComplaintQuerySet | None,
    agency: Agency | None,
    month: Month,
    where: Q | None,
) -> Previous:
    before = month.previous
    start, end = before.bounds()
    return Previous(
        on_time_pct=completions.on_time_by_agency(_figures(qs, base, agency, before, where)),
        category_counts=dict(
            qs.filter(created_at__gte=start, created_at__lt=end)
            .order_by()
            .values_list("category_id")
            .annotate(n=Count("pk"))
        ),
    )
