"""Rows of the report's count tables: a label, a count, its share, and the complaint list behind it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass
class Row:
    """One line of a table: what, how many, its share of the table's total, and the filters of the
    complaint list behind the number (for links)."""

    label: str
    count: int
    share: float = 0.0
    filters: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def pct(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def rows(
    counts: list[tuple[Any, int]],
    labels: dict[Any, str],
    key: str,
    total: int,
    dates: dict[str, str],
) -> list[Row]:
    out = []
    for value, count in counts:
        filters = dict(dates)
        if value is not None:
            filters[key] = str(value)
        out.append(Row(labels.get(value, str(value or "—")), count, pct(count, total), filters))
    return out


def groups(
    counts: list[tuple[Any, int]],
    names: dict[Any, str],
    groups: dict[Any, str],
    total: int,
    dates: dict[str, str],
) -> list[Row]:
    """Totals by category group, largest first, each with its categories (the drill-down)."""
    sums: Counter[str] = Counter()
    for category, n in counts:
        sums[groups.get(category, "")] += n
    out = []
    for group, n in sorted(sums.items(), key=lambda kv: (-kv[1], kv[0])):
        # A group has no filter of its own in the complaint list: its number links nowhere.
        row = Row(group or str(_("Tanpa kelompok")), n, pct(n, total), {})
        row.extra["children"] = [
            Row(names.get(c, "—"), count, pct(count, total), {**dates, "category": str(c)})
            for c, count in counts
            if groups.get(c, "") == group
        ]
        out.append(row)
    return out
