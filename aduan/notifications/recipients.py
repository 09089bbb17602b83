"""Who receives the worker's own messages: officers, the desk, an agency's supervisors, leadership."""

from __future__ import annotations

from aduan.accounts.models import Role, User
from aduan.agencies.models import Agency, ancestor_paths


def _with_role(role: str, **membership: object) -> list[User]:
    filters = {f"memberships__{key}": value for key, value in membership.items()}
    return list(
        User.objects.filter(is_active=True, memberships__role=role, **filters)
        .distinct()
        .order_by("pk")
    )


def officers_of(node: Agency) -> list[User]:
    """Officers of the unit or agency handling a complaint (a membership covers its subtree)."""
    return _with_role(Role.OFFICER, agency__path__in=ancestor_paths(node.path))


def verifiers() -> list[User]:
    return _with_role(Role.VERIFIER)


def supervisors_of(node: Agency | None) -> list[User]:
    """The agency's supervisors, not city leadership: memberships at the node or an ancestor
    below the top of the tree. For a complaint still at the desk: the desk's supervisors."""
    if node is None:
        desks = Agency.objects.filter(kind=Agency.Kind.DESK).values_list("path", flat=True)
        paths = {p for desk in desks for p in ancestor_paths(desk)}
    else:
        paths = set(ancestor_paths(node.path))
    return _with_role(Role.SUPERVISOR, agency__path__in=sorted(paths), agency__parent__isnull=False)


def leadership() -> list[User]:
    """City leadership: supervisors at the top of the agency tree."""
    return _with_role(Role.SUPERVISOR, agency__parent__isnull=True)
