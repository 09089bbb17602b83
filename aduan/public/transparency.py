"""Public transparency: the monthly figures without personal data or rahasia complaints, and
open data (CSV, JSON) of public complaints, streamed so a million rows never sit in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aduan.agencies.models import Classification
from aduan.complaints.models import Complaint, ComplaintQuerySet
from aduan.complaints.states import PUBLIC_LABELS, Status
from aduan.lib import cells
from aduan.reports import monthly
from aduan.reports.figures import report_charts
from aduan.reports.period import InvalidMonth, Month

CACHE_SECONDS = 3600
CHUNK = 2000
# Open data columns. Nothing about the reporter, no free text (a title or address may name a
# person), and the location rounded to 3 decimals (about 110 m) so a point does not single out a
# house.
COLUMNS = [
    "kode_lacak",
    "tanggal_diajukan",
    "klasifikasi",
    "kategori",
    "kode_kelurahan",
    "kelurahan",
    "status",
    "instansi",
    "kanal",
    "tanggal_selesai",
    "lintang",
    "bujur",
]
_FIELDS = (
    "tracking_code",
    "created_at",
    "classification",
    "category__name",
    "area_id",
    "area__name",
    "status",
    "agency__name",
    "channel__name",
    "resolved_at",
    "latitude",
    "longitude",
)
_PLACES = Decimal("0.001")


def _month(request: HttpRequest) -> Month:
    raw = request.GET.get("bulan")
    return Month.parse(raw) if raw else Month.containing(timezone.localdate()).previous


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    try:
        month = _month(request)
    except InvalidMonth as exc:
        return render(
            request,
            "public/transparency.html",
            {"error": str(exc), "month_value": request.GET.get("bulan", ""), "has_errors": True},
            status=400,
        )
    language = translation.get_language() or "id"
    key = f"transparency:{month}:{language}"
    body = cache.get(key)
    if body is None:
        report = monthly.build(
            month,
            base=Complaint.objects.in_public_figures(),
            figures_where=Q(complaint__is_confidential=False) & ~Q(complaint__status=Status.MERGED),
        )
        body = render_to_string(
            "public/transparency_body.html",
            {"report": report, "charts": report_charts(report, links=False), "links": False},
        )
        # Past months do not change often; the current one is recomputed every hour.
        cache.set(key, body, CACHE_SECONDS)
    return render(
        request,
        "public/transparency.html",
        {"body": body, "month": month, "month_value": str(month)},
    )


def _open_data(request: HttpRequest) -> ComplaintQuerySet | None:
    qs = Complaint.objects.public()
    if request.GET.get("bulan"):
        try:
            month = Month.parse(request.GET["bulan"])
        except InvalidMonth:
            return None
        start, end = month.bounds()
        qs = qs.filter(created_at__gte=start, created_at__lt=end)
    return qs.order_by("id")


def _day(value: datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _round(value: Decimal | None) -> float | None:
    return float(value.quantize(_PLACES, rounding=ROUND_HALF_UP)) if value is not None else None


def open_rows(qs: ComplaintQuerySet) -> Iterator[dict[str, Any]]:
    classes = {k: str(v) for k, v in Classification.choices}
    for (
        code,
        created,
        classification,
        category,
        area_code,
        area,
        status,
        agency,
        channel,
        resolved,
        lat,
        lon,
    ) in qs.values_list(*_FIELDS).iterator(chunk_size=CHUNK):
        yield {
            "kode_lacak": code,
            "tanggal_diajukan": _day(created),
            "klasifikasi": classes.get(classification, classification),
            "kategori": category,
            "kode_kelurahan": area_code or "",
            "kelurahan": area or "",
            "status": str(PUBLIC_LABELS.get(status, "")),
            "instansi": agency or "",
            "kanal": channel,
            "tanggal_selesai": _day(resolved),
            "lintang": _round(lat),
            "bujur": _round(lon),
        }


def _csv(qs: ComplaintQuerySet) -> Iterator[str]:
    yield "\ufeff" + cells.csv_line(COLUMNS)
    for row in open_rows(qs):
        yield cells.csv_line(["" if row[c] is None else row[c] for c in COLUMNS])


def _json(qs: ComplaintQuerySet) -> Iterator[str]:
    yield '{"lisensi": "CC BY 4.0", "kolom": ' + json.dumps(COLUMNS) + ', "data": ['
    first = True
    for row in open_rows(qs):
        yield ("" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]}\n"


def _bad_month() -> HttpResponse:
    return HttpResponse(
        _("Bulan harus ditulis TTTT-BB, misalnya 2026-07."),
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def open_data_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    qs = _open_data(request)
    if qs is None:
        return _bad_month()
    response = StreamingHttpResponse(_csv(qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="aduan.csv"'
    return response


@require_GET
def open_data_json(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    qs = _open_data(request)
    if qs is None:
        return _bad_month()
    return StreamingHttpResponse(_json(qs), content_type="application/json; charset=utf-8")
