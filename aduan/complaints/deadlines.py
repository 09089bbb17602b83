"""The time limit of each step of a complaint, from the administrators' deadline rules (DESIGN §3).

Computed when a step starts (due_at) and when it goes on after waiting for the citizen (resumed);
measured for the escalation ladder and the reporter's reminder (rung_due,
reply_reminder_due: the worker looks, the system's actions decide) and shown to people (countdown,
used by the `deadlines` template filters). Only computation: the actions write what it computes.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aduan.agencies.calendar import CalendarBook, calendar_for
from aduan.agencies.models import Agency, DeadlineRule, Step
from aduan.complaints.models import Complaint
from aduan.complaints.states import FINAL
from aduan.lib.workingtime import (
    DAY_SECONDS,
    WorkCalendar,
    add_hours,
    add_working_days,
    add_working_seconds,
    working_seconds_between,
    working_time_between,
)

STEP_FOR_STATUS = {
    "submitted": Step.VERIFICATION,
    "routed": Step.FIRST_RESPONSE,
    "in_progress": Step.COMPLETION,
    "under_review": Step.REVIEW,
    "needs_info": Step.CITIZEN_REPLY,
    "resolved": Step.CONFIRMATION,
}


def _specificity(rule: DeadlineRule) -> tuple[bool, bool, bool]:
    # Category beats complexity beats classification beats the default.
    return (rule.category_id is not None, rule.complexity != "", rule.classification != "")


def _matches(rule: DeadlineRule, step: str, complaint: Complaint) -> bool:
    return (
        rule.step == step
        and rule.category_id in (None, complaint.category_id)
        and rule.classification in ("", complaint.classification)
        and rule.complexity in ("", complaint.complexity)
    )


class RuleBook:
    """Every deadline rule, read once, for a job or a page that looks at many complaints."""

    def __init__(self, rules: list[DeadlineRule] | None = None) -> None:
        self.rules = list(DeadlineRule.objects.all()) if rules is None else rules

    def rule_for(self, step: str, complaint: Complaint) -> DeadlineRule | None:
        candidates = [r for r in self.rules if _matches(r, step, complaint)]
        return max(candidates, key=_specificity, default=None)


def rule_for(step: str, complaint: Complaint) -> DeadlineRule | None:
    """The most specific rule: category beats complexity beats classification beats the default."""
    candidates = DeadlineRule.objects.filter(
        Q(category__isnull=True) | Q(category_id=complaint.category_id),
        Q(classification="") | Q(classification=complaint.classification),
        Q(complexity="") | Q(complexity=complaint.complexity),
        step=step,
    )
    return max(candidates, key=_specificity, default=None)


def _handler(complaint: Complaint) -> Agency | None:
    return complaint.unit or complaint.agency


def due_at(step: str, complaint: Complaint, start: datetime) -> datetime | None:
    rule = rule_for(step, complaint)
    if rule is None:
        return None
    if rule.unit == DeadlineRule.Unit.HOURS:
        return add_hours(start, rule.amount)
    return add_working_days(start, rule.amount, calendar_for(_handler(complaint), start.date()))


# ---------------------------------------------------------------------------------------------
# Measuring a step: how much of its time has gone


def ladder() -> tuple[float, ...]:
    """The escalation thresholds as fractions of a step's time (default 75%, 100%, 200%)."""
    return tuple(p / 100 for p in settings.ADUAN_ESCALATION_LADDER)


def elapsed_fraction(rule: DeadlineRule, due: datetime, now: datetime, cal: WorkCalendar) -> float:
    """How much of the step's time has gone at `now` (1.0 at the due time, 2.0 at twice it).

    Measured backwards from the stored due time, so it holds for steps whose clock started before
    the step (completion counts from routing) and for clocks moved by a pause.
    """
    if rule.unit == DeadlineRule.Unit.HOURS:
        total = rule.amount * 3600.0
        left = (due - now).total_seconds()
    else:
        total = rule.amount * float(DAY_SECONDS)
        left = (
            working_seconds_between(now, due, cal)
            if now < due
            else -working_seconds_between(due, now, cal)
        )
    return (total - left) / total


def level_at(fraction: float) -> int:
    """How many rungs of the ladder a step has reached."""
    return sum(1 for threshold in ladder() if fraction >= threshold)


def rung_due(complaint: Complaint, now: datetime, rules: RuleBook, book: CalendarBook) -> int:
    """The highest rung of the escalation ladder the complaint's current step has reached at `now`
    (0: none yet; a paused step reaches none)."""
    if complaint.paused_at is not None or complaint.due_at is None or not complaint.step:
        return 0
    rule = rules.rule_for(complaint.step, complaint)
    if rule is None:
        return 0
    cal = book.for_agency(_handler(complaint))
    return level_at(elapsed_fraction(rule, complaint.due_at, now, cal))


