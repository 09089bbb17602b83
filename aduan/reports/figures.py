"""What the report pages and files show besides the numbers: charts built from a report."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.safestring import SafeString

from aduan.agencies.models import Area, AreaLevel
from aduan.complaints.models import ComplaintQuerySet
from aduan.reports.charts import Point, Region, bars, choropleth
from aduan.reports.monthly import MonthlyReport, Row
from aduan.reports.templatetags.report_tags import complaint_list_url, dec


def _points(rows: list[Row], share: bool = False) -> list[Point]:
    return [
        Point(r.label, r.count, f"{r.count} ({dec(r.share)}%)" if share else str(r.count))
        for r in rows
    ]


def area_map(
    counts: dict[str, int],
    *,
    title: str,
    desc: str,
    links: bool = True,
    extra: dict[str, str] | None = None,
) -> SafeString | None:
    """Kelurahan shaded by count; kecamatan when no kelurahan has an outline; None without shapes."""
    for level in (AreaLevel.VILLAGE, AreaLevel.DISTRICT):
        areas = list(
            Area.objects.filter(level=level)
            .exclude(shape="")
            .only("code", "name", "shape", "parent_id")
        )
        if not areas:
            continue
        regions = []
        for a in areas:
            value = counts.get(a.code, 0)
            if level == AreaLevel.DISTRICT:
                value = (
                    sum(n for code, n in counts.items() if code.startswith(a.code + ".")) + value
                )
            url = complaint_list_url({**(extra or {}), "area": a.code}) if links else ""
            regions.append(Region(a.code, a.name, a.shape, value, url))
        return choropleth(regions, title=title, desc=desc)
    return None


def area_counts(qs: ComplaintQuerySet) -> dict[str, int]:
    return dict(
        qs.exclude(area__isnull=True).order_by().values_list("area_id").annotate(n=Count("pk"))
    )


def report_charts(report: MonthlyReport, *, links: bool = True) -> dict[str, Any]:
    month = report.month.label
    kelurahan = {
        child.filters["area"]: child.count
        for row in report.by_area
        for child in row.extra.get("children", [])
    }
    return {
        "categories": bars(
            _points(report.top_categories),
            title=f"Lima kategori terbanyak, {month}",
            desc="Jumlah aduan yang diterima per kategori; angka yang sama ada di tabel.",
        ),
        "agencies": bars(
            _points(report.top_agencies),
            title=f"Lima instansi terbanyak, {month}",
            desc="Jumlah aduan yang diterima per instansi; angka yang sama ada di tabel.",
        ),
        "channels": bars(
            _points(report.by_channel, share=True),
            title=f"Aduan per kanal, {month}",
            desc="Jumlah dan persentase aduan per kanal; angka yang sama ada di tabel.",
        ),
        "bands": bars(
            _points(report.bands),
            title=f"Sebaran waktu penyelesaian (jam), {month}",
            desc="Jumlah aduan selesai per rentang 10 jam; angka yang sama ada di tabel.",
        ),
        "map": area_map(
            kelurahan,
            title=f"Peta aduan per wilayah, {month}",
            desc="Makin gelap makin banyak aduan; angka per wilayah ada di tabel wilayah.",
            links=links,
            extra={
                "date_from": report.month.first_day.isoformat(),
                "date_to": report.month.last_day.isoformat(),
            },
        ),
    }
