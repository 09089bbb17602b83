"""Public endpoints: categories, areas, channels, submitting a complaint with photos and a location,
tracking it by code (and the reporter's key), answering, confirming or disputing, supporting.

The same rules as the citizen website: only published complaints are readable by anyone, rahasia
ones never (a code that exists and one that does not get the same 404), the reporter's own actions
need the key the submission returned (or the secret link's key from a message), and every change
is a call to complaints.actions or complaints.support.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router

from aduan.agencies.models import Area, AreaLevel, Category, Classification
from aduan.api import auth
from aduan.api.problems import ApiProblem
from aduan.api.schemas import (
    AnswerIn,
    AreaOut,
    CategoryOut,
    ChannelOut,
    ConfirmIn,
    DisputeIn,
    PublicComplaintOut,
    StatusOut,
    SubmitIn,
    SubmittedOut,
    SupportIn,
    SupportOut,
)
from aduan.complaints import actions, support
from aduan.complaints.channels import Channel
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.complaints.states import PUBLIC_LABELS, Status
from aduan.lib import codes, nik, phone, ratelimit
from aduan.lib.images import CleanImage, ImageRejected, check_count, clean_image
from aduan.lib.signing import check_reporter_token, reporter_token

router = Router(tags=["publik"])
Kind = TimelineEntry.Kind
_PLACES = Decimal("0.001")
NOT_FOUND = "Kode lacak tidak ditemukan."
KeyHeader = Header(
    "",
    alias="X-Reporter-Key",
    description="Kunci rahasia pelapor (dari jawaban pengiriman atau tautan rahasia).",
)


def _rounded(value: Decimal | None) -> float | None:
    # About 110 m: a point on the public record does not single out a house.
    return float(value.quantize(_PLACES, rounding=ROUND_HALF_UP)) if value is not None else None


def photo_count(count: int, field: str = "body.photos") -> None:
    """The one photo limit of every form (ADUAN_MAX_PHOTOS); more is a 422."""
    try:
        check_count(count)
    except ValidationError as exc:
        message = " ".join(exc.messages)
        raise ApiProblem(
            "invalid-input", message, errors=[{"field": field, "message": message}]
        ) from None


def _photos(items: list[str], kind: str = "photo", *, counted: bool = False) -> list[CleanImage]:
    """Base64 photos through the one image cleaner of the website; the first bad one is a 422."""
    if not counted:
        photo_count(len(items))
    cleaned = []
    for index, text in enumerate(items):
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ApiProblem(
                "invalid-input",
                _("Foto ke-%(n)d bukan base64 yang sah.") % {"n": index + 1},
                errors=[{"field": f"body.photos.{index}", "message": _("Bukan base64.")}],
            ) from None
        try:
            cleaned.append(clean_image(raw, kind=kind))
        except ImageRejected as exc:
            raise ApiProblem(
                "invalid-input",
                exc.message,
                errors=[{"field": f"body.photos.{index}", "message": exc.message}],
            ) from None
    return cleaned


# ---------------------------------------------------------------------------------------------
# Reference data


def _location_required(classification: str) -> bool:
    return classification not in (Classification.ASPIRATION, Classification.INFORMATION)


@router.get("/categories", response=list[CategoryOut], summary="Kategori aduan yang aktif")
def categories(request: HttpRequest) -> list[dict[str, Any]]:
    auth.public_client(request)
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "group": c.group,
            "description": c.description,
            "default_classification": c.default_classification,
            "is_emergency": c.is_emergency,
            "hotline_text": c.hotline_text,
            "is_urgent": c.is_urgent,
            "is_sensitive": c.is_sensitive,
            "asks_for_nik": c.asks_for_nik,
            "location_required": _location_required(c.default_classification),
        }
        for c in Category.objects.filter(is_active=True)
    ]


@router.get("/areas", response=list[AreaOut], summary="Wilayah: kecamatan dan kelurahan/desa")
def areas(
    request: HttpRequest,
    parent: str = Query("", max_length=20, description="Hanya anak wilayah dengan kode ini."),
    level: str = Query("", max_length=10, description="province, regency, district, village"),
) -> list[dict[str, Any]]:
    auth.public_client(request)
    qs = Area.objects.all().order_by("code")
    if parent:
        qs = qs.filter(parent_id=parent)
    if level:
        if level not in AreaLevel.values:
            raise ApiProblem(
                "invalid-input",
                _("Tingkat wilayah harus salah satu dari: %(values)s.")
                % {"values": ", ".join(AreaLevel.values)},
                errors=[{"field": "query.level", "message": _("Nilai tidak dikenal.")}],
            )
        qs = qs.filter(level=level)
    return [
        {"code": a.code, "name": a.name, "level": a.level, "parent": a.parent_id}
        for a in qs.only("code", "name", "level", "parent_id")
    ]


@router.get("/channels", response=list[ChannelOut], summary="Kanal aduan kota ini")
def channels(request: HttpRequest) -> list[dict[str, Any]]:
    auth.public_client(request)
    return [{"code": c.code, "name": c.name, "kind": c.kind} for c in Channel.objects.active()]


# ---------------------------------------------------------------------------------------------
# Submit


def _reporter(data: SubmitIn, asks_for_nik: bool, language: str) -> actions.ReporterDetails | None:
    r = data.reporter
    if r is None:
        return None
    errors = []
    number = ""
    if r.phone:
        number = phone.normalise(r.phone) or ""
        if not number:
            errors.append(
                {
                    "field": "body.reporter.phone",
                    "message": _("Tuliskan nomor telepon Indonesia yang benar."),
                }
            )
    email = r.email.strip()
    if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
        errors.append({"field": "body.reporter.email", "message": _("Alamat email tidak sah.")})
    value = nik.clean(r.nik) if r.nik and asks_for_nik else ""
    if value and not nik.is_valid(value):
        errors.append(
            {"field": "body.reporter.nik", "message": _("NIK harus 16 angka sesuai KTP.")}
        )
    if errors:
        raise ApiProblem("invalid-input", _("Periksa data pelapor."), errors=errors)
    return actions.ReporterDetails(
        name=r.name.strip(),
        email=email,
        phone=number,
        phone_channel=r.phone_channel,
        nik=value,
        language=language,
    )


@router.post(
    "/complaints",
    response={201: SubmittedOut},
    summary="Kirim aduan (dengan foto dan lokasi)",
)
def submit(request: HttpRequest, data: SubmitIn) -> tuple[int, dict[str, Any]]:
    ip = ratelimit.client_ip(request)
    auth.limited(request, f"api:submit:ip:{ip}", auth.SUBMISSIONS_PER_HOUR, 3600)
    category = Category.objects.filter(slug=data.category, is_active=True).first()
    if category is None:
        raise ApiProblem(
            "invalid-input",
            _("Kategori tidak dikenal. Pilih dari GET /categories."),
            errors=[{"field": "body.category", "message": _("Kategori tidak dikenal.")}],
        )
    classification = data.classification or category.default_classification
    area = None
    if data.area:
        area = Area.objects.filter(code=data.area, level=AreaLevel.VILLAGE).first()
        if area is None:
            raise ApiProblem(
                "invalid-input",
                _("Kelurahan/desa tidak dikenal. Pilih dari GET /areas?level=village."),
                errors=[{"field": "body.area", "message": _("Wilayah tidak dikenal.")}],
            )
    elif _location_required(classification):
        raise ApiProblem(
            "invalid-input",
            _("Sebutkan kelurahan/desa tempat kejadian."),
            errors=[{"field": "body.area", "message": _("Wajib diisi.")}],
        )
    if (data.latitude is None) != (data.longitude is None):
        raise ApiProblem(
            "invalid-input",
            _("Kirim lintang dan bujur bersama-sama."),
            errors=[{"field": "body.longitude", "message": _("Lintang dan bujur berpasangan.")}],
        )
    latitude = longitude = None
    if data.latitude is not None and data.longitude is not None:
        latitude = Decimal(str(round(data.latitude, 6)))
        longitude = Decimal(str(round(data.longitude, 6)))
        inside = Decimal("-11.5") <= latitude <= Decimal("6.5") and Decimal(
            "94.5"
        ) <= longitude <= Decimal("141.5")
        if not inside:
            raise ApiProblem(
                "invalid-input",
                _("Titik berada di luar Indonesia."),
                errors=[{"field": "body.latitude", "message": _("Di luar Indonesia.")}],
            )
    if not (data.occurred_on or data.occurred_time.strip()):
        raise ApiProblem(
            "invalid-input",
            _("Isi tanggal kejadian, atau tuliskan perkiraan waktunya."),
            errors=[{"field": "body.occurred_on", "message": _("Wajib diisi.")}],
        )
    language = "en" if str(getattr(request, "LANGUAGE_CODE", "id")).startswith("en") else "id"
    reporter = _reporter(data, category.asks_for_nik, language)
    if reporter is not None and not ratelimit.contact_allowed(
        "submit", email=reporter.email, phone=reporter.phone, limit=20, window=86400
    ):
        raise ApiProblem(
            "rate-limited",
            _("Terlalu banyak aduan dengan nomor telepon atau email ini hari ini."),
            headers={"Retry-After": "86400"},
        )
    photos = _photos(data.photos)
    complaint = actions.submit_complaint(
        by=None,
        category=category,
        classification=classification,
        title=data.title,
        description=data.description,
        occurred_on=data.occurred_on,
        occurred_time=data.occurred_time.strip(),
        parties_involved=data.parties_involved.strip(),
        area=area,
        address=data.address.strip(),
        latitude=latitude,
        longitude=longitude,
        channel=Channel.API,
        is_anonymous=data.is_anonymous,
        is_confidential=data.is_confidential,
        reporter=reporter or actions.ReporterDetails(),
        photos=photos,
        consent_version=settings.ADUAN_PRIVACY_NOTICE_VERSION,
        ip=ip,
    )
    return 201, {
        "tracking_code": complaint.tracking_code,
        "reporter_key": reporter_token(complaint.tracking_code),
        "status": complaint.status,
        "public_status": complaint.public_status,
        "url": request.build_absolute_uri(
            reverse("public:tracking", args=[complaint.tracking_code])
        ),
    }


# ---------------------------------------------------------------------------------------------
# Track, and the reporter's answers


def _find(code: str) -> Complaint:
    normal = codes.normalise(code) if "\x00" not in code else None
    complaint = (
        Complaint.objects.select_related("category", "area", "agency", "unit", "channel")
        .filter(tracking_code=normal)
        .first()
        if normal
        else None
    )
    if complaint is None:
        raise ApiProblem("not-found", _(NOT_FOUND))
    return complaint


def _is_reporter(complaint: Complaint, key: str) -> bool:
    if not key:
        return False
    if len(key) > 200 or "\x00" in key or not check_reporter_token(key, complaint.tracking_code):
        if complaint.is_confidential:
            raise ApiProblem("not-found", _(NOT_FOUND))
        raise ApiProblem("forbidden", _("Kunci pelapor ini tidak sah untuk aduan ini."))
    return True


def _latest(complaint: Complaint, kind: str) -> str:
    entry = (
        complaint.timeline.filter(kind=kind, is_public=True).order_by("-created_at", "-id").first()
    )
    return entry.message if entry else ""


def _photo_urls(request: HttpRequest, entry: TimelineEntry) -> list[dict[str, str]]:
    return [
        {
            "url": request.build_absolute_uri(reverse("public:attachment", args=[a.pk])),
            "kind": a.kind,
        }
        for a in entry.attachments.all()
        if a.is_public
    ]


def _public_view(request: HttpRequest, complaint: Complaint, reporter: bool) -> dict[str, Any]:
    published = Complaint.objects.published().filter(pk=complaint.pk).exists()
    details = published or (reporter and not complaint.is_confidential)
    timeline: list[dict[str, Any]] = []
    if details:
        for e in (
            complaint.timeline.filter(is_public=True)
            .prefetch_related("attachments")
            .order_by("created_at", "id")
        ):
            timeline.append(
                {
                    "kind": e.kind,
                    "label": e.get_kind_display(),
                    "at": e.created_at,
                    "author": e.author_label,
                    "message": e.message if reporter else e.public_message,
                    "photos": _photo_urls(request, e) if published else [],
                }
            )
    return {
        "tracking_code": complaint.tracking_code,
        "classification": complaint.classification,
        "category": complaint.category.slug,
        "category_name": complaint.category.name,
        "status": complaint.status,
        "public_status": complaint.public_status,
        "title": complaint.title if details else "",
        "description": complaint.description if details else "",
        "area": complaint.area_id if details else None,
        "area_name": complaint.area.name if details and complaint.area else "",
        "address": complaint.address if details else "",
        "latitude": _rounded(complaint.latitude) if details else None,
        "longitude": _rounded(complaint.longitude) if details else None,
        "agency": str(complaint.agency) if complaint.agency else "",
        "channel": complaint.channel.name,
        "support_count": complaint.support_count,
        "created_at": complaint.created_at,
        "resolved_at": complaint.resolved_at,
        "is_reporter": reporter,
        "question": _latest(complaint, Kind.INFO_REQUESTED)
        if reporter and complaint.status == Status.NEEDS_INFO
        else "",
        "resolution": _latest(complaint, Kind.RESOLVED)
        if reporter and complaint.status == Status.RESOLVED
        else "",
        "timeline": timeline,
    }


@router.get(
    "/complaints/{code}",
    response=PublicComplaintOut,
    summary="Lacak aduan dengan kode lacak (dan kunci pelapor)",
)
def track(request: HttpRequest, code: str, reporter_key: str = KeyHeader) -> dict[str, Any]:
    auth.public_client(request)
    complaint = _find(code)
    reporter = _is_reporter(complaint, reporter_key)
    if complaint.is_confidential and not reporter:
        raise ApiProblem("not-found", _(NOT_FOUND))
    return _public_view(request, complaint, reporter)


def _as_reporter(request: HttpRequest, code: str, key: str) -> Complaint:
    auth.public_client(request)
    complaint = _find(code)
    if not key:
        if complaint.is_confidential:
            raise ApiProblem("not-found", _(NOT_FOUND))
        raise ApiProblem(
            "forbidden", _("Hanya pelapor yang dapat melakukan ini: kirim X-Reporter-Key.")
        )
    _is_reporter(complaint, key)
    return complaint


def _status(complaint: Complaint) -> dict[str, Any]:
    return {
        "tracking_code": complaint.tracking_code,
        "status": complaint.status,
        "public_status": str(PUBLIC_LABELS[complaint.status]),
    }


@router.post("/complaints/{code}/answer", response=StatusOut, summary="Pelapor menjawab pertanyaan")
def answer(
    request: HttpRequest, code: str, data: AnswerIn, reporter_key: str = KeyHeader
) -> dict[str, Any]:
    complaint = _as_reporter(request, code, reporter_key)
    done = actions.provide_info(
        complaint,
        by=actions.VIA_SECRET_LINK,
        answer=data.answer,
        photos=_photos(data.photos),
        public=data.public and not complaint.is_confidential,
        ip=ratelimit.client_ip(request),
    )
    return _status(done)


@router.post(
    "/complaints/{code}/confirm", response=StatusOut, summary="Pelapor mengonfirmasi penyelesaian"
)
def confirm(
    request: HttpRequest, code: str, data: ConfirmIn, reporter_key: str = KeyHeader
) -> dict[str, Any]:
    complaint = _as_reporter(request, code, reporter_key)
    done = actions.confirm_resolution(
        complaint,
        by=actions.VIA_SECRET_LINK,
        rating=data.rating,
        comment=data.comment,
        public=data.public and not complaint.is_confidential,
        ip=ratelimit.client_ip(request),
    )
    return _status(done)


@router.post(
    "/complaints/{code}/dispute", response=StatusOut, summary="Pelapor menyanggah penyelesaian"
)
def dispute(
    request: HttpRequest, code: str, data: DisputeIn, reporter_key: str = KeyHeader
) -> dict[str, Any]:
    complaint = _as_reporter(request, code, reporter_key)
    done = actions.dispute_resolution(
        complaint,
        by=actions.VIA_SECRET_LINK,
        reason=data.reason,
        photos=_photos(data.photos),
        public=data.public and not complaint.is_confidential,
        ip=ratelimit.client_ip(request),
    )
    return _status(done)


@router.post("/complaints/{code}/support", response=SupportOut, summary="Dukung aduan publik (+1)")
def support_it(request: HttpRequest, code: str, data: SupportIn) -> dict[str, Any]:
    ip = ratelimit.client_ip(request)
    auth.limited(request, f"api:dukung:ip:{ip}", auth.SUPPORTS_PER_HOUR, 3600)
    complaint = _find(code)
    if not Complaint.objects.public().filter(pk=complaint.pk).exists():
        raise ApiProblem("not-found", _(NOT_FOUND))
    # One support per device the app names, or per address when it names none.
    who = data.device.strip() or f"ip:{ip}"
    browser_key = "api:" + hashlib.sha256(f"{settings.SECRET_KEY}:{who}".encode()).hexdigest()[:56]
    outcome = support.support_complaint(complaint, by=None, browser_key=browser_key, ip=ip)
    return {"counted": outcome.counted, "support_count": outcome.support_count}
