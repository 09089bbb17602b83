"""Staff endpoints: queues, a complaint, its timeline, and every action of the states table.

Exactly the console's rules, because they are the console's code: complaints come only through
complaints.access (another agency's complaint is a 404), changes only through complaints.actions
(the transition table, the permission check, the version check that makes a stale request a 409,
the timeline, the audit and the notifications). A personal token with the read scope reads; one
with the act scope also acts.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from aduan.accounts.apikeys import Scope
from aduan.agencies.models import Agency, Category
from aduan.api import paging
from aduan.api.auth import StaffToken, staff_user
from aduan.api.problems import ApiProblem
from aduan.api.public import _photos, photo_count
from aduan.api.schemas import (
    CoordinationIn,
    MergeIn,
    QueueOut,
    ReasonIn,
    RejectIn,
    ReopenIn,
    RequestInfoIn,
    ResolveIn,
    RouteIn,
    RouteToUnitIn,
    StaffComplaintOut,
    StaffEntryOut,
    UpdateIn,
    VerifyIn,
    Versioned,
)
from aduan.complaints import actions
from aduan.complaints.access import get_complaint_or_404, roles_on
from aduan.complaints.models import Complaint
from aduan.complaints.queues import QUEUES, Filters, apply_filters, queue_queryset, queues_for
from aduan.complaints.states import TRANSITIONS, Status, actions_from
from aduan.lib import codes, ratelimit

router = Router(tags=["staf"], auth=StaffToken(Scope.READ))
ACT = StaffToken(Scope.ACT)


def _complaint(request: HttpRequest, code: str) -> Complaint:
    """Through the walls: unknown, malformed and another agency's codes are the same 404."""
    normal = codes.normalise(code) if "\x00" not in code else None
    if normal is None:
        raise ApiProblem("not-found", _("Aduan tidak ditemukan."))
    return get_complaint_or_404(staff_user(request), normal)


def _allowed(user: Any, complaint: Complaint) -> list[str]:
    held = set(roles_on(user, complaint))
    names = []
    for name in actions_from(complaint.status):
        actors = TRANSITIONS[name].actors
        if held & actors or (name == "post_update" and "coordinator" in held):
            names.append(name)
    return names


def _shape(complaint: Complaint, user: Any | None = None) -> dict[str, Any]:
    c = complaint
    return {
        "tracking_code": c.tracking_code,
        "version": c.version,
        "status": c.status,
        "status_label": c.get_status_display(),
        "public_status": c.public_status,
        "classification": c.classification,
        "category": c.category.slug,
        "category_name": c.category.name,
        "complexity": c.complexity,
        "title": c.title,
        "description": c.description,
        "area": c.area_id,
        "area_name": c.area.name if c.area else "",
        "address": c.address,
        "latitude": float(c.latitude) if c.latitude is not None else None,
        "longitude": float(c.longitude) if c.longitude is not None else None,
        "channel": c.channel_id,
        "channel_name": c.channel.name,
        "agency": c.agency.code if c.agency else None,
        "unit": c.unit.code if c.unit else None,
        "step": c.step,
        "due_at": c.due_at,
        "is_overdue": c.is_overdue,
        "is_anonymous": c.is_anonymous,
        "is_confidential": c.is_confidential,
        "is_published": c.published_at is not None,
        "support_count": c.support_count,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "actions": _allowed(user, c) if user is not None else [],
    }


class ComplaintPage(paging.PageSchema):
    items: list[StaffComplaintOut]


@router.get("/queues", response=list[QueueOut], summary="Antrean kerja Anda")
def queues(request: HttpRequest) -> list[dict[str, str]]:
    return [{"slug": q.slug, "label": str(q.label)} for q in queues_for(staff_user(request))]


