"""The demo city's on-duty roster (piket): a weekend for Dinas PUPR, tonight at DLH and the desk."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from aduan.accounts.models import User
from aduan.agencies.models import Agency, DutyShift

OFFICE_OPENS = time(7, 30)
OFFICE_CLOSES = time(16, 0)


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=ZoneInfo(settings.TIME_ZONE))


def this_weekend(today: date) -> date:
    """The Saturday of the coming weekend (of the current one on a Saturday or Sunday)."""
    if today.isoweekday() == 7:
        return today - timedelta(days=1)
    return today + timedelta(days=(6 - today.isoweekday()) % 7)


def build_roster(agencies: dict[str, Agency], people: dict[str, User]) -> list[DutyShift]:
    """Shifts around today, so the console's Piket page and the weekend alerts have something."""
    today = timezone.localdate()
    saturday = this_weekend(today)
    plan = [
        # (username, agency code, first day, start, last day, end, phone note)
        ("petugas_pupr", "dinas-pupr", saturday, time.min, saturday + timedelta(days=2),
         OFFICE_OPENS, "0812-0000-1001 (HP piket PUPR)"),
        ("pimpinan_pupr", "dinas-pupr", saturday + timedelta(days=7), time.min,
         saturday + timedelta(days=9), OFFICE_OPENS, ""),
        ("petugas_dlh", "dlh", today, OFFICE_CLOSES, today + timedelta(days=1), OFFICE_OPENS,
         "0812-0000-2002"),
        ("verifikator", "ruang-kendali", today, OFFICE_CLOSES, today + timedelta(days=1),
         OFFICE_OPENS, "Ruang Kendali 021-5500-112"),
    ]  # fmt: skip
    shifts = []
    for username, code, first, start, last, end, phone in plan:
        shift = DutyShift(
            user=people[username],
            agency=agencies[code],
            starts_at=_at(first, start),
            ends_at=_at(last, end),
            phone_note=phone,
        )
        shift.full_clean()
        shift.save()
        shifts.append(shift)
    return shifts
