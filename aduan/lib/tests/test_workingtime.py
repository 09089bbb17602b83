"""Working-time arithmetic over real Indonesian calendars: weekends, Lebaran, the year end."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from aduan.lib.workingtime import (
    WorkCalendar,
    add_hours,
    add_working_days,
    add_working_seconds,
    working_days_between,
    working_seconds_between,
)

JKT = ZoneInfo("Asia/Jakarta")


def national(*years: int) -> frozenset[date]:
    known = holidays.country_holidays("ID", years=years, categories=("public", "government"))
    return frozenset(known.keys())


CAL = WorkCalendar(tz=JKT, days_off=national(2026, 2027))
SATURDAYS = WorkCalendar(
    tz=JKT, weekdays=frozenset({1, 2, 3, 4, 5, 6}), days_off=national(2026, 2027)
)


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=JKT)


def test_three_working_days_from_a_tuesday_morning_end_on_friday_morning() -> None:
    assert add_working_days(at(2026, 11, 17, 10), 3, CAL) == at(2026, 11, 20, 10)


def test_a_weekend_is_skipped() -> None:
    # Thursday 14:00 + 3 working days: Friday, Monday, Tuesday → Tuesday 14:00.
    assert add_working_days(at(2026, 11, 19, 14), 3, CAL) == at(2026, 11, 24, 14)


def test_a_complaint_sent_on_saturday_counts_from_monday_morning() -> None:
    assert add_working_days(at(2026, 11, 21, 22), 3, CAL) == at(2026, 11, 26)
    assert add_working_days(at(2026, 11, 23, 0), 3, CAL) == at(2026, 11, 26)


def test_lebaran_2026_and_its_cuti_bersama_are_not_working_days() -> None:
    for day in range(18, 25):  # Nyepi, Idul Fitri and cuti bersama, 18–24 March 2026
        assert not CAL.is_working_day(date(2026, 3, day)), day
    assert CAL.is_working_day(date(2026, 3, 17))
    assert CAL.is_working_day(date(2026, 3, 25))


def test_three_working_days_across_lebaran_2026() -> None:
    # Tuesday 17 March 10:00; the office is closed 18–24 March; due Friday 27 March 10:00.
    assert add_working_days(at(2026, 3, 17, 10), 3, CAL) == at(2026, 3, 27, 10)


def test_a_complaint_sent_during_lebaran_counts_from_the_first_day_back() -> None:
    assert add_working_days(at(2026, 3, 21, 9), 1, CAL) == at(2026, 3, 26)


def test_the_year_end_skips_christmas_cuti_bersama_and_new_year() -> None:
    # Wednesday 23 Dec 2026 15:00 + 2: 24 (cuti bersama), 25 (Christmas), weekend, Mon 28 → Tue 29.
    assert add_working_days(at(2026, 12, 23, 15), 2, CAL) == at(2026, 12, 29, 15)
    # Wednesday 30 Dec + 2: Thursday 31, (1 Jan holiday, weekend) Monday 4 Jan 2027.
    assert add_working_days(at(2026, 12, 30, 9), 2, CAL) == at(2027, 1, 4, 9)


def test_a_monday_to_saturday_unit_works_on_saturday_but_not_on_holidays() -> None:
    assert add_working_days(at(2026, 11, 19, 14), 3, SATURDAYS) == at(2026, 11, 23, 14)
    assert not SATURDAYS.is_working_day(date(2026, 3, 21))  # Idul Fitri falls on a Saturday
    assert SATURDAYS.is_working_day(date(2026, 11, 21))


def test_an_added_day_off_and_a_removed_one_change_the_count() -> None:
    extra = WorkCalendar(tz=JKT, days_off=CAL.days_off | {date(2026, 11, 18)})
    assert add_working_days(at(2026, 11, 17, 10), 3, extra) == at(2026, 11, 23, 10)
    fewer = WorkCalendar(tz=JKT, days_off=CAL.days_off - {date(2026, 12, 24)})
    assert add_working_days(at(2026, 12, 23, 15), 2, fewer) == at(2026, 12, 28, 15)


def test_hours_mode_counts_around_the_clock_through_holidays() -> None:
    assert add_hours(at(2026, 3, 20, 22), 24) == at(2026, 3, 21, 22)


def test_working_seconds_between_leave_out_weekends_and_holidays() -> None:
    assert working_seconds_between(at(2026, 11, 20, 12), at(2026, 11, 23, 12), CAL) == 86400
    assert working_days_between(at(2026, 3, 17), at(2026, 3, 26), CAL) == 2.0
    assert working_seconds_between(at(2026, 11, 23), at(2026, 11, 20), CAL) == 0


def test_adding_working_seconds_resumes_a_clock_after_the_weekend() -> None:
    left = working_seconds_between(at(2026, 11, 20, 10), at(2026, 11, 24, 10), CAL)
    assert left == 2 * 86400
    assert add_working_seconds(at(2026, 11, 23, 10), left, CAL) == at(2026, 11, 25, 10)
    # From a holiday, the count starts at the next working day's midnight.
    assert add_working_seconds(at(2026, 3, 20, 15), 3600, CAL) == at(2026, 3, 25, 1)


def test_add_working_days_and_working_seconds_agree() -> None:
    start = at(2026, 12, 21, 16, 30)
    for days in range(0, 30):
        due = add_working_days(start, days, CAL)
        assert working_seconds_between(start, due, CAL) == days * 86400
        assert add_working_seconds(start, days * 86400, CAL) == due


def test_negative_amounts_and_a_calendar_without_working_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(at(2026, 1, 5), -1, CAL)
    never = WorkCalendar(tz=JKT, weekdays=frozenset())
    with pytest.raises(ValueError, match="no working day"):
        add_working_days(at(2026, 1, 5), 1, never)


def test_instants_in_other_time_zones_are_counted_in_the_calendar_zone() -> None:
    utc_start = at(2026, 11, 17, 10).astimezone(ZoneInfo("UTC"))
    assert add_working_days(utc_start, 3, CAL) == at(2026, 11, 20, 10)
    assert add_working_days(utc_start, 3, CAL) - utc_start == timedelta(days=3)
