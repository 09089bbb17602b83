"""Report periods: parsing "2026-07" into a calendar month and its bounds in the local time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MONTH_NAMES_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def long_date(day: date) -> str:
    """5 Agustus 2026: a date as an Indonesian letter writes it, whatever the reader's language."""
    return f"{day.day} {MONTH_NAMES_ID[day.month - 1]} {day.year}"


class InvalidMonth(ValueError):
    """The month given is not YYYY-MM with a real month; the message says what is expected."""


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None) -> Month:
        match = MONTH_RE.match((text or "").strip())
        if not match:
            raise InvalidMonth(
                _("Bulan harus ditulis TTTT-BB, misalnya 2026-07; yang diberikan: %(value)s")
                % {"value": text or "(kosong)"}
            )
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise InvalidMonth(
                _("Bulan %(value)s tidak ada. Gunakan TTTT-BB dengan BB antara 01 dan 12.")
                % {"value": text}
            )
        return cls(year, month)

    @classmethod
    def containing(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES_ID[self.month - 1]} {self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @property
    def last_day(self) -> date:
        return self.next.first_day - timedelta(days=1)

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes: local midnight of the 1st to local midnight of the next 1st."""
        tz = ZoneInfo(settings.TIME_ZONE)
        return (
            datetime.combine(self.first_day, time.min, tzinfo=tz),
            datetime.combine(self.next.first_day, time.min, tzinfo=tz),
        )
