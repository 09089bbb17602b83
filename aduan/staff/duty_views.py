"""The on-duty roster (piket), read-only: who is on duty now and next for one's own agency."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from aduan.accounts.models import Role
from aduan.agencies.duty import covering_paths
from aduan.agencies.models import DutyShift
from aduan.complaints.access import memberships
from aduan.staff.decorators import staff_required

UPCOMING_DAYS = 14
UPCOMING_LIMIT = 50


def sees_every_roster(user: Any) -> bool:
    """The desk, city leadership and administrators see every agency's roster."""
    return any(
        m.role in (Role.VERIFIER, Role.ADMINISTRATOR)
        or (m.role == Role.SUPERVISOR and m.agency.parent_id is None)
        for m in memberships(user)
    )


def visible_shifts(user: Any) -> QuerySet[DutyShift]:
    """Everyone else sees the shifts of their own subtree, and of the nodes above it within their
    agency (whoever is on duty for Dinas PUPR is on duty for its units too)."""
    shifts = DutyShift.objects.select_related("agency", "user")
    if sees_every_roster(user):
        return shifts
    q = Q(pk__in=[])
    for m in memberships(user):
        if m.role in (Role.OFFICER, Role.SUPERVISOR):
            q |= Q(agency__path__startswith=m.agency.path)
            q |= Q(agency__path__in=covering_paths(m.agency))
    return shifts.filter(q)


@require_GET
@staff_required
def roster(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    shifts = visible_shifts(request.user)
    current = shifts.filter(starts_at__lte=now, ends_at__gt=now).order_by(
        "agency__path", "starts_at"
    )
    upcoming = shifts.filter(
        starts_at__gt=now, starts_at__lt=now + timedelta(days=UPCOMING_DAYS)
    ).order_by("starts_at", "agency__path")[:UPCOMING_LIMIT]
    return render(
        request,
        "staff/duty.html",
        {
            "current": list(current),
            "upcoming": list(upcoming),
            "upcoming_days": UPCOMING_DAYS,
            "everyone": sees_every_roster(request.user),
            "office_hours": settings.ADUAN_OFFICE_HOURS,
        },
    )
