"""The on-duty roster (piket): who may stand duty for a node, who is on duty at an instant, and
whether an instant falls outside an agency's working hours (DESIGN §5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from aduan.agencies.calendar import calendar_for
from aduan.agencies.models import Agency, DutyShift, ancestor_paths

# Roles whose holders may stand duty: the people who can open the node's complaints.
DUTY_ROLES = ("officer", "supervisor", "verifier")


def covering_paths(node: Agency) -> list[str]:
    """The node and its ancestors within the same agency (a unit's agency, not the government)."""
    top = node.top.path
    return [p for p in ancestor_paths(node.path) if p.startswith(top)]


def is_staff_of(user: Any, node: Agency) -> bool:
    """Whether the user holds a role at this node or above it within the same agency, so that
    every complaint that reaches the node is one they can open in the console."""
    from aduan.accounts.models import Membership

    return Membership.objects.filter(
        user=user, role__in=DUTY_ROLES, agency__path__in=covering_paths(node)
    ).exists()


def is_outside_working_hours(node: Agency, at: datetime) -> bool:
    """A day off of the node's calendar (weekend, holiday, cuti bersama), or a working day's time
    outside ADUAN_OFFICE_HOURS."""
    local = at.astimezone(ZoneInfo(settings.TIME_ZONE))
    cal = calendar_for(node, local.date())
    return not cal.is_working_day(local.date()) or local.time() not in settings.ADUAN_OFFICE_HOURS


def on_duty(node: Agency, at: datetime) -> list[DutyShift]:
    """Shifts covering `at` on the node or an ancestor within the same agency, whose officer is
    still active and still staff there (at the shift's node or above it)."""
    from aduan.accounts.models import Membership

    covering = covering_paths(node)
    shifts = list(
        DutyShift.objects.filter(
            agency__path__in=covering, starts_at__lte=at, ends_at__gt=at, user__is_active=True
        )
        .select_related("user", "agency")
        .order_by("starts_at", "pk")
    )
    if not shifts:
        return []
    # One query for every shift's memberships instead of one per shift.
    held = set(
        Membership.objects.filter(
            user__in={s.user_id for s in shifts}, role__in=DUTY_ROLES, agency__path__in=covering
        ).values_list("user_id", "agency__path")
    )
    return [
        s
        for s in shifts
        if any(user == s.user_id and s.agency.path.startswith(path) for user, path in held)
    ]


def shifts_to_alert(node: Agency | None, at: datetime) -> list[DutyShift]:
    """Who to alert of an urgent complaint reaching the node at `at` (None: the desk): the shifts
    on duty then, if `at` is outside the node's working hours; nobody during office hours."""
    if node is not None:
        return on_duty(node, at) if is_outside_working_hours(node, at) else []
    desks = Agency.objects.filter(kind=Agency.Kind.DESK, is_active=True)
    return [
        shift for desk in desks if is_outside_working_hours(desk, at) for shift in on_duty(desk, at)
    ]
