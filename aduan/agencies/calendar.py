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


@lru_cache(maxsize=64)
def national_days_off(year: int) -> frozenset[date]:
    """Indonesian public holidays and cuti bersama (government category) for one year."""
    known = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    return frozenset(known.keys())


def days_off(years: range) -> frozenset[date]:
    days: set[date] = set()
    for year in years:
        days |= national_days_off(year)
    for change in Holiday.objects.filter(date__year__gte=years.start, date__year__lt=years.stop):
        if change.kind == Holiday.Kind.ADD:
            days.add(change.date)
        else:
            days.discard(change.date)
    return frozenset(days)


def calendar_for(agency: Agency | None, around: date) -> WorkCalendar:
    """A calendar valid from the year before `around` to five years after it."""
    weekdays = frozenset(
        int(ch) for ch in (agency.working_days if agency else "12345") if ch.isdigit()
    )
    return WorkCalendar(
        tz=ZoneInfo(settings.TIME_ZONE),
        weekdays=weekdays or frozenset({1, 2, 3, 4, 5}),
        days_off=days_off(range(around.year - 1, around.year + 6)),
    )
