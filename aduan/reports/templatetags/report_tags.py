"""Number formatting for reports (Indonesian decimal comma) and links to the complaint list."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse

from aduan.reports.scores import describe

register = template.Library()


@register.filter
def dec(value: Any, places: int = 1) -> str:
    """12.345 → "12,3"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value):,.{int(places)}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


@register.filter
def pct(value: Any, places: int = 1) -> str:
    return "—" if value is None else dec(value, places) + "%"


def complaint_list_url(filters: dict[str, str]) -> str:
    """The staff console's list of every visible complaint, filtered like the number it explains."""
    try:
        base = reverse("staff:queue", args=["semua"])
    except NoReverseMatch:
        return ""
    query = urlencode({k: v for k, v in filters.items() if v})
    return f"{base}?{query}" if query else base


@register.simple_tag(takes_context=True)
def list_url(context: template.Context, filters: dict[str, str]) -> str:
    if not context.get("links", True):
        return ""
    url = complaint_list_url(filters)
    return str(context.get("link_base") or "") + url if url else ""


@register.simple_tag
def queue_cell(row: Any, key: str, filters: dict[str, str]) -> dict[str, Any]:
    """One cell of the dashboard's queue table: the count and the list filters behind it."""
    merged = dict(filters)
    if row.agency_id:
        merged["agency"] = str(row.agency_id)
    if key == "today":
        from django.utils import timezone

        merged["date_from"] = timezone.localdate().isoformat()
    return {"value": row.counts.get(key, 0), "filters": merged}


@register.simple_tag
def total_cell(totals: dict[str, int], key: str, filters: dict[str, str]) -> dict[str, Any]:
    merged = dict(filters)
    if key == "today":
        from django.utils import timezone

        merged["date_from"] = timezone.localdate().isoformat()
    return {"value": totals.get(key, 0), "filters": merged}


@register.filter
def predicates(formula: Any) -> str:
    """A formula's predicate bands in words: "Sangat Baik ≥ 90, Baik ≥ 80, …, Kurang di bawahnya"."""
    return describe(formula)
