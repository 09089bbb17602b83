"""The worker's periodic jobs under a frozen clock: the escalation ladder, recaps, summaries,
auto-close of unanswered resolutions, and the information-request reminder and withdrawal."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from aduan.agencies.calendar import calendar_for
from aduan.complaints import actions
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.complaints.states import Status
from aduan.lib.workingtime import add_working_days
from aduan.notifications import jobs
from aduan.notifications.models import JobRun, Outbox
from aduan.testing import City, submit

JKT = ZoneInfo("Asia/Jakarta")


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=JKT)


def run_jobs(when: datetime) -> list[str]:
    with time_machine.travel(when, tick=False):
        return jobs.run_due_jobs()


def sent_to(template: str) -> list[str]:
    rows = Outbox.objects.filter(template=template, channel="inapp").order_by("id")
    return [row.recipient_user.username for row in rows]  # type: ignore[union-attr]


def in_progress_since(city: City, when: datetime) -> Complaint:
    with time_machine.travel(when, tick=False):
        c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
        return actions.accept_complaint(c, by=city.officer_a)


def entries(c: Complaint, kind: str) -> list[TimelineEntry]:
    return list(c.timeline.filter(kind=kind))


def test_the_escalation_ladder_is_climbed_once_per_rung(city: City) -> None:
    c = in_progress_since(city, at(2026, 11, 2, 9))  # Monday; 14 working days
    assert c.due_at == at(2026, 11, 20, 9)
    run_jobs(at(2026, 11, 16, 20))  # 10.46 of 14 days gone: under 75%
    assert sent_to("deadline_reminder") == []

    run_jobs(at(2026, 11, 16, 22))  # past 75%
    run_jobs(at(2026, 11, 17, 8))
    assert sent_to("deadline_reminder") == ["petugas_a"]
    [reminder] = entries(c, TimelineEntry.Kind.REMINDER)
    assert not reminder.is_public and reminder.author_label == "Sistem"
    assert "75%" in reminder.message

    run_jobs(at(2026, 11, 20, 8, 59))
    assert sent_to("escalation_supervisor") == []
    run_jobs(at(2026, 11, 20, 9, 1))  # past the due time
    run_jobs(at(2026, 11, 23, 9))
    assert sent_to("escalation_supervisor") == ["pimpinan_a"], "the agency's head, not the city's"

    assert c.due_at is not None
    cal = calendar_for(None, c.due_at.date())
    twice = add_working_days(at(2026, 11, 2, 9), 28, cal)
    run_jobs(twice - timedelta(minutes=1))
    assert sent_to("escalation_leadership") == []
    run_jobs(twice + timedelta(minutes=1))
    run_jobs(twice + timedelta(days=3))
    assert sent_to("escalation_leadership") == ["pimpinan_kota"]
    escalations = entries(c, TimelineEntry.Kind.ESCALATION)
    assert len(escalations) == 2 and not any(e.is_public for e in escalations)
    c.refresh_from_db()
    assert c.escalation_level == 3
    # Each rung also went by email to the people who have an address.
    assert Outbox.objects.filter(template="escalation_leadership", channel="email").count() == 1


def test_a_complaint_found_very_late_takes_only_the_highest_rung_due(city: City) -> None:
    """A worker back after a long outage sends one message set per late complaint, not one per
    rung it missed: leadership hears of a complaint past 200%, the officer and supervisor don't."""
    late = [in_progress_since(city, at(2026, 11, 2, 9)) for _ in range(3)]
    run_jobs(at(2027, 2, 1, 9))  # every step is far past 200% of its time
    assert sent_to("deadline_reminder") == []
    assert sent_to("escalation_supervisor") == []
    assert sent_to("escalation_leadership") == ["pimpinan_kota"] * 3
    for c in late:
        c.refresh_from_db()
        assert c.escalation_level == 3
        assert entries(c, TimelineEntry.Kind.REMINDER) == []
        [entry] = entries(c, TimelineEntry.Kind.ESCALATION)
        assert "pimpinan daerah" in entry.message
    run_jobs(at(2027, 2, 1, 10))
    assert len(sent_to("escalation_leadership")) == 3, "each rung once"


def test_a_new_step_starts_a_new_ladder(city: City) -> None:
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        c = submit(city)  # verification: 3 working days, the desk is reminded
    run_jobs(at(2026, 11, 4, 20))
    assert sent_to("deadline_reminder") == ["verifikator"]
    with time_machine.travel(at(2026, 11, 5, 8), tick=False):
        c = actions.verify_complaint(c, by=city.verifier, target=city.agency_a)
    assert c.escalation_level == 0
    run_jobs(at(2026, 11, 11, 1))  # 3.7 of 5 first-response days gone
    assert sent_to("deadline_reminder") == ["verifikator"]
    run_jobs(at(2026, 11, 11, 3))  # 3.8 of 5: past 75%
    assert sent_to("deadline_reminder") == ["verifikator", "petugas_a"]


def test_a_paused_complaint_does_not_escalate(city: City) -> None:
    c = in_progress_since(city, at(2026, 11, 2, 9))
    with time_machine.travel(at(2026, 11, 3, 9), tick=False):
        actions.request_info(c, by=city.officer_a, question="Di mana tepatnya?")
    run_jobs(at(2026, 11, 20, 10))
    assert sent_to("escalation_supervisor") == []


