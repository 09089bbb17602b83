"""How the work was done (DESIGN §8, process quality): what the timeline records, counted for a month.

Events are counted by when they happened (the timeline entry's time in the month) on complaints
in the report's scope: every complaint for the city, those assigned within the subtree for an
agency. A return ("bukan wewenang") or a re-routing takes the complaint out of the agency that had
it, so those are counted for that agency, as the action's audit entry records it. Arrivals are the
month's received complaints (process_hours.py); per-officer figures are in officers.py. The
definitions are published in docs/reports.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from aduan.accounts.models import Membership, Role, User
from aduan.agencies.models import Agency, Category
from aduan.audit.models import AuditEntry
from aduan.complaints.models import Complaint, Coordination, TimelineEntry
from aduan.complaints.states import Status
from aduan.reports import officers, process_hours
from aduan.reports.durations import median
from aduan.reports.lines import Line
from aduan.reports.period import Month
from aduan.reports.tree import group_of

Kind = TimelineEntry.Kind
CASES = 50  # cases listed one by one (sent back, returned); the counts cover all
# An action's audit entry is written in the same transaction as its timeline entry, a moment later.
AUDIT_SLACK = timedelta(minutes=5)


@dataclass
class Case:
    code: str
    agency: str
    who: str
    reason: str
    at: datetime


@dataclass
class ProcessFigures:
    resolutions_submitted: int = 0
    sent_back: int = 0
    sent_back_by_agency: list[Line] = field(default_factory=list)
    sent_back_by_reviewer: list[Line] = field(default_factory=list)
    sent_back_cases: list[Case] = field(default_factory=list)
    dispositions: int = 0
    returned: int = 0
    rerouted: int = 0
    misrouting_by_category: list[Line] = field(default_factory=list)
    returns_by_agency: list[Line] = field(default_factory=list)
    return_cases: list[Case] = field(default_factory=list)
    coordination: list[Line] = field(default_factory=list)
    coordination_total: int = 0
    coordination_open: int = 0
    info: Line = field(default_factory=lambda: Line(""))
    arrivals: list[Line] = field(default_factory=list)
    duty: list[Line] = field(default_factory=list)
    reminders: list[Line] = field(default_factory=list)
    reminder_totals: Line = field(default_factory=lambda: Line(""))
    officers: list[officers.OfficerLine] = field(default_factory=list)

    @property
    def sent_back_pct(self) -> float | None:
        return _pct(self.sent_back, self.resolutions_submitted)

    @property
    def misrouted(self) -> int:
        return self.returned + self.rerouted

    @property
    def misrouting_pct(self) -> float | None:
        return _pct(self.misrouted, self.dispositions)


def _pct(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


class Scope:
    """The report's subject and the month: which entries count, and how they are grouped."""

    def __init__(self, month: Month, agency: Agency | None, now: datetime) -> None:
        self.month = month
        self.agency = agency
        self.now = now
        self.start, self.end = month.bounds()
        self.agencies = {a.pk: a for a in Agency.objects.all()}

    def complaints(self) -> Q:
        """The complaints in scope, as a condition on Complaint."""
        return Q(assigned_path__startswith=self.agency.path) if self.agency else Q()

    def entries(self, *kinds: str) -> QuerySet[TimelineEntry]:
        """Timeline entries of these kinds in the month, on complaints in scope."""
        qs = TimelineEntry.objects.filter(
            kind__in=kinds, created_at__gte=self.start, created_at__lt=self.end
        ).order_by()
        if self.agency is not None:
            qs = qs.filter(complaint__assigned_path__startswith=self.agency.path)
        return qs

    def group(self, agency_id: int | None, unit_id: int | None) -> int | None:
        return group_of(self.agency, self.agencies, agency_id, unit_id)

    def name(self, pk: int | None) -> str:
        if pk is None:
            return _("Belum didisposisikan")
        found = self.agencies.get(pk)
        return str(found) if found else "—"

    def within(self, agency_id: int | None, unit_id: int | None) -> bool:
        node = self.agencies.get(unit_id or agency_id or 0)
        if self.agency is None:
            return True
        return node is not None and node.path.startswith(self.agency.path)


