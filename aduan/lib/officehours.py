"""Office hours of a working day ("07:30-16:00"): parsing the setting, and asking if a time is inside."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

_RANGE = re.compile(r"(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})")


@dataclass(frozen=True)
class OfficeHours:
    """From start (included) to end (excluded), local time, on every working day."""

    start: time
    end: time

    def __contains__(self, moment: time) -> bool:
        return self.start <= moment.replace(tzinfo=None) < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_office_hours(text: str) -> OfficeHours:
    """ "07:30-16:00" (or "7.30 - 16.00") → OfficeHours; ValueError for anything else."""
    match = _RANGE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a range of times: {text!r}")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    start, end = time(h1, m1), time(h2, m2)  # ValueError for 25:00 or 07:61
    if end <= start:
        raise ValueError(f"office hours end before they start: {text!r}")
    return OfficeHours(start, end)
