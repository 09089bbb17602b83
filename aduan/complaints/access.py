"""Who may see and act on which complaint: the one place that scopes staff reads by the agency tree.

Every staff page, API endpoint, attachment download and export fetches complaints through
`visible_complaints` or `get_complaint_or_404`; an officer of agency B gets 404 for agency A's case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from aduan.accounts.models import Membership, Role
from aduan.complaints.models import Complaint, ComplaintQuerySet, Coordination
from aduan.complaints.states import Actor


@dataclass(frozen=True)
class Scope:
    """What one signed-in person can reach, computed once per request."""

    sees_all: bool
    paths: tuple[str, ...]  # agency-tree paths whose subtree they see
    roles: frozenset[str]
    identity: bool  # may open reporter identity (with a reason)
    officer_paths: tuple[str, ...]
    supervisor_paths: tuple[str, ...]

    @property
    def is_staff(self) -> bool:
        return bool(self.roles)


EMPTY = Scope(False, (), frozenset(), False, (), ())


def memberships(user: Any) -> list[Membership]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_aduan_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, agency__is_active=True).select_related("agency")
        )
        user._aduan_memberships = cached
    return cached


def scope_of(user: Any) -> Scope:
    rows = memberships(user)
    if not rows:
        return EMPTY
    roles = frozenset(m.role for m in rows)
    officer = tuple(m.agency.path for m in rows if m.role == Role.OFFICER)
    supervisor = tuple(m.agency.path for m in rows if m.role == Role.SUPERVISOR)
    # The desk and the DPO work city-wide; a supervisor of the top of the tree is city leadership.
    sees_all = bool(roles & {Role.VERIFIER, Role.DPO}) or any(
        m.role == Role.SUPERVISOR and m.agency.parent_id is None for m in rows
    )
    return Scope(
        sees_all=sees_all,
        paths=officer + supervisor,
        roles=roles,
        identity=any(m.can_view_identity for m in rows),
        officer_paths=officer,
        supervisor_paths=supervisor,
    )


def _within(paths: tuple[str, ...], field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def visible_complaints(user: Any) -> ComplaintQuerySet:
    """Every complaint this user may read in the staff console, API and exports."""
    scope = scope_of(user)
    qs = Complaint.objects.all()
    if scope.sees_all:
        return qs
    if not scope.paths:
        return qs.none()
    coordinating = Coordination.objects.filter(
        _within(scope.paths, "agency_path"), complaint=OuterRef("pk")
    )
    return qs.filter(_within(scope.paths, "assigned_path") | Q(Exists(coordinating)))


def get_complaint_or_404(user: Any, tracking_code: str) -> Complaint:
    try:
        return (
            visible_complaints(user)
            .select_related("category", "area", "agency", "unit", "channel")
            .get(tracking_code=tracking_code)
        )
    except Complaint.DoesNotExist:
        raise Http404("No complaint with this code is visible to you") from None


def roles_on(user: Any, complaint: Complaint) -> frozenset[str]:
    """The actor roles (states.Actor) this staff user holds on this complaint."""
    scope = scope_of(user)
    roles: set[str] = set()
    if Role.VERIFIER in scope.roles:
        roles.add(Actor.VERIFIER)
    path = complaint.assigned_path
    if path and any(path.startswith(p) for p in scope.officer_paths):
        roles.add(Actor.OFFICER)
    if path and any(path.startswith(p) for p in scope.supervisor_paths):
        roles.add(Actor.SUPERVISOR)
    if Actor.OFFICER not in roles and scope.officer_paths:
        coordinating = complaint.coordinations.filter(
            _within(scope.officer_paths, "agency_path"), is_open=True
        ).exists()
        if coordinating:
            roles.add("coordinator")
    return frozenset(roles)


def can_view_identity(user: Any, complaint: Complaint) -> bool:
    scope = scope_of(user)
    return scope.identity and visible_complaints(user).filter(pk=complaint.pk).exists()