def build(month: Month, *, agency: Agency | None, now: datetime) -> ProcessFigures:
    scope = Scope(month, agency, now)
    figures = ProcessFigures()
    _review(scope, figures)
    _routing(scope, figures)
    _coordination(scope, figures)
    _information(scope, figures)
    _reminders(scope, figures)
    process_hours.arrivals_and_duty(scope, figures)
    figures.officers = officers.build(scope, sent_back=_sent_back_resolvers(scope))
    return figures


# ---------------------------------------------------------------------------------------------
# Resolutions sent back by the reviewer


def _people(ids: set[int]) -> dict[int, tuple[str, str]]:
    """Name and role (verifier or head) of the reviewers among these users."""
    verifiers = set(
        Membership.objects.filter(user_id__in=ids, role=Role.VERIFIER).values_list(
            "user_id", flat=True
        )
    )
    return {
        user.pk: (str(user), _("Verifikator") if user.pk in verifiers else _("Pimpinan"))
        for user in User.objects.filter(pk__in=ids)
    }


def _review(scope: Scope, figures: ProcessFigures) -> None:
    submitted: Counter[int | None] = Counter()
    back: Counter[int | None] = Counter()
    for agency_id, unit_id, kind, n in (
        scope.entries(Kind.RESOLVED, Kind.RESOLUTION_REJECTED)
        .values_list("complaint__agency_id", "complaint__unit_id", "kind")
        .annotate(n=Count("pk"))
    ):
        key = scope.group(agency_id, unit_id)
        (submitted if kind == Kind.RESOLVED else back)[key] += n
    figures.resolutions_submitted = sum(submitted.values())
    figures.sent_back = sum(back.values())
    figures.sent_back_by_agency = sorted(
        (
            Line(
                scope.name(key),
                {
                    "submitted": submitted[key],
                    "sent_back": back[key],
                    "pct": _pct(back[key], submitted[key]),
                },
            )
            for key in set(submitted) | set(back)
            if back[key]
        ),
        key=lambda line: (-line["sent_back"], line.label),
    )
    rejected = scope.entries(Kind.RESOLUTION_REJECTED)
    by_reviewer = dict(
        rejected.values_list("author_id").annotate(n=Count("pk")).values_list("author_id", "n")
    )
    people = _people({pk for pk in by_reviewer if pk})
    figures.sent_back_by_reviewer = sorted(
        (
            Line(
                people[pk][0] if pk in people else _("Tidak diketahui"),
                {"role": people[pk][1] if pk in people else "", "count": n},
            )
            for pk, n in by_reviewer.items()
        ),
        key=lambda line: (-line["count"], line.label),
    )
    for entry in rejected.select_related("complaint", "author").order_by("-created_at")[:CASES]:
        c = entry.complaint
        figures.sent_back_cases.append(
            Case(
                c.tracking_code,
                scope.name(scope.group(c.agency_id, c.unit_id)),
                str(entry.author) if entry.author else _("Sistem"),
                entry.message,
                entry.created_at,
            )
        )


def _sent_back_resolvers(scope: Scope) -> Counter[int]:
    """For each resolution sent back in the month, who had written it (the latest resolution
    before it on the same complaint): officers' figures count them."""
    rejected = list(
        scope.entries(Kind.RESOLUTION_REJECTED).values_list("complaint_id", "created_at")
    )
    if not rejected:
        return Counter()
    resolved: dict[int, list[tuple[datetime, int | None]]] = defaultdict(list)
    for complaint_id, at, author in (
        TimelineEntry.objects.filter(
            kind=Kind.RESOLVED, complaint_id__in={c for c, _at in rejected}
        )
        .order_by("created_at")
        .values_list("complaint_id", "created_at", "author_id")
    ):
        resolved[complaint_id].append((at, author))
    who: Counter[int] = Counter()
    for complaint_id, at in rejected:
        before = [author for when, author in resolved[complaint_id] if when <= at]
        if before and before[-1]:
            who[before[-1]] += 1
    return who


# ---------------------------------------------------------------------------------------------
# Returns ("bukan wewenang") and re-routings: misrouting by category


