"""A unit's working calendar: national holidays, cuti bersama, its working week, and the
administrators' additions and removals."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aduan.agencies.calendar import CalendarBook, calendar_for
from aduan.agencies.models import Agency, Holiday
from aduan.lib.workingtime import add_working_days
from aduan.testing import City

JKT = ZoneInfo("Asia/Jakarta")


def test_national_holidays_and_cuti_bersama_come_from_the_holidays_package(db: None) -> None:
    cal = calendar_for(None, date(2026, 6, 1))
    assert date(2026, 3, 20) in cal.days_off  # cuti bersama Idul Fitri
    assert date(2026, 12, 24) in cal.days_off  # cuti bersama Natal
    assert date(2027, 1, 1) in cal.days_off
    assert cal.weekdays == frozenset({1, 2, 3, 4, 5})


def test_an_administrators_extra_holiday_is_a_day_off(db: None) -> None:
    Holiday.objects.create(date=date(2026, 11, 18), name="Hari jadi kota", kind=Holiday.Kind.ADD)
    cal = calendar_for(None, date(2026, 11, 17))
    start = datetime(2026, 11, 17, 10, tzinfo=JKT)
    assert add_working_days(start, 3, cal) == datetime(2026, 11, 23, 10, tzinfo=JKT)


def test_a_removed_holiday_becomes_a_working_day_again(db: None) -> None:
    Holiday.objects.create(
        date=date(2026, 12, 24), name="Cuti bersama dibatalkan", kind=Holiday.Kind.REMOVE
    )
    cal = calendar_for(None, date(2026, 12, 1))
    assert cal.is_working_day(date(2026, 12, 24))
    assert not cal.is_working_day(date(2026, 12, 25))


def test_a_year_the_package_does_not_know_can_be_filled_in_by_hand(db: None) -> None:
    Holiday.objects.create(date=date(2031, 3, 3), name="Cuti bersama", kind=Holiday.Kind.ADD)
    assert not calendar_for(None, date(2031, 1, 1)).is_working_day(date(2031, 3, 3))


def test_a_monday_to_saturday_unit_gets_its_own_working_week(city: City) -> None:
    city.unit_a.working_days = "123456"
    city.unit_a.save()
    cal = calendar_for(city.unit_a, date(2026, 11, 1))
    assert cal.is_working_day(date(2026, 11, 21))
    assert not calendar_for(city.agency_a, date(2026, 11, 1)).is_working_day(date(2026, 11, 21))


def test_a_malformed_working_week_falls_back_to_monday_to_friday(db: None) -> None:
    agency = Agency(code="x", name="X", working_days="abc")
    assert calendar_for(agency, date(2026, 1, 1)).weekdays == frozenset({1, 2, 3, 4, 5})


def test_calendar_for_reads_the_holiday_table_once(db: None) -> None:
    calendar_for(None, date(2026, 1, 1))  # national days are cached per process
    with CaptureQueriesContext(connection) as queries:
        calendar_for(None, date(2026, 1, 1))
    assert len(queries) == 1


@pytest.mark.parametrize("week", ["12345", "123456"])
def test_a_calendar_book_reads_the_holiday_table_once_for_many_units(db: None, week: str) -> None:
    units = [Agency(code=f"u{i}", name="U", working_days=week) for i in range(20)]
    book = CalendarBook(date(2026, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        cals = [book.for_agency(u) for u in units] + [book.for_agency(None)]
    assert len(queries) == 1
    assert cals[0] is cals[-2]
