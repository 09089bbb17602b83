"""Deadlines per step: the most specific rule wins, computed when a step starts, paused while the
complaint waits for the citizen, and shown as time left or overdue."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.template import Context, Template

from aduan.agencies.models import Classification, Complexity, DeadlineRule, Step
from aduan.complaints import actions
from aduan.complaints.deadlines import countdown, rule_for
from aduan.complaints.states import Status
from aduan.testing import City, submit

JKT = ZoneInfo("Asia/Jakarta")


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=JKT)


def test_verification_is_due_three_working_days_after_submission(city: City) -> None:
    with time_machine.travel(at(2026, 11, 19, 14), tick=False):  # a Thursday
        c = submit(city)
    assert c.step == Step.VERIFICATION
    assert c.due_at == at(2026, 11, 24, 14)


def test_a_complaint_sent_before_lebaran_waits_out_the_cuti_bersama(city: City) -> None:
    with time_machine.travel(at(2026, 3, 17, 10), tick=False):
        c = submit(city)
    assert c.due_at == at(2026, 3, 27, 10)


def test_completion_limits_follow_the_classification(city: City) -> None:
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):  # Monday
        c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
        assert c.due_at == at(2026, 11, 9, 9)  # first follow-up: 5 working days
        c = actions.accept_complaint(c, by=city.officer_a)
    assert c.step == Step.COMPLETION
    assert c.due_at == at(2026, 11, 20, 9)  # pengaduan: 14 working days counted from routing
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        m = submit(city, category=city.bribe)
        m = actions.verify_complaint(m, by=city.verifier, target=city.agency_a)
        m = actions.accept_complaint(m, by=city.officer_a)
    assert m.classification == Classification.MISCONDUCT
    assert m.due_at == at(2027, 1, 29, 9)  # 60 working days, Christmas and New Year skipped


def test_the_most_specific_rule_wins(city: City) -> None:
    c = submit(city)
    assert rule_for(Step.COMPLETION, c).amount == 14  # type: ignore[union-attr]
    DeadlineRule.objects.create(step=Step.COMPLETION, complexity=Complexity.MEDIUM, amount=10)
    assert rule_for(Step.COMPLETION, c).amount == 10  # type: ignore[union-attr]
    DeadlineRule.objects.create(step=Step.COMPLETION, category=city.road, amount=7)
    assert rule_for(Step.COMPLETION, c).amount == 7  # type: ignore[union-attr]
    DeadlineRule.objects.create(
        step=Step.COMPLETION, category=city.road, complexity=Complexity.HEAVY, amount=30
    )
    assert rule_for(Step.COMPLETION, c).amount == 7, "a heavy-only rule does not match"  # type: ignore[union-attr]


def test_an_urgent_category_counts_hours_around_the_clock(city: City) -> None:
    DeadlineRule.objects.create(
        step=Step.FIRST_RESPONSE, category=city.tree, amount=6, unit=DeadlineRule.Unit.HOURS
    )
    with time_machine.travel(at(2026, 11, 21, 22), tick=False):  # Saturday night
        c = submit(city, category=city.tree)  # auto-routed at once
    assert c.status == Status.ROUTED
    assert c.due_at == at(2026, 11, 22, 4)


def test_waiting_for_the_citizen_stops_the_clock_and_the_answer_restarts_it(city: City) -> None:
    with time_machine.travel(at(2026, 11, 16, 10), tick=False):  # Monday
        c = submit(city)
    assert c.due_at == at(2026, 11, 19, 10)
    with time_machine.travel(at(2026, 11, 18, 10), tick=False):  # one working day left
        c = actions.request_info(c, by=city.verifier, question="Di sisi mana?")
    assert c.paused_at == at(2026, 11, 18, 10) and c.paused_due_at == at(2026, 11, 19, 10)
    assert c.step == Step.CITIZEN_REPLY and c.due_at == at(2026, 11, 25, 10)
    assert countdown(c).state == "paused"  # type: ignore[union-attr]
    with time_machine.travel(at(2026, 11, 23, 10), tick=False):  # answered after a weekend
        c = actions.provide_info(c, by=actions.VIA_SECRET_LINK, answer="Sisi utara.")
    assert c.status == Status.SUBMITTED and c.step == Step.VERIFICATION
    assert c.due_at == at(2026, 11, 24, 10), "the one working day left is given back"
    assert c.paused_at is None and c.paused_seconds == 3 * 86400


def test_a_rung_reached_before_the_pause_is_not_reached_again(city: City) -> None:
    with time_machine.travel(at(2026, 11, 16, 10), tick=False):
        c = submit(city)
    with time_machine.travel(at(2026, 11, 19, 9), tick=False):  # more than 75% gone
        c = actions.request_info(c, by=city.verifier, question="Di sisi mana?")
    with time_machine.travel(at(2026, 11, 20, 9), tick=False):
        c = actions.provide_info(c, by=actions.VIA_SECRET_LINK, answer="Sisi utara.")
    assert c.escalation_level == 1
    assert c.due_at == at(2026, 11, 20, 10)


def test_an_urgent_step_paused_is_moved_by_the_wall_clock_wait(city: City) -> None:
    DeadlineRule.objects.create(
        step=Step.COMPLETION, category=city.road, amount=48, unit=DeadlineRule.Unit.HOURS
    )
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
        c = actions.accept_complaint(c, by=city.officer_a)
    assert c.due_at == at(2026, 11, 22, 10)
    with time_machine.travel(at(2026, 11, 21, 10), tick=False):
        c = actions.request_info(c, by=city.officer_a, question="Pohon di mana?")
    with time_machine.travel(at(2026, 11, 21, 16), tick=False):
        c = actions.provide_info(c, by=actions.VIA_SECRET_LINK, answer="Depan pasar.")
    assert c.status == Status.IN_PROGRESS and c.due_at == at(2026, 11, 22, 16)


def test_countdown_says_how_much_time_is_left_or_how_late_it_is(city: City) -> None:
    with time_machine.travel(at(2026, 11, 16, 10), tick=False):
        c = submit(city)
    left = countdown(c, now=at(2026, 11, 16, 10))
    assert left is not None and left.label == "Sisa 3 hari kerja" and left.state == "on_track"
    assert countdown(c, now=at(2026, 11, 16, 10, 1)).label == "Sisa 3 hari kerja"  # type: ignore[union-attr]
    soon = countdown(c, now=at(2026, 11, 19, 4))
    assert soon is not None and soon.label == "Sisa 6 jam" and soon.state == "due_soon"
    late = countdown(c, now=at(2026, 11, 24, 12))
    assert late is not None and late.state == "overdue" and late.label == "Terlambat 3 hari kerja"
    closed = actions.reject_complaint(c, by=city.verifier, reason="spam")
    assert countdown(closed) is None


def test_the_template_filters_show_the_countdown(city: City) -> None:
    with time_machine.travel(at(2026, 11, 16, 10), tick=False):
        c = submit(city)
        html = Template(
            "{% load deadlines %}<span class='{{ c|deadline_state }}'>{{ c|time_left }}</span>"
        ).render(Context({"c": c}))
    assert html == "<span class='on_track'>Sisa 3 hari kerja</span>"


def test_a_rule_edited_by_an_administrator_shows_at_once(city: City) -> None:
    with time_machine.travel(at(2026, 11, 16, 10), tick=False):
        c = submit(city)
        assert countdown(c).label == "Sisa 3 hari kerja"  # type: ignore[union-attr]
        DeadlineRule.objects.create(
            step=Step.VERIFICATION, category=city.road, amount=5, unit=DeadlineRule.Unit.HOURS
        )
        assert countdown(c).label == "Sisa 72 jam"  # type: ignore[union-attr]
        DeadlineRule.objects.filter(category=city.road).delete()
        assert countdown(c).label == "Sisa 3 hari kerja"  # type: ignore[union-attr]