def _handlers(scope: Scope, entries: list[tuple[int, int, str, datetime]]) -> dict[int, AuditEntry]:
    """The audit entry of each returned or re-routed timeline entry (by the entry's id): it holds
    the agency and unit that had the complaint, and the reason given."""
    if not entries:
        return {}
    action: dict[str, str] = {
        Kind.RETURNED: "complaint.return_not_authority",
        Kind.ROUTED: "complaint.route",
    }
    audits: dict[tuple[str, str], list[AuditEntry]] = defaultdict(list)
    ids = sorted({str(complaint_id) for _pk, complaint_id, _kind, _at in entries})
    for i in range(0, len(ids), 500):
        for audit in AuditEntry.objects.filter(
            object_type="complaints.complaint",
            object_id__in=ids[i : i + 500],
            action__in=list(action.values()),
            created_at__gte=scope.start,
            created_at__lt=scope.end + AUDIT_SLACK,
        ).order_by("created_at"):
            audits[(audit.object_id, audit.action)].append(audit)
    found = {}
    for pk, complaint_id, kind, at in entries:
        for audit in audits[(str(complaint_id), action[kind])]:
            if at <= audit.created_at <= at + AUDIT_SLACK:
                found[pk] = audit
                break
    return found


def _routing(scope: Scope, figures: ProcessFigures) -> None:
    # Every return and re-routing of the month, wherever the complaint is now.
    moves = list(
        TimelineEntry.objects.filter(
            kind__in=(Kind.RETURNED, Kind.ROUTED),
            created_at__gte=scope.start,
            created_at__lt=scope.end,
        )
        .order_by("created_at")
        .values_list("pk", "complaint_id", "kind", "created_at")
    )
    audits = _handlers(scope, moves)
    complaints = {
        c.pk: c
        for c in Complaint.objects.filter(pk__in={m[1] for m in moves}).only(
            "pk", "tracking_code", "category_id"
        )
    }
    returned: Counter[int] = Counter()  # by category
    rerouted: Counter[int] = Counter()
    by_agency: dict[int | None, Counter[str]] = defaultdict(Counter)
    for pk, complaint_id, kind, at in moves:
        audit = audits.get(pk)
        before = audit.before if audit is not None else {}
        agency_id, unit_id = before.get("agency_id"), before.get("unit_id")
        if scope.agency is not None and (audit is None or not scope.within(agency_id, unit_id)):
            continue
        complaint = complaints[complaint_id]
        key = scope.group(agency_id, unit_id) if audit is not None else None
        if kind == Kind.RETURNED:
            returned[complaint.category_id] += 1
            by_agency[key]["returned"] += 1
            if len(figures.return_cases) < CASES:
                figures.return_cases.append(
                    Case(
                        complaint.tracking_code,
                        scope.name(key) if audit is not None else "—",
                        audit.actor_label if audit is not None else "",
                        audit.reason if audit is not None else "",
                        at,
                    )
                )
        else:
            rerouted[complaint.category_id] += 1
            by_agency[key]["rerouted"] += 1
    # Dispositions: every sending of a complaint to an agency (the desk's or the system's).
    sent = dict(
        scope.entries(Kind.VERIFIED, Kind.ROUTED)
        .values_list("complaint__category_id")
        .annotate(n=Count("pk"))
        .values_list("complaint__category_id", "n")
    )
    if scope.agency is not None:
        # Those moved away from the agency were dispositions to it too.
        for category, n in (returned + rerouted).items():
            sent[category] = sent.get(category, 0) + n
    figures.returned = sum(returned.values())
    figures.rerouted = sum(rerouted.values())
    figures.dispositions = sum(sent.values())
    names = dict(Category.objects.values_list("pk", "name"))
    lines = []
    for category in set(sent) | set(returned) | set(rerouted):
        wrong = returned[category] + rerouted[category]
        lines.append(
            Line(
                names.get(category, "—"),
                {
                    "dispositions": sent.get(category, 0),
                    "returned": returned[category],
                    "rerouted": rerouted[category],
                    "pct": _pct(wrong, sent.get(category, 0)),
                },
            )
        )
    figures.misrouting_by_category = sorted(
        lines,
        key=lambda line: (
            -(line["pct"] or 0),
            -(line["returned"] + line["rerouted"]),
            line.label,
        ),
    )
    figures.returns_by_agency = sorted(
        (
            Line(
                scope.name(key) if key is not None else "—",
                {"returned": c["returned"], "rerouted": c["rerouted"]},
            )
            for key, c in by_agency.items()
        ),
        key=lambda line: (-(line["returned"] + line["rerouted"]), line.label),
    )


