"""Working-time arithmetic: add working days or hours to an instant, and measure working time.

Pure functions over a WorkCalendar (which weekdays are worked, which dates are days off); they know
nothing of the database. agencies/calendar.py builds calendars from the national holidays and the
administrators' table. Every result is an instant computed from stored instants, never a counter,
so a server clock corrected by NTP cannot make a deadline drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY = timedelta(days=1)
DAY_SECONDS = 86400
# A calendar with no working day for this long is a configuration error, not a long holiday.
_SEARCH_LIMIT_DAYS = 3660


@dataclass(frozen=True)
class WorkCalendar:
    """Working weekdays (ISO: Monday=1 … Sunday=7) minus days off, in one time zone."""

    tz: ZoneInfo
    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    days_off: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        return day.isoweekday() in self.weekdays and day not in self.days_off

    def next_working_day(self, day: date) -> date:
        """The first working day on or after day."""
        for _ in range(_SEARCH_LIMIT_DAYS):
            if self.is_working_day(day):
                return day
            day += DAY
        raise ValueError("calendar has no working day within ten years")


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def add_working_days(start: datetime, days: int, cal: WorkCalendar) -> datetime:
    """The instant `days` whole working days after start.

    A start on a day off counts from the beginning of the next working day, so a complaint sent
    on Saturday with 3 working days is due at the end of Wednesday (Thursday 00:00), the same as one
    sent first thing on Monday.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    local = start.astimezone(cal.tz)
    day = local.date()
    if not cal.is_working_day(day):
        day = cal.next_working_day(day)
        local = _midnight(day, cal.tz)
    offset = local - _midnight(day, cal.tz)
    remaining = days
    while remaining > 0:
        day = cal.next_working_day(day + DAY)
        remaining -= 1
    return _midnight(day, cal.tz) + offset


def add_working_seconds(start: datetime, seconds: float, cal: WorkCalendar) -> datetime:
    """The instant after `seconds` of working time have passed since start.

    Used to resume a paused clock: what was left of a step is counted again from the moment the
    citizen answered, skipping the weekends and holidays in between.
    """
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    local = start.astimezone(cal.tz)
    day = local.date()
    if not cal.is_working_day(day):
        day = cal.next_working_day(day)
        local = _midnight(day, cal.tz)
    remaining = timedelta(seconds=seconds)
    while True:
        available = _midnight(day + DAY, cal.tz) - local
        if remaining < available:
            return local + remaining
        remaining -= available
        day = cal.next_working_day(day + DAY)
        local = _midnight(day, cal.tz)


def add_hours(start: datetime, hours: int) -> datetime:
    """Around-the-clock counting for urgent categories: holidays do not stop a fallen tree."""
    return start + timedelta(hours=hours)


def working_time_between(start: datetime, end: datetime, cal: WorkCalendar) -> timedelta:
    """Exact working time between two instants (zero if end is before start)."""
    if end <= start:
        return timedelta(0)
    a, b = start.astimezone(cal.tz), end.astimezone(cal.tz)
    total = timedelta(0)
    day = a.date()
    while day <= b.date():
        if cal.is_working_day(day):
            lo = max(a, _midnight(day, cal.tz))
            hi = min(b, _midnight(day + DAY, cal.tz))
            if hi > lo:
                total += hi - lo
        day += DAY
    return total


def working_seconds_between(start: datetime, end: datetime, cal: WorkCalendar) -> int:
    """Whole seconds of working days between two instants (0 if end is before start)."""
    return int(working_time_between(start, end, cal).total_seconds())


def working_days_between(start: datetime, end: datetime, cal: WorkCalendar) -> float:
    return working_seconds_between(start, end, cal) / DAY_SECONDS
