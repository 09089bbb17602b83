"""The worker's periodic jobs: the escalation ladder, waiting-for-citizen reminders and
withdrawals, auto-close of unanswered resolutions, recaps for officers and summaries for supervisors.

Each job runs once per slot across all workers: a worker claims the slot on the job's JobRun row
(locked with FOR UPDATE SKIP LOCKED on PostgreSQL). The jobs only find what is due; every change of
a complaint is a system action (complaints.actions: escalate_complaint, remind_reporter,
withdraw_unanswered, close_unanswered) that locks the row and checks again, so two workers never
send the same escalation twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.accounts.models import Membership, Role
from aduan.agencies.calendar import CalendarBook
from aduan.agencies.models import Agency, DeadlineRule, Step
from aduan.complaints import actions
from aduan.complaints.deadlines import RuleBook, ladder, reply_reminder_due, rung_due
from aduan.complaints.errors import ActionError
from aduan.complaints.models import Complaint
from aduan.complaints.states import FINAL, TRANSITIONS, Status
from aduan.notifications import recipients
from aduan.notifications.models import JobRun, JobSlot
from aduan.notifications.queue import notify_staff

log = logging.getLogger("aduan.worker")
# Steps the ladder watches; the citizen's reply and confirmation clocks have their own endings.
LADDER_STATUSES = sorted(TRANSITIONS["escalate"].sources)
RECAP_LATE_HOURS = 3  # a recap more than this late (worker was down) is skipped, not sent at night
DAILY_SUMMARY_HOUR = 7
RECAP_ITEMS = 30
SLOT_MEMORY = timedelta(days=7)
# Jobs whose effects cannot be taken back: closing, withdrawing, escalating, anonymising.
IRREVERSIBLE = ("deadlines", "retention")


def claim_slot(name: str, slot: str, now: datetime) -> bool:
    """Inside a transaction: take the job's slot if no worker has; False if it ran or is running.

    A slot is a date and time ("2026-11-23 07"), taken once for good: a clock stepped back does
    not run a slot a second time, however many slots ran since.
    """
    try:
        with transaction.atomic():
            JobRun.objects.get_or_create(name=name)
    except IntegrityError:
        pass  # another worker created it at the same moment
    runs = JobRun.objects.filter(name=name)
    if connection.features.has_select_for_update_skip_locked:
        runs = runs.select_for_update(skip_locked=True)
    run = runs.first()
    if run is None or run.last_slot == slot:
        return False
    if JobSlot.objects.filter(job=name, slot=slot).exists():
        return False
    JobSlot.objects.create(job=name, slot=slot, taken_at=now)
    # Slots older than a week can no longer come round again; keep the table small.
    JobSlot.objects.filter(job=name, taken_at__lt=now - SLOT_MEMORY).delete()
    run.last_slot = slot
    run.last_run_at = now
    run.save(update_fields=["last_slot", "last_run_at"])
    return True


def held(name: str, now: datetime) -> bool:
    """True when an irreversible job must wait: the clock moved too far since its last run.

    A clock that jumps years ahead would otherwise close, withdraw and escalate every complaint and
    anonymise reporters in one round. The job waits, and says so, until an operator who has checked
    the clock runs `manage.py confirm_clock`.
    """
    run = JobRun.objects.filter(name=name).first()
    if run is None or run.last_run_at is None:
        return False
    if run.held_at is None:
        gap = now - run.last_run_at
        if gap <= timedelta(days=settings.ADUAN_JOB_CLOCK_JUMP_DAYS):
            return False
        JobRun.objects.filter(name=name, held_at__isnull=True).update(held_at=now)
    log.error(
        "job %s held: the clock says %s, %s after its last run at %s (more than "
        "ADUAN_JOB_CLOCK_JUMP_DAYS=%s); check the clock, then run manage.py confirm_clock",
        name,
        timezone.localtime(now).isoformat(),
        now - run.last_run_at,
        timezone.localtime(run.last_run_at).isoformat(),
        settings.ADUAN_JOB_CLOCK_JUMP_DAYS,
        extra={"event": "job_held", "job": name},
    )
    return True


def confirm_clock(now: datetime) -> list[str]:
    """The operator says the clock is right: held jobs run again, counting from now."""
    names = list(JobRun.objects.filter(held_at__isnull=False).values_list("name", flat=True))
    JobRun.objects.filter(name__in=names).update(held_at=None, last_run_at=now)
    return names


# ---------------------------------------------------------------------------------------------
# The escalation ladder


def escalate(now: datetime, rules: RuleBook, book: CalendarBook) -> int:
    """Climb each late complaint up the ladder; every rung is taken once per step."""
    rungs = len(ladder())
    if not rungs:
        return 0
    longest = max(
        (r.amount for r in rules.rules if r.unit == DeadlineRule.Unit.WORKING_DAYS), default=60
    )
    # The first rung cannot be reached earlier than this before the due time (weekends and a long
    # holiday season included), which keeps the scan to complaints close to or past their limit.
    horizon = timedelta(days=longest * (1 - ladder()[0]) * 7 / 5 + 21)
    candidates = (
        Complaint.objects.filter(
            status__in=LADDER_STATUSES,
            paused_at__isnull=True,
            due_at__isnull=False,
            due_at__lte=now + horizon,
            escalation_level__lt=rungs,
        )
        .select_related("agency", "unit", "category")
        .order_by("due_at")
    )
    climbed = 0
    for complaint in candidates.iterator(chunk_size=500):
        if rung_due(complaint, now, rules, book) <= complaint.escalation_level:
            continue
        try:
            actions.escalate_complaint(complaint, now=now, rules=rules, book=book)
        except ActionError:
            continue  # a new step, a pause, or another worker took the rung meanwhile
        climbed += 1
    return climbed


# ---------------------------------------------------------------------------------------------
# Waiting for the citizen, and resolutions nobody answered


def chase_information(now: datetime, rules: RuleBook, book: CalendarBook) -> int:
    """One reminder when the citizen's reply time is mostly gone, then withdrawal at the limit."""
    done = 0
    waiting = Complaint.objects.filter(
        status=Status.NEEDS_INFO, step=Step.CITIZEN_REPLY, due_at__isnull=False
    ).select_related("agency", "unit", "category")
    for complaint in waiting.iterator(chunk_size=500):
        assert complaint.due_at is not None
        if complaint.escalation_level >= 1 and complaint.due_at <= now:
            try:
                actions.withdraw_unanswered(complaint, now=now)
                done += 1
            except ActionError:
                pass  # the citizen answered a moment ago
            continue
        if not reply_reminder_due(complaint, now, rules, book):
            continue
        try:
            actions.remind_reporter(complaint, now=now, rules=rules, book=book)
        except ActionError:
            continue  # answered, or reminded by another worker, meanwhile
        done += 1
    return done