@router.get("/complaints", response=ComplaintPage, summary="Aduan dalam satu antrean, disaring")
def complaint_list(
    request: HttpRequest,
    queue: str = Query("semua", max_length=20, description="Slug antrean dari GET /staff/queues."),
    status: str = Query("", max_length=12),
    category: str = Query("", max_length=60, description="Kode kategori."),
    area: str = Query("", max_length=20, description="Kode kecamatan atau kelurahan."),
    channel: str = Query("", max_length=20, description="Kode kanal."),
    overdue: bool = False,
    q: str = Query("", max_length=200, description="Kode lacak atau kata dalam judul/uraian."),
    cursor: str = Query("", max_length=500),
    limit: int = Query(paging.DEFAULT_LIMIT, ge=1, le=paging.MAX_LIMIT),
) -> dict[str, Any]:
    user = staff_user(request)
    found = QUEUES.get(queue)
    if found is None or found not in queues_for(user):
        raise ApiProblem(
            "invalid-input",
            _("Antrean tidak dikenal. Pilih dari GET /staff/queues."),
            errors=[{"field": "query.queue", "message": _("Nilai tidak dikenal.")}],
        )
    if status and status not in Status.values:
        raise ApiProblem(
            "invalid-input",
            _("Status tidak dikenal."),
            errors=[{"field": "query.status", "message": _("Nilai tidak dikenal.")}],
        )
    category_id = None
    if category:
        category_id = Category.objects.filter(slug=category).values_list("pk", flat=True).first()
        if category_id is None:
            raise ApiProblem(
                "invalid-input",
                _("Kategori tidak dikenal."),
                errors=[{"field": "query.category", "message": _("Nilai tidak dikenal.")}],
            )
    for name, value in (("q", q), ("area", area), ("channel", channel), ("cursor", cursor)):
        if "\x00" in value:
            raise ApiProblem(
                "invalid-input",
                _("Teks tidak boleh memuat karakter NUL."),
                errors=[{"field": f"query.{name}", "message": _("Memuat NUL.")}],
            )
    filters = Filters(
        status=status,
        category=category_id,
        area=area,
        channel=channel,
        overdue=overdue,
        q=q,
    )
    qs = apply_filters(queue_queryset(user, found), filters).select_related(
        "category", "area", "agency", "unit", "channel"
    )
    return paging.page(qs, cursor=cursor, limit=limit, shape=lambda c: _shape(c, user))


@router.get(
    "/complaints/{code}", response=StaffComplaintOut, summary="Satu aduan, dengan tindakan Anda"
)
def complaint_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    user = staff_user(request)
    return _shape(_complaint(request, code), user)


