"""Named work queues of the staff console, each a queryset that starts from access.visible_complaints.

Verifier queues (the desk):
- new: submitted complaints whose last event is not a citizen's answer nor a return;
- info: submitted complaints whose last event is the citizen's answer to a question (the desk asked,
  the citizen answered, nobody has acted since);
- returned: submitted complaints whose last event is an agency's "bukan wewenang" return;
- review: resolutions waiting for review (under_review).
Agency queues (officers and supervisors; only what is assigned to their own nodes):
- incoming: routed to my agency or unit, not accepted yet;
- in_progress;
- overdue: routed or in progress past the due time (and, for heads, resolutions waiting for their
  review past theirs);
- coordination: open coordination requests addressed to my agency;
- disputes: in progress again because the reporter disputed the resolution (no new resolution since);
- review (supervisors): resolutions of my agency waiting for review.
"Last event" ignores entries that do not move the case (notes, reminders, identity views).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.accounts.models import Role
from aduan.agencies.models import Agency
from aduan.complaints.access import Scope, scope_of, visible_complaints
from aduan.complaints.models import Complaint, ComplaintQuerySet, Coordination, TimelineEntry
from aduan.complaints.states import Status

Kind = TimelineEntry.Kind
# Entries that record something happening to the case, as opposed to side notes.
MOVING_KINDS = [
    Kind.SUBMITTED,
    Kind.VERIFIED,
    Kind.ROUTED,
    Kind.INFO_REQUESTED,
    Kind.INFO_PROVIDED,
    Kind.REJECTED,
    Kind.MERGED,
    Kind.ACCEPTED,
    Kind.RETURNED,
    Kind.RESOLVED,
    Kind.RESOLUTION_APPROVED,
    Kind.RESOLUTION_REJECTED,
    Kind.CONFIRMED,
    Kind.DISPUTED,
    Kind.CLOSED,
]
# Counts stop here: a queue of a million shows "1000+" instead of counting every row.
COUNT_LIMIT = 1000


def _last_event() -> Subquery:
    return Subquery(
        TimelineEntry.objects.filter(complaint=OuterRef("pk"), kind__in=MOVING_KINDS)
        .order_by("-created_at", "-id")
        .values("kind")[:1]
    )


def _nodes_under(paths: tuple[str, ...]) -> list[str]:
    """Every agency-tree path at or below the given ones.

    Matching complaints with `assigned_path IN (...)` rather than a prefix LIKE lets both SQLite and
    PostgreSQL (whatever its collation) walk the (assigned_path, status, due_at) index.
    """
    if not paths:
        return []
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return list(Agency.objects.filter(q).values_list("path", flat=True))


@dataclass
class Who:
    """The person a queue is built for: their scope, and their agency subtrees looked up once."""

    scope: Scope
    _nodes: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    desk_waiting: list[int] | None = None
    desk_events: dict[str, set[int]] | None = None

    def nodes(self, paths: tuple[str, ...]) -> list[str]:
        if paths not in self._nodes:
            self._nodes[paths] = _nodes_under(paths)
        return self._nodes[paths]

    def within(self, paths: tuple[str, ...], column: str) -> Q:
        return Q(**{f"{column}__in": self.nodes(paths)})


def who(user: Any) -> Who:
    cached: Who | None = getattr(user, "_aduan_queue_who", None)
    if cached is None:
        cached = Who(scope_of(user))
        if user is not None:
            user._aduan_queue_who = cached
    return cached


def _assigned_to_me(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    return qs.filter(w.within(w.scope.paths, "assigned_path"))


DESK_EVENTS = [Kind.INFO_PROVIDED, Kind.RETURNED]
# The conditions of the partial indexes timeline_desk_events and timeline_disputed, word for word.
DESK_EVENTS_SQL = "kind IN ('info_provided', 'returned')"
DISPUTED_SQL = "kind = 'disputed'"


def _desk_candidates(w: Who) -> dict[str, set[int]]:
    """Complaints with an answered question or a return, read once through the partial index.

    The filter repeats the index's own condition word for word.
    """
    if w.desk_events is None:
        found: dict[str, set[int]] = {kind: set() for kind in DESK_EVENTS}
        # Literal values, not bound parameters: SQLite matches a partial index's condition only
        # against constants written in the query.
        rows = TimelineEntry.objects.extra(where=[DESK_EVENTS_SQL]).order_by()  # noqa: S610 (constant)
        for complaint_id, kind in rows.values_list("complaint_id", "kind"):
            found[kind].add(complaint_id)
        w.desk_events = found
    return w.desk_events


def _last_event_is(qs: ComplaintQuerySet, w: Who, kind: str) -> ComplaintQuerySet:
    """Submitted complaints whose last event is kind.

    The few candidates' statuses are checked first, so the final query names only primary keys:
    given "status = submitted" as well, SQLite prefers walking every submitted complaint.
    """
    candidates = sorted(_desk_candidates(w)[kind])
    submitted = [
        pk
        for pk, status in Complaint.objects.filter(pk__in=candidates).values_list("pk", "status")
        if status == Status.SUBMITTED
    ]
    return qs.filter(pk__in=submitted).alias(last_event=_last_event()).filter(last_event=kind)


def new(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    # The complaints waiting in the other two desk queues are few: fetch their ids once, so the
    # database never evaluates "last event" for every submitted complaint.
    if w.desk_waiting is None:
        w.desk_waiting = [
            pk
            for kind in DESK_EVENTS
            for pk in _last_event_is(Complaint.objects.all(), w, kind).values_list("pk", flat=True)
        ]
    return qs.filter(status=Status.SUBMITTED).exclude(pk__in=w.desk_waiting)


def info_received(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    return _last_event_is(qs, w, Kind.INFO_PROVIDED)


def returned(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    return _last_event_is(qs, w, Kind.RETURNED)


def review(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    qs = qs.filter(status=Status.UNDER_REVIEW)
    if Role.VERIFIER in w.scope.roles or w.scope.sees_all:
        return qs
    return qs.filter(w.within(w.scope.supervisor_paths, "assigned_path"))


def incoming(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    return _assigned_to_me(qs.filter(status=Status.ROUTED), w)


def in_progress(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    return _assigned_to_me(qs.filter(status=Status.IN_PROGRESS), w)


# The steps an agency itself must finish: its first response and the completion. A resolution
# waiting for review is its head's step (or the desk's); a resolved complaint waits for the citizen.
AGENCY_STEPS = [Status.IN_PROGRESS, Status.ROUTED]


def overdue(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    # Naming the statuses (instead of "not closed") keeps the status column usable in the indexes.
    late = qs.overdue()
    heads = w.scope.supervisor_paths
    if heads and set(w.nodes(heads)) >= set(w.nodes(w.scope.paths)):
        # The usual head: one condition, so the databases walk one index range per node.
        return late.filter(
            w.within(heads, "assigned_path"), status__in=[*AGENCY_STEPS, Status.UNDER_REVIEW]
        )
    mine = Q(status__in=AGENCY_STEPS) & w.within(w.scope.paths, "assigned_path")
    if heads:
        mine |= Q(status=Status.UNDER_REVIEW) & w.within(heads, "assigned_path")
    return late.filter(mine)


def coordination(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    # Driven from the (small) coordination table rather than by testing every complaint.
    asked = Coordination.objects.filter(
        w.within(w.scope.paths, "agency_path"), is_open=True
    ).values("complaint_id")
    return qs.open().filter(pk__in=asked)


def disputes(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    # dispute_resolution restarts the completion step at the moment of the dispute; a later
    # resolution or review moves step_started_at past it. Disputes are rare, so the candidates come
    # from the timeline's partial index on disputed entries.
    disputed = TimelineEntry.objects.extra(where=[DISPUTED_SQL]).values("complaint_id")  # noqa: S610
    still = TimelineEntry.objects.filter(
        complaint=OuterRef("pk"), kind=Kind.DISPUTED, created_at__gte=OuterRef("step_started_at")
    )
    return (
        _assigned_to_me(qs.filter(status=Status.IN_PROGRESS), w)
        .filter(pk__in=disputed)
        .filter(Exists(still))
    )


def everything(qs: ComplaintQuerySet, w: Who) -> ComplaintQuerySet:
    return qs


@dataclass(frozen=True)
class Queue:
    slug: str
    label: Promise
    build: Callable[[ComplaintQuerySet, Who], ComplaintQuerySet]
    # Which scopes see this queue in their navigation.
    shown: Callable[[Scope], bool]
    # Newest first for the catch-all list; due time first for work queues.
    by_due: bool = True


def _is_desk(scope: Scope) -> bool:
    return Role.VERIFIER in scope.roles


def _is_agency(scope: Scope) -> bool:
    return bool(scope.officer_paths or scope.supervisor_paths)


def _reviews(scope: Scope) -> bool:
    return _is_desk(scope) or bool(scope.supervisor_paths)


QUEUES: dict[str, Queue] = {
    q.slug: q
    for q in [
        Queue("baru", _("Aduan baru"), new, _is_desk),
        Queue("informasi", _("Informasi dari pelapor"), info_received, _is_desk),
        Queue("dikembalikan", _("Dikembalikan: bukan wewenang"), returned, _is_desk),
        Queue("masuk", _("Disposisi masuk"), incoming, _is_agency),
        Queue("proses", _("Sedang ditindaklanjuti"), in_progress, _is_agency),
        Queue("terlambat", _("Melewati batas waktu"), overdue, _is_agency),
        Queue("koordinasi", _("Permintaan koordinasi"), coordination, _is_agency),
        Queue("sanggahan", _("Disanggah pelapor"), disputes, _is_agency),
        Queue("pemeriksaan", _("Penyelesaian menunggu pemeriksaan"), review, _reviews),
        Queue("semua", _("Semua aduan"), everything, lambda scope: scope.is_staff, by_due=False),
    ]
}


def queues_for(user: Any) -> list[Queue]:
    scope = scope_of(user)
    return [q for q in QUEUES.values() if q.shown(scope)]


def default_queue(user: Any) -> Queue:
    shown = queues_for(user)
    return shown[0] if shown else QUEUES["semua"]


def queue_queryset(user: Any, queue: Queue) -> ComplaintQuerySet:
    return queue.build(visible_complaints(user), who(user))


def ordered(
    qs: ComplaintQuerySet, queue: Queue, filters: Filters | None = None
) -> ComplaintQuerySet:
    """Work queues, and any list filtered to overdue complaints, show the most overdue first."""
    if queue.by_due or (filters is not None and filters.overdue):
        return qs.order_by(F("due_at").asc(nulls_last=True), "id")
    return qs.order_by("-created_at", "-id")


def bounded_count(qs: ComplaintQuerySet) -> int:
    """The number of rows, but never more than COUNT_LIMIT + 1 (shown as "1000+")."""
    return qs.order_by()[: COUNT_LIMIT + 1].count()


@dataclass(frozen=True)
class Filters:
    """The queue filters, already validated by the page's form."""

    status: str = ""
    category: int | None = None
    classification: str = ""
    area: str = ""  # a kecamatan or kelurahan code; matches it and everything under it
    agency_path: str = ""  # an agency or unit's tree path; matches complaints assigned under it
    channel: str = ""
    date_from: date | None = None
    date_to: date | None = None
    overdue: bool = False
    q: str = ""


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def apply_filters(qs: ComplaintQuerySet, f: Filters) -> ComplaintQuerySet:
    if f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category_id=f.category)
    if f.classification:
        qs = qs.filter(classification=f.classification)
    if f.area:
        qs = qs.filter(Q(area_id=f.area) | Q(area__code__startswith=f.area + "."))
    if f.agency_path:
        qs = qs.assigned_within(f.agency_path)
    if f.channel:
        qs = qs.filter(channel_id=f.channel)
    if f.date_from:
        qs = qs.filter(created_at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(created_at__lt=_day_start(f.date_to + timedelta(days=1)))
    if f.overdue:
        qs = qs.overdue()
    if f.q:
        qs = search(qs, f.q)
    return qs


def search(qs: ComplaintQuerySet, text: str) -> ComplaintQuerySet:
    """A tracking code finds its complaint; other text goes to the Indonesian full-text search."""
    text = text.strip()
    if text.upper().startswith("ADU-"):
        return qs.filter(tracking_code=text.upper())
    try:
        from aduan.complaints import search as fts
    except ImportError:  # the search module is optional; a substring match on the title still works
        return qs.filter(title__icontains=text)
    if not fts.is_searchable(text):
        return qs
    return fts.search(qs, text)  # type: ignore[return-value]


def similar_to(complaint: Complaint, user: Any, limit: int = 5) -> list[Complaint]:
    """Recent open complaints the user can see in the same category: nearby, or same kelurahan."""
    visible = visible_complaints(user)
    try:
        from aduan.complaints import similar
    except ImportError:
        similar = None  # type: ignore[assignment]
    if similar is not None:
        found: list[Complaint] = []
        if complaint.latitude is not None and complaint.longitude is not None:
            found = similar.find(
                category=complaint.category,
                latitude=complaint.latitude,
                longitude=complaint.longitude,
                exclude=complaint,
                queryset=visible,
                limit=limit,
            )
        if not found and complaint.area_id:
            found = similar.find(
                category=complaint.category,
                area=complaint.area,
                exclude=complaint,
                queryset=visible,
                limit=limit,
            )
        return found
    if complaint.area_id is None:
        return []
    since = timezone.now() - timedelta(days=60)
    return list(
        visible.open()
        .filter(category_id=complaint.category_id, area_id=complaint.area_id, created_at__gte=since)
        .exclude(pk=complaint.pk)
        .select_related("category")
        .order_by("-created_at")[:limit]
    )
