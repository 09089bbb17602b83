"""Which action forms the complaint page offers, and how each one calls complaints.actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.complaints import actions
from aduan.complaints.access import get_complaint_or_404, roles_on
from aduan.complaints.errors import InvalidInput
from aduan.complaints.models import Complaint
from aduan.complaints.states import TRANSITIONS, actions_from
from aduan.staff import forms

Run = Callable[[Complaint, Any, dict[str, Any], int, str | None], Complaint]


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: Promise
    button: Promise
    form: type[forms.ActionForm]
    run: Run
    # A short line under the heading that says what happens.
    hint: Promise | str = ""
    danger: bool = False


def _verify(c: Complaint, by: Any, d: dict[str, Any], version: int, ip: str | None) -> Complaint:
    return actions.verify_complaint(
        c,
        by=by,
        target=d["target"],
        classification=d["classification"],
        category=d["category"],
        complexity=d["complexity"],
        title=d["title"],
        description=d["description"],
        is_anonymous=d["is_anonymous"],
        is_confidential=d["is_confidential"],
        note=d["note"].strip(),
        expected_version=version,
        ip=ip,
    )


def _request_info(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.request_info(c, by=by, question=d["question"], expected_version=v, ip=ip)


def _reject(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.reject_complaint(
        c, by=by, reason=d["reason"], message=d["message"].strip(), expected_version=v, ip=ip
    )


def _route(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.route_complaint(
        c,
        by=by,
        target=d["target"],
        reason=d["reason"],
        title=d["title"],
        description=d["description"],
        expected_version=v,
        ip=ip,
    )


def _merge(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    try:
        into = get_complaint_or_404(by, d["into"])
    except Exception as exc:
        raise InvalidInput(_("Aduan dengan kode itu tidak ditemukan.")) from exc
    return actions.merge_complaint(c, by=by, into=into, expected_version=v, ip=ip)


def _accept(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.accept_complaint(c, by=by, expected_version=v, ip=ip)


def _route_to_unit(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.route_to_unit(
        c, by=by, unit=d["unit"], note=d["note"].strip(), expected_version=v, ip=ip
    )


def _coordinate(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.request_coordination(
        c, by=by, agency=d["agency"], message=d["message"], expected_version=v, ip=ip
    )


def _return(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.return_not_authority(c, by=by, reason=d["reason"], expected_version=v, ip=ip)


def _post_update(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.post_update(
        c,
        by=by,
        message=d["message"],
        public=d["visibility"] == "public",
        photos=d["photos"],
        expected_version=v,
        ip=ip,
    )


def _resolve(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    photos = d["before"] + d["after"] + d["photos"]
    return actions.resolve_complaint(
        c, by=by, message=d["message"], photos=photos, expected_version=v, ip=ip
    )


def _approve(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.approve_resolution(c, by=by, expected_version=v, ip=ip)


def _send_back(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.reject_resolution(c, by=by, reason=d["reason"], expected_version=v, ip=ip)


def _reopen(c: Complaint, by: Any, d: dict[str, Any], v: int, ip: str | None) -> Complaint:
    return actions.reopen_on_dispute(
        c,
        by=by,
        reason=d["reason"],
        channel=d["channel"],
        photos=d["photos"],
        expected_version=v,
        ip=ip,
    )


SPECS: dict[str, ActionSpec] = {
    s.name: s
    for s in [
        ActionSpec(
            "verify",
            _("Verifikasi dan disposisi"),
            _("Verifikasi dan disposisikan"),
            forms.VerifyForm,
            _verify,
            _("Instansi tujuan sudah dipilih dari aturan disposisi; ubah bila perlu."),
        ),
        ActionSpec("accept", _("Terima aduan"), _("Terima"), forms.EmptyActionForm, _accept),
        ActionSpec(
            "approve_resolution",
            _("Setujui penyelesaian"),
            _("Setujui"),
            forms.EmptyActionForm,
            _approve,
            _("Penyelesaian dan fotonya tampil kepada pelapor."),
        ),
        ActionSpec(
            "reject_resolution",
            _("Kembalikan penyelesaian"),
            _("Kembalikan ke instansi"),
            forms.RejectResolutionForm,
            _send_back,
        ),
        ActionSpec(
            "post_update",
            _("Tindak lanjut atau catatan"),
            _("Kirim"),
            forms.PostUpdateForm,
            _post_update,
        ),
        ActionSpec(
            "resolve",
            _("Selesaikan"),
            _("Ajukan penyelesaian"),
            forms.ResolveForm,
            _resolve,
        ),
        ActionSpec(
            "request_info",
            _("Minta informasi pelapor"),
            _("Kirim pertanyaan"),
            forms.RequestInfoForm,
            _request_info,
            _("Batas waktu berhenti sampai pelapor menjawab."),
        ),
        ActionSpec(
            "route_to_unit",
            _("Teruskan ke unit kerja"),
            _("Teruskan"),
            forms.RouteToUnitForm,
            _route_to_unit,
        ),
        ActionSpec(
            "request_coordination",
            _("Minta koordinasi instansi lain"),
            _("Minta koordinasi"),
            forms.CoordinationForm,
            _coordinate,
        ),
        ActionSpec(
            "route",
            _("Disposisi ulang"),
            _("Disposisikan ulang"),
            forms.RouteForm,
            _route,
        ),
        ActionSpec(
            "return_not_authority",
            _("Kembalikan: bukan wewenang"),
            _("Kembalikan ke verifikator"),
            forms.ReturnForm,
            _return,
            danger=True,
        ),
        ActionSpec(
            "reject",
            _("Tolak aduan"),
            _("Tolak"),
            forms.RejectForm,
            _reject,
            _("Alasan dan saran tindakan ditampilkan kepada pelapor."),
            danger=True,
        ),
        ActionSpec(
            "reopen",
            _("Buka kembali: pelapor menyanggah"),
            _("Buka kembali"),
            forms.ReopenForm,
            _reopen,
            _(
                "Untuk sanggahan yang disampaikan pelapor lewat telepon, WhatsApp, surat atau "
                "datang langsung. Aduan kembali ke instansi dengan batas waktu baru."
            ),
        ),
        ActionSpec(
            "merge",
            _("Gabungkan duplikat"),
            _("Gabungkan"),
            forms.MergeForm,
            _merge,
            danger=True,
        ),
    ]
}


def allowed_actions(user: Any, complaint: Complaint) -> list[ActionSpec]:
    """The actions this user may take on this complaint now, in the order of SPECS."""
    held = set(roles_on(user, complaint))
    possible = set(actions_from(complaint.status))
    result = []
    for spec in SPECS.values():
        if spec.name not in possible:
            continue
        actors = TRANSITIONS[spec.name].actors
        if held & actors or (spec.name == "post_update" and "coordinator" in held):
            result.append(spec)
    return result