@router.get(
    "/complaints/{code}/timeline",
    response=list[StaffEntryOut],
    summary="Linimasa lengkap (publik dan internal)",
)
def timeline(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    complaint = _complaint(request, code)
    return [
        {
            "kind": e.kind,
            "label": e.get_kind_display(),
            "at": e.created_at,
            "is_public": e.is_public,
            "author": e.author_label,
            "message": e.message,
            "status_before": e.status_before,
            "status_after": e.status_after,
        }
        for e in complaint.timeline.order_by("created_at", "id")
    ]


# ---------------------------------------------------------------------------------------------
# Actions: one endpoint per transition of states.py


def _agency(code: str, field: str) -> Agency:
    found = Agency.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise ApiProblem(
            "invalid-input",
            _("Instansi atau unit tidak dikenal."),
            errors=[{"field": f"body.{field}", "message": _("Kode tidak dikenal.")}],
        )
    return found


def _done(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    fresh = _complaint(request, complaint.tracking_code)
    return _shape(fresh, staff_user(request))


def _acting(request: HttpRequest, code: str) -> tuple[Complaint, Any, str]:
    return _complaint(request, code), staff_user(request), ratelimit.client_ip(request)


def _act(name: str, summary: str, schema: type[Versioned]) -> Any:
    return router.post(
        f"/complaints/{{code}}/{name}",
        response=StaffComplaintOut,
        auth=ACT,
        summary=summary,
        operation_id=f"staff_{name}",
    )


@_act("verify", "Verifikasi dan disposisikan", VerifyIn)
def verify(request: HttpRequest, code: str, data: VerifyIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    category = None
    if data.category:
        category = Category.objects.filter(slug=data.category, is_active=True).first()
        if category is None:
            raise ApiProblem(
                "invalid-input",
                _("Kategori tidak dikenal."),
                errors=[{"field": "body.category", "message": _("Kode tidak dikenal.")}],
            )
    done = actions.verify_complaint(
        c,
        by=by,
        target=_agency(data.target, "target"),
        classification=data.classification,
        category=category,
        complexity=data.complexity,
        title=data.title,
        description=data.description,
        is_anonymous=data.is_anonymous,
        is_confidential=data.is_confidential,
        note=data.note.strip(),
        expected_version=data.version,
        ip=ip,
    )
    return _done(request, done)


@_act("request_info", "Minta informasi pelapor", RequestInfoIn)
def request_info(request: HttpRequest, code: str, data: RequestInfoIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.request_info(
        c, by=by, question=data.question, expected_version=data.version, ip=ip
    )
    return _done(request, done)


@_act("reject", "Tolak aduan", RejectIn)
def reject(request: HttpRequest, code: str, data: RejectIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.reject_complaint(
        c,
        by=by,
        reason=data.reason,
        message=data.message.strip(),
        expected_version=data.version,
        ip=ip,
    )
    return _done(request, done)


@_act("route", "Disposisi ulang", RouteIn)
def route(request: HttpRequest, code: str, data: RouteIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.route_complaint(
        c,
        by=by,
        target=_agency(data.target, "target"),
        reason=data.reason,
        title=data.title,
        description=data.description,
        expected_version=data.version,
        ip=ip,
    )
    return _done(request, done)


@_act("merge", "Gabungkan dengan aduan lain", MergeIn)
def merge(request: HttpRequest, code: str, data: MergeIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    normal = codes.normalise(data.into)
    into = (
        get_complaint_or_404(by, normal) if normal else None  # the walls apply to the target too
    )
    if into is None:
        raise ApiProblem("not-found", _("Aduan tujuan tidak ditemukan."))
    done = actions.merge_complaint(c, by=by, into=into, expected_version=data.version, ip=ip)
    return _done(request, done)


@_act("accept", "Terima aduan", Versioned)
def accept(request: HttpRequest, code: str, data: Versioned) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.accept_complaint(c, by=by, expected_version=data.version, ip=ip)
    return _done(request, done)


@_act("route_to_unit", "Teruskan ke unit kerja", RouteToUnitIn)
def route_to_unit(request: HttpRequest, code: str, data: RouteToUnitIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.route_to_unit(
        c,
        by=by,
        unit=_agency(data.unit, "unit"),
        note=data.note.strip(),
        expected_version=data.version,
        ip=ip,
    )
    return _done(request, done)


@_act("request_coordination", "Minta koordinasi instansi lain", CoordinationIn)
def request_coordination(request: HttpRequest, code: str, data: CoordinationIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.request_coordination(
        c,
        by=by,
        agency=_agency(data.agency, "agency"),
        message=data.message,
        expected_version=data.version,
        ip=ip,
    )
    return _done(request, done)


@_act("return_not_authority", "Kembalikan: bukan wewenang", ReasonIn)
def return_not_authority(request: HttpRequest, code: str, data: ReasonIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.return_not_authority(
        c, by=by, reason=data.reason, expected_version=data.version, ip=ip
    )
    return _done(request, done)


@_act("post_update", "Tindak lanjut atau catatan internal", UpdateIn)
def post_update(request: HttpRequest, code: str, data: UpdateIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.post_update(
        c,
        by=by,
        message=data.message,
        public=data.public,
        photos=_photos(data.photos),
        expected_version=data.version,
        ip=ip,
    )
    return _done(request, done)


@_act("resolve", "Ajukan penyelesaian dengan bukti", ResolveIn)
def resolve(request: HttpRequest, code: str, data: ResolveIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    # Before, after and other photos count together against the one limit, as in the console.
    photo_count(len(data.before) + len(data.after) + len(data.photos))
    photos = (
        _photos(data.before, "before", counted=True)
        + _photos(data.after, "after", counted=True)
        + _photos(data.photos, counted=True)
    )
    done = actions.resolve_complaint(
        c, by=by, message=data.message, photos=photos, expected_version=data.version, ip=ip
    )
    return _done(request, done)


@_act("approve_resolution", "Setujui penyelesaian", Versioned)
def approve_resolution(request: HttpRequest, code: str, data: Versioned) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.approve_resolution(c, by=by, expected_version=data.version, ip=ip)
    return _done(request, done)


@_act("reject_resolution", "Kembalikan penyelesaian", ReasonIn)
def reject_resolution(request: HttpRequest, code: str, data: ReasonIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.reject_resolution(
        c, by=by, reason=data.reason, expected_version=data.version, ip=ip
    )
    return _done(request, done)


@_act("reopen", "Buka kembali: pelapor menyanggah lewat kanal lain", ReopenIn)
def reopen(request: HttpRequest, code: str, data: ReopenIn) -> dict[str, Any]:
    c, by, ip = _acting(request, code)
    done = actions.reopen_on_dispute(
        c,
        by=by,
        reason=data.reason,
        channel=data.channel,
        photos=_photos(data.photos),
        expected_version=data.version,
        ip=ip,
    )
    return _done(request, done)


# The actions staff take (the reporter's and the system's are elsewhere); a test checks that every
# such transition of states.py has its endpoint here.
STAFF_ACTIONS = frozenset(
    {
        "verify",
        "request_info",
        "reject",
        "route",
        "merge",
        "accept",
        "route_to_unit",
        "request_coordination",
        "return_not_authority",
        "post_update",
        "resolve",
        "approve_resolution",
        "reject_resolution",
        "reopen",
    }
)