def close_unanswered(now: datetime) -> int:
    """Resolutions neither confirmed nor disputed by the confirmation step's due time."""
    closed = 0
    expired = Complaint.objects.filter(
        status=Status.RESOLVED, due_at__isnull=False, due_at__lte=now
    ).order_by("due_at")
    for complaint in expired.iterator(chunk_size=500):
        try:
            actions.close_unanswered(complaint, now=now)
            closed += 1
        except ActionError:
            pass  # confirmed or disputed a moment ago
    return closed


def sweep_deadlines(now: datetime) -> dict[str, int]:
    rules = RuleBook()
    book = CalendarBook(timezone.localtime(now).date())
    return {
        "escalated": escalate(now, rules, book),
        "information": chase_information(now, rules, book),
        "closed": close_unanswered(now),
    }


# ---------------------------------------------------------------------------------------------
# Recaps and summaries


def _item(complaint: Complaint, now: datetime) -> dict[str, Any]:
    due = complaint.due_at
    return {
        "code": complaint.tracking_code,
        "title": complaint.title[:100],
        "status": str(complaint.get_status_display()),
        "due": timezone.localtime(due).strftime("%d/%m/%Y %H:%M") if due else "",
        "overdue": bool(due and due < now),
    }


def _recap_rows(complaints: Any, waiting_status: str, now: datetime) -> dict[str, Any] | None:
    rows = complaints.filter(
        Q(status=waiting_status) | Q(due_at__lt=now, paused_at__isnull=True)
    ).exclude(status__in=FINAL)
    waiting = rows.filter(status=waiting_status).count()
    overdue = rows.filter(due_at__lt=now, paused_at__isnull=True).count()
    if not waiting and not overdue:
        return None
    items = [_item(c, now) for c in rows.order_by("due_at")[:RECAP_ITEMS]]
    return {"waiting": waiting, "overdue": overdue, "items": items}


