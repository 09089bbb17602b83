"""When complaints arrive and how fast they were first answered (office hours, nights, weekends,
holidays), and how much of the time outside office hours each duty roster covered (DESIGN §5)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

from aduan.agencies.calendar import calendar_for
from aduan.agencies.models import Agency, DutyShift
from aduan.complaints.models import Complaint
from aduan.lib.workingtime import WorkCalendar
from aduan.reports.durations import median
from aduan.reports.lines import Line

if TYPE_CHECKING:
    from aduan.reports.process import ProcessFigures, Scope

OFFICE, NIGHT, WEEKEND, HOLIDAY = "office", "night", "weekend", "holiday"

Interval = tuple[datetime, datetime]


def arrival_labels() -> dict[str, str]:
    return {
        OFFICE: _("Jam kerja"),
        NIGHT: _("Hari kerja, di luar jam kerja"),
        WEEKEND: _("Akhir pekan"),
        HOLIDAY: _("Hari libur"),
    }


def kind_of(moment: datetime, cal: WorkCalendar) -> str:
    local = moment.astimezone(cal.tz)
    day = local.date()
    if day.isoweekday() not in cal.weekdays:
        return WEEKEND
    if day in cal.days_off:
        return HOLIDAY
    return OFFICE if local.time() in settings.ADUAN_OFFICE_HOURS else NIGHT


def _off_hours(start: datetime, end: datetime, cal: WorkCalendar) -> list[Interval]:
    """The times in [start, end) outside office hours on this calendar, as intervals."""
    hours = settings.ADUAN_OFFICE_HOURS
    spans: list[Interval] = []
    day = start.astimezone(cal.tz).date()
    last = (end - timedelta(microseconds=1)).astimezone(cal.tz).date()
    while day <= last:
        midnight = datetime.combine(day, time.min, tzinfo=cal.tz)
        following = datetime.combine(day + timedelta(days=1), time.min, tzinfo=cal.tz)
        if cal.is_working_day(day):
            spans.append((midnight, datetime.combine(day, hours.start, tzinfo=cal.tz)))
            spans.append((datetime.combine(day, hours.end, tzinfo=cal.tz), following))
        else:
            spans.append((midnight, following))
        day += timedelta(days=1)
    return _merge([(max(a, start), min(b, end)) for a, b in spans if min(b, end) > max(a, start)])


def _merge(spans: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _overlap(one: list[Interval], other: list[Interval]) -> float:
    """Seconds that two sorted, merged lists of intervals share."""
    total, i, j = 0.0, 0, 0
    while i < len(one) and j < len(other):
        a = max(one[i][0], other[j][0])
        b = min(one[i][1], other[j][1])
        if b > a:
            total += (b - a).total_seconds()
        if one[i][1] < other[j][1]:
            i += 1
        else:
            j += 1
    return total


def _covered(moment: datetime, spans: list[Interval]) -> bool:
    return any(a <= moment < b for a, b in spans)


def arrivals_and_duty(scope: Scope, figures: ProcessFigures) -> None:
    cal = calendar_for(scope.agency, scope.month.first_day)
    received = (
        Complaint.objects.filter(scope.complaints())
        .filter(created_at__gte=scope.start, created_at__lt=scope.end)
        .order_by()
        .values_list(
            "created_at", "first_response_at", "category__is_urgent", "agency_id", "unit_id"
        )
    )
    counts: Counter[str] = Counter()
    waits: dict[str, list[float]] = defaultdict(list)
    urgent_off: dict[int | None, list[datetime]] = defaultdict(list)
    for created, answered, urgent, agency_id, unit_id in received:
        kind = kind_of(created, cal)
        counts[kind] += 1
        if answered is not None:
            waits[kind].append((answered - created).total_seconds() / 3600)
        if urgent and kind != OFFICE:
            urgent_off[scope.group(agency_id, unit_id)].append(created)
    total = sum(counts.values())
    figures.arrivals = []
    for kind, label in arrival_labels().items():
        hours = waits[kind]
        figures.arrivals.append(
            _line(
                label,
                kind=kind,
                count=counts[kind],
                pct=100 * counts[kind] / total if total else None,
                answered=len(hours),
                mean_hours=sum(hours) / len(hours) if hours else None,
                median_hours=median(hours),
            )
        )
    figures.duty = _duty(scope, urgent_off)


def _line(label: str, **values: object) -> Line:
    return Line(label, dict(values))


def _group_of_node(scope: Scope, node: Agency) -> int | None:
    if scope.agency is not None:
        return scope.group(node.pk, None)
    # A city report groups by agency: a unit's shifts count for the agency above it.
    while node.kind == Agency.Kind.UNIT and node.parent_id in scope.agencies:
        node = scope.agencies[node.parent_id]
    return node.pk


def _duty(scope: Scope, urgent_off: dict[int | None, list[datetime]]) -> list[Line]:
    shifts = DutyShift.objects.filter(starts_at__lt=scope.end, ends_at__gt=scope.start).order_by()
    if scope.agency is not None:
        shifts = shifts.filter(agency__path__startswith=scope.agency.path)
    spans: dict[int | None, list[Interval]] = defaultdict(list)
    for agency_id, starts, ends in shifts.values_list("agency_id", "starts_at", "ends_at"):
        node = scope.agencies.get(agency_id)
        if node is None:
            continue
        spans[_group_of_node(scope, node)].append((max(starts, scope.start), min(ends, scope.end)))
    lines = []
    for key in set(spans) | {k for k in urgent_off if k is not None}:
        agency = scope.agencies.get(key or 0)
        cal = calendar_for(agency, scope.month.first_day)
        off = _off_hours(scope.start, scope.end, cal)
        on = _merge(spans.get(key, []))
        off_seconds = sum((b - a).total_seconds() for a, b in off)
        covered = _overlap(off, on)
        arrivals = urgent_off.get(key, [])
        lines.append(
            _line(
                scope.name(key),
                off_hours=off_seconds / 3600,
                covered_hours=covered / 3600,
                pct=100 * covered / off_seconds if off_seconds else None,
                urgent=len(arrivals),
                urgent_on_duty=sum(_covered(at, on) for at in arrivals),
            )
        )
    return sorted(lines, key=lambda line: (line["pct"] or 0, line.label))