# ---------------------------------------------------------------------------------------------
# Coordination, requests for information, reminders and escalations


def _coordination(scope: Scope, figures: ProcessFigures) -> None:
    rows = Coordination.objects.filter(
        created_at__gte=scope.start, created_at__lt=scope.end
    ).order_by()
    if scope.agency is not None:
        path = scope.agency.path
        rows = rows.filter(Q(requested_by__path__startswith=path) | Q(agency_path__startswith=path))
    pairs = list(
        rows.values_list("requested_by_id", "agency_id").annotate(
            n=Count("pk"), still_open=Count("pk", filter=Q(is_open=True))
        )
    )
    figures.coordination = sorted(
        (
            Line(
                scope.name(requester),
                {"to": scope.name(target), "count": n, "open": still_open},
            )
            for requester, target, n, still_open in pairs
        ),
        key=lambda line: (-line["count"], line.label, line["to"]),
    )
    figures.coordination_total = sum(n for *_x, n, _o in pairs)
    figures.coordination_open = sum(o for *_x, o in pairs)


def _information(scope: Scope, figures: ProcessFigures) -> None:
    """Questions to the reporter asked in the month, and how long the reporters took to answer."""
    asked = list(
        scope.entries(Kind.INFO_REQUESTED).values_list(
            "complaint_id", "created_at", "status_before"
        )
    )
    answers: dict[int, list[datetime]] = defaultdict(list)
    if asked:
        ids = sorted({complaint_id for complaint_id, _at, _s in asked})
        for i in range(0, len(ids), 500):
            for complaint_id, at in TimelineEntry.objects.filter(
                kind=Kind.INFO_PROVIDED,
                complaint_id__in=ids[i : i + 500],
                created_at__gte=scope.start,
            ).values_list("complaint_id", "created_at"):
                answers[complaint_id].append(at)
    hours = []
    by_desk = 0
    for complaint_id, at, before in asked:
        by_desk += before == Status.SUBMITTED
        later = [a for a in answers[complaint_id] if a >= at]
        if later:
            hours.append((min(later) - at).total_seconds() / 3600)
    withdrawn = (
        Complaint.objects.filter(scope.complaints())
        .filter(
            close_reason="withdrawn",
            closed_at__gte=scope.start,
            closed_at__lt=scope.end,
        )
        .count()
    )
    figures.info = Line(
        _("Permintaan informasi"),
        {
            "asked": len(asked),
            "by_desk": by_desk,
            "by_agency": len(asked) - by_desk,
            "answered": len(hours),
            "unanswered": len(asked) - len(hours),
            "mean_hours": sum(hours) / len(hours) if hours else None,
            "median_hours": median(hours),
            "withdrawn": withdrawn,
        },
    )


def _reminders(scope: Scope, figures: ProcessFigures) -> None:
    counts: dict[int | None, Counter[str]] = defaultdict(Counter)
    for agency_id, unit_id, kind, public, n in (
        scope.entries(Kind.REMINDER, Kind.ESCALATION)
        .values_list("complaint__agency_id", "complaint__unit_id", "kind", "is_public")
        .annotate(n=Count("pk"))
    ):
        # A public reminder is the one sent to the reporter about an unanswered question.
        column = "escalations" if kind == Kind.ESCALATION else "citizen" if public else "staff"
        counts[scope.group(agency_id, unit_id)][column] += n
    total: Counter[str] = Counter()
    lines = []
    for key, c in counts.items():
        total.update(c)
        lines.append(
            Line(
                scope.name(key),
                {"staff": c["staff"], "escalations": c["escalations"], "citizen": c["citizen"]},
            )
        )
    figures.reminders = sorted(
        lines, key=lambda line: (-(line["staff"] + line["escalations"]), line.label)
    )
    figures.reminder_totals = Line(
        _("Jumlah"),
        {"staff": total["staff"], "escalations": total["escalations"], "citizen": total["citizen"]},
    )
