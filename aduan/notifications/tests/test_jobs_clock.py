"""The periodic jobs when the worker was away or the clock moved: a slot runs once per date and
time however the clock steps, a clock far ahead stops the irreversible jobs until an operator
confirms it, and a late daily summary still goes out."""

from __future__ import annotations

import logging
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from aduan.complaints import actions
from aduan.complaints.models import Reporter
from aduan.complaints.states import Status
from aduan.notifications.tests.test_jobs import at, run_jobs, sent_to
from aduan.testing import City, complaint_in, submit


def test_a_clock_stepped_back_does_not_send_a_recap_twice(city: City) -> None:
    with time_machine.travel(at(2026, 11, 13, 10), tick=False):  # Friday
        actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
    for hour in (7, 12, 16):
        run_jobs(at(2026, 11, 16, hour, 5))  # Monday
    assert len(sent_to("recap")) == 3
    run_jobs(at(2026, 11, 16, 13, 35))  # NTP stepped the clock back 2.5 hours
    run_jobs(at(2026, 11, 16, 16, 10))  # and forward again
    assert len(sent_to("recap")) == 3, "the 12:00 and 16:00 recaps went out once each"


def test_a_clock_far_ahead_stops_the_irreversible_jobs_until_an_operator_confirms(
    city: City, caplog: pytest.LogCaptureFixture
) -> None:
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        closed = complaint_in(city, Status.CLOSED)
        resolved = complaint_in(city, Status.RESOLVED)
    run_jobs(at(2026, 11, 3, 9))  # an ordinary day: everything runs
    with caplog.at_level(logging.ERROR, logger="aduan.worker"):
        ran = run_jobs(at(2031, 11, 20, 9))  # the clock jumped five years ahead
    assert "deadlines" not in ran
    assert closed.reporter_id is not None
    reporter = Reporter.objects.get(pk=closed.reporter_id)
    assert reporter.anonymised_at is None, "no identity removed on a wrong clock"
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED, "nothing closed on a wrong clock"
    assert any(
        "clock" in r.getMessage() and "confirm_clock" in r.getMessage() for r in caplog.records
    )

    out = StringIO()
    with time_machine.travel(at(2031, 11, 20, 9, 5), tick=False):
        call_command("confirm_clock", stdout=out)
    assert "2031" in out.getvalue()
    ran = run_jobs(at(2031, 11, 20, 9, 10))
    assert "deadlines" in ran
    reporter.refresh_from_db()
    assert reporter.anonymised_at is not None, "the operator said the clock is right"


def test_a_worker_back_after_ten_still_sends_the_daily_summary(city: City) -> None:
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
    run_jobs(at(2026, 11, 9, 10, 30))  # Monday; the worker was down from 07:00 to 10:30
    assert sorted(sent_to("daily_summary")) == ["pimpinan_a", "pimpinan_kota"]
    run_jobs(at(2026, 11, 9, 13))
    assert len(sent_to("daily_summary")) == 2, "once a day"


def test_a_daily_summary_that_can_no_longer_go_out_in_office_hours_is_logged(
    city: City, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="aduan.worker"):
        run_jobs(at(2026, 11, 9, 21))  # back only at night
    assert sent_to("daily_summary") == []
    assert any("daily summary" in r.getMessage() for r in caplog.records)
