"""The working calendar of a unit: its working week, national holidays and cuti bersama, and the
administrators' additions and removals (DESIGN §5)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

from aduan.agencies.models import Agency, Holiday
from aduan.lib.workingtime import WorkCalendar

DEFAULT_WEEK = frozenset({1, 2, 3, 4, 5})
# A calendar covers the year before `around` (a step started last December) to five years after
# it (the longest limit is 60 working days; five years leaves room for long-paused complaints).
YEARS_BEFORE, YEARS_AFTER = 1, 5


@lru_cache(maxsize=64)
def national_days_off(year: int) -> frozenset[date]:
    """Indonesian public holidays and cuti bersama (government category) for one year."""
    known = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    return frozenset(known.keys())


@lru_cache(maxsize=16)
def _national_range(first: int, last: int) -> frozenset[date]:
    days: set[date] = set()
    for year in range(first, last + 1):
        days |= national_days_off(year)
    return frozenset(days)


def days_off(years: range) -> frozenset[date]:
    """National days off of these years with the administrators' changes applied (one query)."""
    days = set(_national_range(years.start, years.stop - 1))
    changes = Holiday.objects.filter(
        date__gte=date(years.start, 1, 1), date__lt=date(years.stop, 1, 1)
    ).values_list("date", "kind")
    for day, kind in changes:
        if kind == Holiday.Kind.ADD:
            days.add(day)
        else:
            days.discard(day)
    return frozenset(days)


def weekdays_of(agency: Agency | None) -> frozenset[int]:
    """The unit's working week ("12345" Mon–Fri, "123456" Mon–Sat); Mon–Fri when unset or invalid."""
    text = agency.working_days if agency is not None else ""
    days = frozenset(int(ch) for ch in text if ch in "1234567")
    return days or DEFAULT_WEEK


def calendar_for(agency: Agency | None, around: date) -> WorkCalendar:
    """A calendar valid from the year before `around` to five years after it."""
    return WorkCalendar(
        tz=ZoneInfo(settings.TIME_ZONE),
        weekdays=weekdays_of(agency),
        days_off=days_off(range(around.year - YEARS_BEFORE, around.year + YEARS_AFTER + 1)),
    )


class CalendarBook:
    """Calendars for many complaints in one job or one page: the holiday table is read once."""

    def __init__(self, around: date) -> None:
        self._around = around
        self._days_off: frozenset[date] | None = None
        self._by_week: dict[frozenset[int], WorkCalendar] = {}

    def for_agency(self, agency: Agency | None) -> WorkCalendar:
        week = weekdays_of(agency)
        cal = self._by_week.get(week)
        if cal is None:
            if self._days_off is None:
                y = self._around.year
                self._days_off = days_off(range(y - YEARS_BEFORE, y + YEARS_AFTER + 1))
            cal = WorkCalendar(
                tz=ZoneInfo(settings.TIME_ZONE), weekdays=week, days_off=self._days_off
            )
            self._by_week[week] = cal
        return cal