def reply_reminder_due(
    complaint: Complaint, now: datetime, rules: RuleBook, book: CalendarBook
) -> bool:
    """Whether the reporter should now be reminded of a question: most of their reply time has
    gone (the ladder's first rung) and no reminder was sent yet."""
    if complaint.escalation_level >= 1 or complaint.due_at is None:
        return False
    rule = rules.rule_for(Step.CITIZEN_REPLY, complaint)
    if rule is None:
        return False
    first = ladder()[0] if ladder() else 0.75
    cal = book.for_agency(_handler(complaint))
    return elapsed_fraction(rule, complaint.due_at, now, cal) >= first


@dataclass(frozen=True)
class Resumed:
    """Where a paused step stands again when the citizen answers (the action writes it)."""

    step: str
    due_at: datetime | None
    escalation_level: int
    paused_seconds: int


def resumed(complaint: Complaint, now: datetime) -> Resumed:
    """Back from waiting for the citizen: the paused step goes on with the time it had left.

    Working-day steps get back their remaining working time counted from now (a wait over a
    weekend does not eat the agency's days); hour steps are moved by the wall-clock wait. Rungs of
    the escalation ladder already reached before the pause are not reached again.
    """
    c = complaint
    assert c.paused_at is not None
    paused_at, paused_due = c.paused_at, c.paused_due_at
    step = STEP_FOR_STATUS.get(c.status, "")
    cal = calendar_for(_handler(c), paused_at.date())
    paused_seconds = c.paused_seconds + working_seconds_between(paused_at, now, cal)
    due, level = None, 0
    rule = rule_for(step, c) if step else None
    if paused_due is not None:
        waited = now - paused_at
        if rule is None or rule.unit == DeadlineRule.Unit.HOURS or paused_due <= paused_at:
            due = paused_due + waited
        else:
            left = working_time_between(paused_at, paused_due, cal).total_seconds()
            due = add_working_seconds(now, left, calendar_for(_handler(c), now.date()))
        if rule is not None:
            level = level_at(elapsed_fraction(rule, paused_due, paused_at, cal))
    return Resumed(step, due, level, paused_seconds)


# ---------------------------------------------------------------------------------------------
# Showing a deadline to people


@dataclass(frozen=True)
class Countdown:
    due_at: datetime | None
    state: str  # "paused", "overdue", "due_soon", "on_track"
    label: str

    def __str__(self) -> str:
        return self.label


_display_cache: dict[str, tuple[float, Any]] = {}
_DISPLAY_TTL = 60.0


def clear_display_cache(**_signal: Any) -> None:
    """Forget cached rules and holidays (connected to their saves and deletes)."""
    _display_cache.clear()


def _cached(key: str, build: Any) -> Any:
    """Rules and holidays for pages: re-read at most once a minute per process."""
    now = time.monotonic()
    hit = _display_cache.get(key)
    if hit is not None and now - hit[0] < _DISPLAY_TTL:
        return hit[1]
    value = build()
    _display_cache[key] = (now, value)
    return value


def countdown(complaint: Complaint, now: datetime | None = None) -> Countdown | None:
    """Due time, state and a short label ("Sisa 3 hari kerja", "Terlambat 2 hari kerja")."""
    if complaint.status in FINAL or not complaint.step:
        return None
    now = now or timezone.now()
    if complaint.paused_at is not None:
        return Countdown(complaint.paused_due_at, "paused", _("Jeda: menunggu jawaban pelapor"))
    due = complaint.due_at
    if due is None:
        return None
    rules: RuleBook = _cached("rules", RuleBook)
    book: CalendarBook = _cached(f"cal-{now.year}", lambda: CalendarBook(now.date()))
    rule = rules.rule_for(complaint.step, complaint)
    hours_mode = rule is not None and rule.unit == DeadlineRule.Unit.HOURS
    if hours_mode:
        seconds = (due - now).total_seconds()
    else:
        cal = book.for_agency(_handler(complaint))
        seconds = (
            working_seconds_between(now, due, cal)
            if now < due
            else -working_seconds_between(due, now, cal)
        )
    if seconds < 0 or (seconds == 0 and now >= due):
        late = -seconds
        if hours_mode or late < DAY_SECONDS:
            hours = max(1, math.ceil(late / 3600))
            label = ngettext("Terlambat %(n)d jam", "Terlambat %(n)d jam", hours) % {"n": hours}
        else:
            days = math.floor(late / DAY_SECONDS)
            label = ngettext("Terlambat %(n)d hari kerja", "Terlambat %(n)d hari kerja", days) % {
                "n": days
            }
        return Countdown(due, "overdue", label)
    if hours_mode:
        total = rule.amount * 3600 if rule is not None else 0
        soon = seconds <= total * (1 - ladder()[0]) if ladder() else False
    else:
        soon = seconds < 2 * DAY_SECONDS
    state = "due_soon" if soon else "on_track"
    if hours_mode or seconds < DAY_SECONDS:
        hours = max(1, math.floor(seconds / 3600))
        label = ngettext("Sisa %(n)d jam", "Sisa %(n)d jam", hours) % {"n": hours}
    else:
        days = math.ceil(seconds / DAY_SECONDS)
        label = ngettext("Sisa %(n)d hari kerja", "Sisa %(n)d hari kerja", days) % {"n": days}
    return Countdown(due, state, label)