def test_a_job_slot_runs_once_across_workers(city: City) -> None:
    assert run_jobs(at(2026, 11, 16, 9, 30)) == ["deadlines", "recap", "daily_summary"]
    assert run_jobs(at(2026, 11, 16, 9, 30)) == []
    assert JobRun.objects.get(name="recap").last_slot == "2026-11-16 07"


def test_recaps_go_out_at_seven_noon_and_four_on_working_days_only(city: City) -> None:
    with time_machine.travel(at(2026, 11, 13, 10), tick=False):  # Friday
        waiting = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
        submit(city)  # waiting at the desk
    assert waiting.status == Status.ROUTED
    for hour, minute in [(6, 59), (7, 0), (7, 30), (11, 0), (12, 0), (15, 59), (16, 0), (19, 0)]:
        run_jobs(at(2026, 11, 16, hour, minute))  # Monday
    assert sent_to("recap") == ["verifikator", "petugas_a"] * 3
    recap = Outbox.objects.filter(template="recap", recipient_user=city.officer_a).first()
    assert recap is not None and recap.context["waiting"] == 1
    assert recap.context["items"][0]["code"] == waiting.tracking_code

    run_jobs(at(2026, 11, 21, 7))  # Saturday
    run_jobs(at(2026, 3, 20, 7))  # cuti bersama Idul Fitri 2026
    assert len(sent_to("recap")) == 6


def test_a_monday_to_saturday_agency_gets_its_recap_on_saturday(city: City) -> None:
    city.agency_a.working_days = "123456"
    city.agency_a.save()
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
    run_jobs(at(2026, 11, 21, 7, 5))
    assert sent_to("recap") == ["petugas_a"]


def test_supervisors_get_a_daily_summary_on_working_days(city: City) -> None:
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
    run_jobs(at(2026, 11, 9, 9, 30))  # first response overdue since 09:00
    assert sorted(sent_to("daily_summary")) == ["pimpinan_a", "pimpinan_kota"]
    summary = Outbox.objects.get(
        template="daily_summary", channel="inapp", recipient_user=city.supervisor_a
    )
    assert summary.context["overdue"] == 1 and summary.context["open"] == 1
    assert summary.context["items"][0]["code"] == c.tracking_code
    run_jobs(at(2026, 11, 14, 7))  # Saturday
    assert len(sent_to("daily_summary")) == 2


def test_an_unanswered_resolution_closes_after_ten_working_days(city: City) -> None:
    c = in_progress_since(city, at(2026, 11, 2, 9))
    with time_machine.travel(at(2026, 11, 4, 9), tick=False):
        c = actions.resolve_complaint(c, by=city.officer_a, message="Sudah ditambal.")
        c = actions.approve_resolution(c, by=city.verifier)
    assert c.due_at == at(2026, 11, 18, 9)
    run_jobs(at(2026, 11, 18, 8, 59))
    c.refresh_from_db()
    assert c.status == Status.RESOLVED
    run_jobs(at(2026, 11, 18, 9, 1))
    c.refresh_from_db()
    assert c.status == Status.CLOSED and c.close_reason == "no_answer"
    assert Outbox.objects.filter(template="complaint_closed", context__reason="no_answer").exists()


def test_an_unanswered_information_request_is_reminded_once_then_withdrawn(city: City) -> None:
    with time_machine.travel(at(2026, 11, 2, 10), tick=False):  # Monday
        c = actions.request_info(submit(city), by=city.verifier, question="Di sisi mana?")
    assert c.due_at == at(2026, 11, 9, 10)
    run_jobs(at(2026, 11, 5, 3))  # 3.7 of 5 days gone
    assert not Outbox.objects.filter(template="info_reminder").exists()
    run_jobs(at(2026, 11, 5, 5))
    run_jobs(at(2026, 11, 6, 5))
    reminders = Outbox.objects.filter(template="info_reminder")
    assert {r.channel for r in reminders} == {"email", "whatsapp"} and reminders.count() == 2
    [entry] = entries(c, TimelineEntry.Kind.REMINDER)
    assert entry.is_public
    run_jobs(at(2026, 11, 9, 9, 59))
    c.refresh_from_db()
    assert c.status == Status.NEEDS_INFO
    run_jobs(at(2026, 11, 9, 10, 1))
    c.refresh_from_db()
    assert c.status == Status.CLOSED and c.close_reason == "withdrawn"
    assert Outbox.objects.filter(template="complaint_closed", context__reason="withdrawn").exists()


def test_an_answer_in_time_is_not_withdrawn(city: City) -> None:
    with time_machine.travel(at(2026, 11, 2, 10), tick=False):
        c = actions.request_info(submit(city), by=city.verifier, question="Di sisi mana?")
    run_jobs(at(2026, 11, 5, 5))
    with time_machine.travel(at(2026, 11, 6, 10), tick=False):
        actions.provide_info(c, by=actions.VIA_SECRET_LINK, answer="Utara.")
    run_jobs(at(2026, 11, 9, 10, 1))
    c.refresh_from_db()
    assert c.status == Status.SUBMITTED


def test_a_reminder_sent_late_still_leaves_the_citizen_a_working_day(city: City) -> None:
    with time_machine.travel(at(2026, 11, 2, 10), tick=False):
        c = actions.request_info(submit(city), by=city.verifier, question="Di sisi mana?")
    run_jobs(at(2026, 11, 10, 8))  # the worker was down through the whole reply time
    c.refresh_from_db()
    assert c.status == Status.NEEDS_INFO and c.due_at == at(2026, 11, 11, 8)
    run_jobs(at(2026, 11, 11, 8, 1))
    c.refresh_from_db()
    assert c.status == Status.CLOSED
