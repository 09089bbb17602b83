"""A small month of complaints built by hand, where every figure of the July 2026 report is known.

Rows are created directly (not through actions) because the report only reads them and the exact
timestamps are the point. All times are Western Indonesian Time (UTC+7); July 2026 has no holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from aduan.agencies.models import Agency, Category, DeadlineRule, Step
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.lib.codes import ALPHABET
from aduan.testing import City

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 8, 10, 12, 0, tzinfo=WIB)
_numbers = count(1)


def _code(n: int) -> str:
    """A valid tracking code, different for every n (ADU-TST-<n in the code alphabet>-XXX)."""
    digits = ""
    for _ in range(3):
        n, rest = divmod(n, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return f"ADU-TST-{digits}-XXX"


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def make(city: City, **values: Any) -> Complaint:
    values.setdefault("category", city.road)
    values.setdefault("classification", "complaint")
    values.setdefault("area", city.kelurahan)
    values.setdefault("status", Status.CLOSED)
    values.setdefault("title", "Aduan uji")
    values.setdefault("description", "Uraian aduan uji")
    values.setdefault("tracking_code", _code(next(_numbers)))
    if values.get("agency") is not None:
        values.setdefault("assigned_path", values["agency"].path)
    created = values["created_at"]
    values.setdefault("routed_at", created if values.get("agency") is not None else None)
    # Routed by a person at the desk, so published from then on (none is auto-routed here).
    values.setdefault("published_at", values["routed_at"])
    if values.pop("located", False):
        values["latitude"], values["longitude"] = Decimal("-6.178300"), Decimal("106.631900")
    if "channel" in values:
        values["channel_id"] = values.pop("channel")
    return Complaint.objects.create(**values)


@dataclass
class July:
    agency_c: Agency
    codes: dict[str, str]


def build_july(city: City) -> July:
    """Twelve complaints received in July, eight completed in July, and neighbours in June/August."""
    agency_c = Agency.objects.create(
        code="kel-sukarasa", name="Kelurahan Sukarasa", kind=Agency.Kind.VILLAGE, parent=city.root
    )
    rubbish: Category = city.rubbish
    # Rubbish must be cleared within 24 hours around the clock.
    DeadlineRule.objects.create(
        step=Step.COMPLETION, category=rubbish, amount=24, unit=DeadlineRule.Unit.HOURS
    )
    a, b = city.agency_a, city.agency_b
    k2 = city.kelurahan_2
    rows = {
        "A1": make(
            city,
            agency=a,
            created_at=at(7, 1, 8),
            first_response_at=at(7, 1, 9),
            resolved_at=at(7, 1, 10),
            rating=5,
            located=True,
        ),
        "A2": make(
            city,
            agency=a,
            area=k2,
            channel="whatsapp",
            status=Status.RESOLVED,
            created_at=at(7, 2, 8),
            first_response_at=at(7, 2, 12),
            resolved_at=at(7, 6, 8),
            rating=3,
        ),
        "A3": make(
            city,
            agency=a,
            created_at=at(7, 6, 8),
            first_response_at=at(7, 6, 10),
            resolved_at=at(7, 7, 14),
            paused_seconds=10 * 3600,
            located=True,
        ),
        "A4": make(
            city,
            agency=a,
            channel="email",
            created_at=at(7, 1, 8),
            first_response_at=at(7, 1, 16),
            resolved_at=at(7, 22, 10),
            rating=1,
            located=True,
        ),
        "B1": make(
            city,
            agency=b,
            category=rubbish,
            area=k2,
            created_at=at(7, 10, 20),
            first_response_at=at(7, 10, 20, 30),
            resolved_at=at(7, 10, 20, 45),
            rating=4,
            located=True,
        ),
        "B2": make(
            city,
            agency=b,
            category=rubbish,
            area=None,
            status=Status.RESOLVED,
            created_at=at(7, 11, 10),
            first_response_at=at(7, 11, 11),
            resolved_at=at(7, 12, 12),
        ),
        "C1": make(
            city,
            agency=agency_c,
            category=rubbish,
            channel="sms",
            created_at=at(7, 14, 9),
            first_response_at=at(7, 14, 9, 10),
            resolved_at=at(7, 14, 9, 30),
            rating=5,
        ),
        # Received in June, completed on 1 July: completed in July, received in June.
        "X1": make(
            city,
            agency=a,
            created_at=at(6, 30, 10),
            first_response_at=at(6, 30, 11),
            resolved_at=at(7, 1, 10),
            rating=4,
        ),
        # Received late on 31 July (16:30 UTC), completed in August.
        "X2": make(
            city,
            agency=a,
            status=Status.RESOLVED,
            created_at=at(7, 31, 23, 30),
            first_response_at=at(8, 3, 8),
            resolved_at=at(8, 3, 9),
            due_at=at(8, 17),
        ),
        # 00:30 on 1 August local time is still 31 July in UTC: not July.
        "X3": make(city, status=Status.SUBMITTED, area=None, created_at=at(8, 1, 0, 30)),
        "R1": make(
            city,
            category=rubbish,
            area=None,
            status=Status.REJECTED,
            created_at=at(7, 15, 9),
            reject_reason="spam",
        ),
        "M1": make(city, area=None, status=Status.MERGED, created_at=at(7, 16, 9)),
        "O1": make(
            city,
            agency=b,
            category=rubbish,
            area=k2,
            status=Status.IN_PROGRESS,
            created_at=at(7, 20, 9),
            first_response_at=at(7, 20, 10),
            due_at=at(7, 25, 0),
        ),
        # Waiting for the citizen: past its due time but paused, so not overdue.
        "O2": make(
            city,
            agency=a,
            status=Status.NEEDS_INFO,
            created_at=at(7, 21, 9),
            due_at=at(7, 28),
            paused_at=at(7, 22, 9),
        ),
        # June, completed on time by agency B: July's 50% is a slip.
        "P1": make(
            city,
            agency=b,
            category=rubbish,
            created_at=at(6, 10, 9),
            first_response_at=at(6, 10, 9, 30),
            resolved_at=at(6, 10, 10),
        ),
    }
    return July(agency_c, {name: c.tracking_code for name, c in rows.items()})
