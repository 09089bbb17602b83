"""The time limit of each step of a complaint, from the administrators' deadline rules (DESIGN §3)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from aduan.agencies.calendar import calendar_for
from aduan.agencies.models import Agency, DeadlineRule, Step
from aduan.complaints.models import Complaint
from aduan.lib.workingtime import add_hours, add_working_days


def rule_for(step: str, complaint: Complaint) -> DeadlineRule | None:
    """The most specific rule: category beats complexity beats classification beats the default."""
    candidates = DeadlineRule.objects.filter(
        Q(category__isnull=True) | Q(category_id=complaint.category_id),
        Q(classification="") | Q(classification=complaint.classification),
        Q(complexity="") | Q(complexity=complaint.complexity),
        step=step,
    )

    def specificity(rule: DeadlineRule) -> tuple[int, int, int]:
        return (rule.category_id is not None, rule.complexity != "", rule.classification != "")

    return max(candidates, key=specificity, default=None)


def due_at(step: str, complaint: Complaint, start: datetime) -> datetime | None:
    rule = rule_for(step, complaint)
    if rule is None:
        return None
    if rule.unit == DeadlineRule.Unit.HOURS:
        return add_hours(start, rule.amount)
    handler: Agency | None = complaint.unit or complaint.agency
    return add_working_days(start, rule.amount, calendar_for(handler, start.date()))


def start_step(
    complaint: Complaint, step: str, start: datetime, *, clock_from: datetime | None = None
) -> None:
    """Set the complaint's current step and its due time (the caller saves)."""
    complaint.step = step
    complaint.step_started_at = start
    complaint.due_at = due_at(step, complaint, clock_from or start)
    complaint.escalation_level = 0
    complaint.paused_at = None


STEP_FOR_STATUS = {
    "submitted": Step.VERIFICATION,
    "routed": Step.FIRST_RESPONSE,
    "in_progress": Step.COMPLETION,
    "under_review": Step.REVIEW,
    "needs_info": Step.CITIZEN_REPLY,
    "resolved": Step.CONFIRMATION,
}
