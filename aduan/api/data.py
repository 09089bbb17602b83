"""Read-only data for integrators: the public archive of complaints and the open data rows.

Only what the public website shows: published, never rahasia, never merged away, never rejected,
and never anything about the reporter. Open data rows carry no free text at all and locations
rounded to about 110 m, exactly as the open data files of the transparency page.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from aduan.api import auth, paging
from aduan.api.problems import ApiProblem
from aduan.complaints.models import Complaint, ComplaintQuerySet
from aduan.complaints.states import PUBLIC_LABELS, Status
from aduan.public.transparency import open_rows
from aduan.reports.period import InvalidMonth, Month

router = Router(tags=["data"])
_PLACES = Decimal("0.001")


class ArchiveItem(Schema):
    tracking_code: str
    title: str
    category: str
    category_name: str
    status: str
    public_status: str
    area: str | None
    area_name: str
    agency: str
    channel: str
    latitude: float | None
    longitude: float | None
    support_count: int
    created_at: Any
    resolved_at: Any


class ArchivePage(paging.PageSchema):
    items: list[ArchiveItem]


class OpenRow(Schema):
    kode_lacak: str
    tanggal_diajukan: str
    klasifikasi: str
    kategori: str
    kode_kelurahan: str
    kelurahan: str
    status: str
    instansi: str
    kanal: str
    tanggal_selesai: str
    lintang: float | None
    bujur: float | None


class OpenPage(paging.PageSchema):
    items: list[OpenRow]


def _rounded(value: Decimal | None) -> float | None:
    return float(value.quantize(_PLACES, rounding=ROUND_HALF_UP)) if value is not None else None


def _no_nul(**values: str) -> None:
    for name, value in values.items():
        if "\x00" in value:
            raise ApiProblem(
                "invalid-input",
                _("Teks tidak boleh memuat karakter NUL."),
                errors=[{"field": f"query.{name}", "message": _("Memuat NUL.")}],
            )


def _filtered(category: str, area: str, status: str, month: str) -> ComplaintQuerySet:
    _no_nul(category=category, area=area, status=status, month=month)
    qs = Complaint.objects.public()
    if category:
        qs = qs.filter(category__slug=category)
    if area:
        qs = qs.filter(Q(area_id=area) | Q(area__code__startswith=area + "."))
    if status:
        if status not in Status.values:
            raise ApiProblem(
                "invalid-input",
                _("Status tidak dikenal."),
                errors=[{"field": "query.status", "message": _("Nilai tidak dikenal.")}],
            )
        qs = qs.filter(status=status)
    if month:
        try:
            start, end = Month.parse(month).bounds()
        except InvalidMonth:
            raise ApiProblem(
                "invalid-input",
                _("Bulan harus ditulis TTTT-BB, misalnya 2026-07."),
                errors=[{"field": "query.month", "message": _("Format TTTT-BB.")}],
            ) from None
        qs = qs.filter(created_at__gte=start, created_at__lt=end)
    return qs


@router.get("/public/complaints", response=ArchivePage, summary="Arsip aduan publik")
def archive(
    request: HttpRequest,
    category: str = Query("", max_length=60),
    area: str = Query("", max_length=20, description="Kode kecamatan atau kelurahan."),
    status: str = Query("", max_length=12),
    month: str = Query("", max_length=7, description="TTTT-BB: diajukan pada bulan ini."),
    cursor: str = Query("", max_length=500),
    limit: int = Query(paging.DEFAULT_LIMIT, ge=1, le=paging.MAX_LIMIT),
) -> dict[str, Any]:
    auth.public_client(request)
    qs = _filtered(category, area, status, month).select_related(
        "category", "area", "agency", "channel"
    )
    return paging.page(
        qs,
        cursor=cursor,
        limit=limit,
        shape=lambda c: {
            "tracking_code": c.tracking_code,
            "title": c.title,
            "category": c.category.slug,
            "category_name": c.category.name,
            "status": c.status,
            "public_status": str(PUBLIC_LABELS[c.status]),
            "area": c.area_id,
            "area_name": c.area.name if c.area else "",
            "agency": str(c.agency) if c.agency else "",
            "channel": c.channel.name,
            "latitude": _rounded(c.latitude),
            "longitude": _rounded(c.longitude),
            "support_count": c.support_count,
            "created_at": c.created_at,
            "resolved_at": c.resolved_at,
        },
    )


@router.get("/data/complaints", response=OpenPage, summary="Data terbuka aduan (tanpa teks)")
def open_data(
    request: HttpRequest,
    month: str = Query("", max_length=7, description="TTTT-BB: diajukan pada bulan ini."),
    cursor: str = Query("", max_length=500),
    limit: int = Query(paging.DEFAULT_LIMIT, ge=1, le=paging.MAX_LIMIT),
) -> dict[str, Any]:
    auth.public_client(request)
    qs = _filtered("", "", "", month)
    result = paging.page(qs.only("pk"), cursor=cursor, limit=limit, shape=lambda c: c.pk)
    ids = result["items"]
    rows = {r["kode_lacak"]: r for r in open_rows(qs.filter(pk__in=ids))}
    codes = dict(Complaint.objects.filter(pk__in=ids).values_list("pk", "tracking_code"))
    result["items"] = [rows[codes[pk]] for pk in ids if codes.get(pk) in rows]
    return result
