"""The system's own changes go through the actions like everyone's (DESIGN §4): the escalation
ladder, the reporter's reminder (and its moved due time), withdrawal and automatic closing each
write a timeline entry and an audit entry whose actor is the system."""

from __future__ import annotations

import time_machine
from django.core.management import call_command

from aduan.audit.models import AuditEntry
from aduan.complaints import actions
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.complaints.states import Status
from aduan.notifications.tests.test_jobs import at, in_progress_since, run_jobs
from aduan.testing import City, submit

Kind = TimelineEntry.Kind


def _audit(c: Complaint, action: str) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type="complaints.complaint", object_id=str(c.pk), action=action
        ).order_by("id")
    )


def test_each_rung_of_the_ladder_is_an_audited_system_action(city: City) -> None:
    c = in_progress_since(city, at(2026, 11, 2, 9))  # 14 working days, due 20 Nov 09:00
    run_jobs(at(2026, 11, 17, 8))  # past 75%
    run_jobs(at(2026, 11, 20, 9, 1))  # past the due time

    first, second = _audit(c, "complaint.escalate")
    assert first.actor is None and first.actor_label == "system"
    assert (first.before, first.after) == ({"escalation_level": 0}, {"escalation_level": 1})
    assert (second.before, second.after) == ({"escalation_level": 1}, {"escalation_level": 2})
    assert first.ip is None
    reminder, escalation = c.timeline.filter(kind__in=[Kind.REMINDER, Kind.ESCALATION])
    assert (reminder.kind, escalation.kind) == (Kind.REMINDER, Kind.ESCALATION)
    assert reminder.author_label == escalation.author_label == "Sistem"
    assert not reminder.is_public and reminder.author is None


def test_an_escalation_leaves_an_officers_open_form_valid(city: City) -> None:
    c = in_progress_since(city, at(2026, 11, 2, 9))
    version = c.version
    run_jobs(at(2026, 11, 20, 9, 1))
    c.refresh_from_db()
    assert c.escalation_level == 2 and c.version == version
    actions.post_update(
        c, by=city.officer_a, message="Sedang dikerjakan.", expected_version=version
    )


def test_the_reporters_reminder_and_its_moved_due_time_are_audited(city: City) -> None:
    with time_machine.travel(at(2026, 11, 2, 10), tick=False):
        c = actions.request_info(submit(city), by=city.verifier, question="Di sisi mana?")
    run_jobs(at(2026, 11, 10, 8))  # the worker was down through the whole reply time

    [entry] = _audit(c, "complaint.remind_reporter")
    assert entry.actor is None and entry.actor_label == "system"
    # Due 9 Nov 10:00 in Jakarta, moved to 11 Nov 08:00 (one working day after the late reminder).
    assert entry.before == {"escalation_level": 0, "due_at": "2026-11-09T03:00:00+00:00"}
    assert entry.after == {"escalation_level": 1, "due_at": "2026-11-11T01:00:00+00:00"}
    [reminder] = c.timeline.filter(kind=Kind.REMINDER)
    assert reminder.is_public and reminder.author_label == "Sistem"


def test_withdrawal_and_automatic_closing_are_audited_as_the_systems(city: City) -> None:
    with time_machine.travel(at(2026, 11, 2, 10), tick=False):
        waiting = actions.request_info(submit(city), by=city.verifier, question="Di mana?")
    resolved = in_progress_since(city, at(2026, 11, 2, 9))
    with time_machine.travel(at(2026, 11, 4, 9), tick=False):
        resolved = actions.resolve_complaint(resolved, by=city.officer_a, message="Selesai.")
        resolved = actions.approve_resolution(resolved, by=city.verifier)
    run_jobs(at(2026, 11, 6, 5))  # the reporter's reminder
    run_jobs(at(2026, 11, 18, 9, 1))  # reply time and confirmation time both over

    [withdrawn] = _audit(waiting, "complaint.withdraw")
    [closed] = _audit(resolved, "complaint.close")
    for entry in (withdrawn, closed):
        assert entry.actor is None and entry.actor_label == "system"
        assert entry.after["status"] == Status.CLOSED
    assert waiting.timeline.filter(kind=Kind.CLOSED, author_label="Sistem").exists()
    assert resolved.timeline.filter(kind=Kind.CLOSED, author_label="Sistem").exists()
    call_command("verify_audit")  # the chain holds the system's entries too
