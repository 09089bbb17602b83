"""Staff exports of a filtered complaint list (CSV streamed, XLSX bounded): never identity fields.

The columns are fixed here and contain nothing about the reporter; every export is written to
the audit log with its filters and row count. Every cell goes through `aduan.lib.cells`, so a
title cannot become a formula in the officer's spreadsheet.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from aduan.agencies.models import Classification
from aduan.audit.log import record
from aduan.complaints.models import ComplaintQuerySet
from aduan.complaints.states import PUBLIC_LABELS, Status
from aduan.lib import cells

XLSX_LIMIT = 100_000  # a spreadsheet of more rows is unusable; CSV has no limit
CHUNK = 2000
HEADER = [
    "kode_lacak",
    "diajukan",
    "klasifikasi",
    "kategori",
    "status",
    "status_publik",
    "instansi",
    "unit_kerja",
    "kode_wilayah",
    "wilayah",
    "kanal",
    "batas_waktu",
    "selesai",
    "ditutup",
    "penilaian",
    "rahasia",
    "judul",
]
_FIELDS = (
    "tracking_code",
    "created_at",
    "classification",
    "category__name",
    "status",
    "agency__name",
    "unit__name",
    "area_id",
    "area__name",
    "channel__name",
    "due_at",
    "resolved_at",
    "closed_at",
    "rating",
    "is_confidential",
    "title",
)
_CLASS = {k: str(v) for k, v in Classification.choices}
_STATUS = {k: str(v) for k, v in Status.choices}


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(qs: ComplaintQuerySet) -> Iterator[list[Any]]:
    values = qs.order_by("-created_at", "-id").values_list(*_FIELDS)
    for (
        code,
        created,
        classification,
        category,
        status,
        agency,
        unit,
        area_code,
        area,
        channel,
        due,
        resolved,
        closed,
        rating,
        confidential,
        title,
    ) in values.iterator(chunk_size=CHUNK):
        yield [
            code,
            _when(created),
            _CLASS.get(classification, classification),
            category or "",
            _STATUS.get(status, status),
            str(PUBLIC_LABELS.get(status, "")),
            agency or "",
            unit or "",
            area_code or "",
            area or "",
            channel,
            _when(due),
            _when(resolved),
            _when(closed),
            rating or "",
            "ya" if confidential else "tidak",
            title,
        ]


def csv_stream(qs: ComplaintQuerySet) -> Iterator[str]:
    yield "\ufeff" + cells.csv_line(HEADER)
    for row in rows(qs):
        yield cells.csv_line(row)


def xlsx_bytes(qs: ComplaintQuerySet) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Aduan")
    cells.append(sheet, HEADER)
    for row in rows(qs):
        cells.append(sheet, row)
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        return handle.read()


def log_export(*, user: Any, filters: dict[str, Any], count: int, fmt: str, ip: str | None) -> None:
    record(
        actor=user,
        action="export.complaints",
        object_type="complaints.complaint",
        after={"filters": filters, "count": count, "format": fmt},
        ip=ip,
    )


def as_text(stream: Iterator[str]) -> str:
    """The whole CSV as one string (tests and small exports)."""
    out = io.StringIO()
    for chunk in stream:
        out.write(chunk)
    return out.getvalue()
