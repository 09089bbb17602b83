"""Per-officer response figures, for an agency's own performance management (e-Kinerja).

Counted from the timeline entries each person wrote in the month on complaints in the report's
scope: complaints accepted and how long after they were routed, follow-ups posted, resolutions
submitted, and how many of those the reviewer sent back. Only the heads above an officer see their
figures (and each officer their own): never the report's files, never the public page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F

from aduan.accounts.models import Membership, Role, User
from aduan.complaints.access import scope_of
from aduan.complaints.models import TimelineEntry

if TYPE_CHECKING:
    from aduan.reports.process import Scope

Kind = TimelineEntry.Kind


@dataclass
class OfficerLine:
    user_id: int
    name: str
    works_at: str
    paths: tuple[str, ...]  # where they hold an officer's or head's role: who may see this line
    accepted: int = 0
    mean_accept_hours: float | None = None
    updates: int = 0
    resolved: int = 0
    sent_back: int = 0

    @property
    def sent_back_pct(self) -> float | None:
        return 100 * self.sent_back / self.resolved if self.resolved else None


def build(scope: Scope, *, sent_back: Counter[int]) -> list[OfficerLine]:
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for author, kind, n in (
        scope.entries(Kind.ACCEPTED, Kind.UPDATE, Kind.RESOLVED)
        .filter(author__isnull=False)
        .values_list("author_id", "kind")
        .annotate(n=Count("pk"))
    ):
        counts[author][kind] += n
    waited = ExpressionWrapper(F("created_at") - F("complaint__routed_at"), DurationField())
    accept: dict[int, Any] = dict(
        scope.entries(Kind.ACCEPTED)
        .filter(author__isnull=False, complaint__routed_at__lte=F("created_at"))
        .values_list("author_id")
        .annotate(mean=Avg(waited))
        .values_list("author_id", "mean")
    )
    people = set(counts) | {pk for pk in sent_back if pk}
    if not people:
        return []
    roles = defaultdict(list)
    for user_id, path, name in Membership.objects.filter(
        user_id__in=people, role__in=(Role.OFFICER, Role.SUPERVISOR)
    ).values_list("user_id", "agency__path", "agency__name"):
        roles[user_id].append((path, name))
    lines = []
    for user in User.objects.filter(pk__in=people):
        c = counts[user.pk]
        mean = accept.get(user.pk)
        lines.append(
            OfficerLine(
                user_id=user.pk,
                name=str(user),
                works_at=", ".join(sorted({name for _p, name in roles[user.pk]})),
                paths=tuple(path for path, _n in roles[user.pk]),
                accepted=c[Kind.ACCEPTED],
                mean_accept_hours=_hours(mean),
                updates=c[Kind.UPDATE],
                resolved=c[Kind.RESOLVED],
                sent_back=sent_back.get(user.pk, 0),
            )
        )
    return sorted(lines, key=lambda line: (line.works_at, line.name))


def _hours(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600
    return float(value) / 3_600_000_000  # microseconds, as some databases answer


def visible_to(user: Any, lines: list[OfficerLine]) -> list[OfficerLine]:
    """The lines this person may see: every officer below the nodes they head, and themselves."""
    heads = scope_of(user).supervisor_paths
    mine = getattr(user, "pk", None)
    return [
        line
        for line in lines
        if line.user_id == mine or any(p.startswith(h) for p in line.paths for h in heads)
    ]
