"""The report's fast working-time clock agrees with the one-complaint function it replaces."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from aduan.lib.workingtime import WorkCalendar, working_seconds_between
from aduan.reports.clock import FastClock

WIB = ZoneInfo("Asia/Jakarta")


def test_it_matches_working_seconds_between_across_weekends_and_holidays() -> None:
    calendar = WorkCalendar(
        tz=WIB,
        weekdays=frozenset({1, 2, 3, 4, 5, 6}),
        days_off=frozenset({date(2026, 3, 20), date(2026, 3, 23), date(2026, 8, 17)}),
    )
    clock = FastClock(calendar, date(2026, 1, 1), date(2026, 12, 31))
    rng = random.Random(7)
    base = datetime(2026, 1, 2, tzinfo=WIB)
    for _ in range(500):
        start = base + timedelta(seconds=rng.randrange(0, 300 * 86400))
        end = start + timedelta(seconds=rng.randrange(-86400, 40 * 86400))
        assert clock.seconds_between(start, end) == working_seconds_between(start, end, calendar)