def send_recaps(now: datetime, book: CalendarBook, hour: int) -> int:
    """Waiting and overdue complaints, to each agency's officers and to the desk (caller's txn)."""
    today = timezone.localtime(now).date()
    sent = 0
    slot = f"{hour:02d}:00"
    if book.for_agency(None).is_working_day(today):
        desk = _recap_rows(Complaint.objects.filter(status=Status.SUBMITTED), Status.SUBMITTED, now)
        if desk is not None:
            sent += notify_staff(
                recipients.verifiers(),
                "recap",
                None,
                {**desk, "agency": _("Meja pengaduan"), "slot": slot},
            )
    nodes = (
        Agency.objects.filter(memberships__role=Role.OFFICER, is_active=True)
        .distinct()
        .order_by("path")
    )
    for node in nodes:
        if not book.for_agency(node).is_working_day(today):
            continue
        recap = _recap_rows(Complaint.objects.assigned_within(node.path), Status.ROUTED, now)
        if recap is None:
            continue
        officers = [
            m.user
            for m in Membership.objects.filter(agency=node, role=Role.OFFICER, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        ]
        sent += notify_staff(officers, "recap", None, {**recap, "agency": str(node), "slot": slot})
    return sent


def send_daily_summaries(now: datetime, book: CalendarBook) -> int:
    """Yesterday's numbers and today's overdue list for each supervisor's part of the tree."""
    local = timezone.localtime(now)
    if not book.for_agency(None).is_working_day(local.date()):
        return 0
    start = local.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
    end = start + timedelta(days=1)
    sent = 0
    for membership in (
        Membership.objects.filter(role=Role.SUPERVISOR, user__is_active=True)
        .select_related("agency", "user")
        .order_by("agency__path", "user_id")
    ):
        node = membership.agency
        scope = (
            Complaint.objects.all()
            if node.parent_id is None
            else Complaint.objects.assigned_within(node.path)
        )
        overdue = scope.overdue(now)
        context = {
            "agency": str(node),
            "date": start.strftime("%d/%m/%Y"),
            "received": scope.filter(created_at__gte=start, created_at__lt=end).count(),
            "closed": scope.filter(closed_at__gte=start, closed_at__lt=end).count(),
            "open": scope.open().count(),
            "overdue": overdue.count(),
            "items": [_item(c, now) for c in overdue.order_by("due_at")[:RECAP_ITEMS]],
        }
        sent += notify_staff([membership.user], "daily_summary", None, context)
    return sent


# ---------------------------------------------------------------------------------------------
# What the worker calls every round


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Run every job whose slot has come and that no worker has run for that slot yet."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    ran: list[str] = []
    if not held("deadlines", now):
        with transaction.atomic():
            deadlines_due = claim_slot("deadlines", f"{local:%Y-%m-%dT%H:%M}", now)
        if deadlines_due:
            # Outside the slot's transaction: each complaint is its own short transaction.
            counts = sweep_deadlines(now)
            if any(counts.values()):
                log.info("deadline sweep: %s", counts)
            ran.append("deadlines")
    passed = [h for h in settings.ADUAN_RECAP_HOURS if h <= local.hour < h + RECAP_LATE_HOURS]
    book = CalendarBook(local.date())
    if passed:
        hour = passed[-1]
        with transaction.atomic():
            # Slot and messages commit together: a recap is queued exactly once.
            if claim_slot("recap", f"{local:%Y-%m-%d} {hour:02d}", now):
                send_recaps(now, book, hour)
                ran.append("recap")
    if local.hour >= DAILY_SUMMARY_HOUR:
        with transaction.atomic():
            if claim_slot("daily_summary", f"{local:%Y-%m-%d}", now):
                # A worker back late still sends it, within office hours; after them it would
                # arrive at night, so it is left out, and the log says so.
                if local.time() < settings.ADUAN_OFFICE_HOURS.end:
                    send_daily_summaries(now, book)
                    ran.append("daily_summary")
                elif book.for_agency(None).is_working_day(local.date()):
                    log.warning(
                        "daily summary of %s left out: the worker did not run between %02d:00 "
                        "and the end of office hours (%s)",
                        local.date().isoformat(),
                        DAILY_SUMMARY_HOUR,
                        settings.ADUAN_OFFICE_HOURS.end.strftime("%H:%M"),
                        extra={"event": "daily_summary_skipped"},
                    )
    if not held("retention", now):
        with transaction.atomic():
            retention_due = claim_slot("retention", f"{local:%Y-%m-%d}", now)
        if retention_due:
            # UU PDP retention (privacy app): identities of long-closed complaints are anonymised.
            from aduan.privacy.subjects import anonymise_expired

            anonymised = anonymise_expired(now)
            if anonymised:
                log.info("retention: %s reporter identities anonymised", anonymised)
            from aduan.audit.log import expire_public_addresses

            with transaction.atomic():
                erased = expire_public_addresses(now)
            if erased:
                log.info("retention: %s citizens' IP addresses erased from the audit log", erased)
    from aduan.reports import rollups  # dashboards' daily roll-ups (reports app, logs itself)

    rollups.run_job(now, claim_slot)
    return ran
