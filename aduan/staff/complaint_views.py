"""The complaint page of the staff console, its action forms, identity reveal and attachments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aduan.agencies.routing import suggest_agency
from aduan.audit.models import AuditEntry
from aduan.complaints.access import (
    can_view_identity,
    get_complaint_or_404,
    scope_of,
    visible_complaints,
)
from aduan.complaints.errors import InvalidInput, InvalidTransition, NotPermitted, StaleComplaint
from aduan.complaints.models import Attachment, Complaint, ResponseTemplate
from aduan.complaints.queues import similar_to
from aduan.lib.crypto import DecryptionError
from aduan.lib.images import PhotosField
from aduan.lib.ratelimit import client_ip
from aduan.lib.serving import serve_attachment
from aduan.staff import identity
from aduan.staff.action_specs import SPECS, ActionSpec, allowed_actions
from aduan.staff.decorators import staff_required
from aduan.staff.forms import ActionForm, IdentityForm

# Forms whose main textarea a response template can fill.
TEMPLATE_TARGETS = {"post_update": "message", "resolve": "message", "request_info": "question"}


def _failed_notifications(complaint: Complaint) -> list[Any]:
    try:
        from aduan.notifications import failures  # type: ignore[attr-defined]

        return list(failures.failed_for(complaint))
    except (ImportError, AttributeError):
        from aduan.notifications.models import Outbox

        return list(
            Outbox.objects.filter(complaint=complaint, status="failed").order_by("-id")[:10]
        )


def _templates(complaint: Complaint) -> list[ResponseTemplate]:
    from django.db.models import Q

    return list(
        ResponseTemplate.objects.filter(
            Q(category__isnull=True) | Q(category_id=complaint.category_id),
            Q(status="") | Q(status=complaint.status),
            is_active=True,
        )
    )


def _initial(
    spec: ActionSpec, complaint: Complaint, suggestion: Any, template: ResponseTemplate | None
) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": complaint.version}
    if spec.name == "verify":
        initial.update(
            classification=complaint.classification,
            category=complaint.category_id,
            complexity=complaint.complexity,
            title=complaint.title,
            description=complaint.description,
            is_anonymous=complaint.is_anonymous,
            is_confidential=complaint.is_confidential,
            target=suggestion.pk if suggestion else None,
        )
    if spec.name == "route":
        initial.update(title=complaint.title, description=complaint.description)
        if suggestion is not None:
            initial["target"] = suggestion.pk
    return initial


def render_complaint(
    request: HttpRequest,
    complaint: Complaint,
    *,
    bound: ActionForm | None = None,
    bound_name: str = "",
    identity_form: IdentityForm | None = None,
    reporter: Any = None,
    unsent: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    specs = allowed_actions(user, complaint)
    suggestion = suggest_agency(complaint.category, complaint.area)
    templates = _templates(complaint) if any(s.name in TEMPLATE_TARGETS for s in specs) else []
    chosen = None
    template_for = request.GET.get("untuk", "post_update")
    if request.method == "GET" and request.GET.get("template", "").isdigit():
        chosen = next((t for t in templates if t.pk == int(request.GET["template"])), None)
    action_forms = []
    for spec in specs:
        if bound is not None and spec.name == bound_name:
            form = bound
        else:
            initial = _initial(spec, complaint, suggestion, chosen)
            if chosen is not None and spec.name == template_for and spec.name in TEMPLATE_TARGETS:
                initial[TEMPLATE_TARGETS[spec.name]] = chosen.body
            form = spec.form(initial=initial, complaint=complaint, prefix=spec.name)
        action_forms.append((spec, form))
    timeline = list(
        complaint.timeline.select_related("author").prefetch_related("attachments").all()
    )
    attachments = list(complaint.attachments.all())
    can_reveal = _may_reveal(user, complaint)
    return render(
        request,
        "staff/complaint.html",
        {
            "c": complaint,
            "timeline": timeline,
            "attachments": attachments,
            "action_forms": action_forms,
            "suggestion": suggestion,
            "similar": similar_to(complaint, user),
            "coordinations": list(complaint.coordinations.select_related("agency", "requested_by")),
            "failed_notifications": _failed_notifications(complaint),
            "templates": templates,
            "template_targets": TEMPLATE_TARGETS,
            "can_reveal": can_reveal,
            "identity_form": identity_form or (IdentityForm() if can_reveal else None),
            "reporter": reporter,
            "open_action": bound_name,
            "unsent": unsent or [],
        },
        status=status,
    )


def _may_reveal(user: Any, complaint: Complaint) -> bool:
    if complaint.reporter_id is None:
        return False
    if complaint.is_anonymous:
        # DESIGN §6: an anonim reporter is hidden from the agencies handling the case entirely;
        # only the desk and the DPO (with the identity permission) may open it.
        roles = scope_of(user).roles
        if not roles & {"verifier", "dpo"}:
            return False
    return can_view_identity(user, complaint)


@require_GET
@staff_required
def complaint_page(request: HttpRequest, code: str) -> HttpResponse:
    complaint = get_complaint_or_404(request.user, code)
    return render_complaint(request, complaint)


@require_POST
@staff_required
def reveal_identity(request: HttpRequest, code: str) -> HttpResponse:
    complaint = get_complaint_or_404(request.user, code)
    if not _may_reveal(request.user, complaint):
        return forbidden(request, _("Anda tidak berwenang membuka identitas pelapor aduan ini."))
    form = IdentityForm(request.POST)
    if not form.is_valid():
        return render_complaint(request, complaint, identity_form=form, status=400)
    try:
        reporter = identity.open_identity(
            complaint, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except DecryptionError:
        # Never garbage, never ciphertext: say what happened and whom to call.
        messages.error(
            request,
            _(
                "Identitas pelapor tidak dapat dibuka: data terenkripsinya tidak cocok dengan "
                "kunci server (kunci salah atau data rusak). Hubungi administrator sistem."
            ),
        )
        return render_complaint(request, complaint, identity_form=IdentityForm(), status=500)
    response = render_complaint(request, complaint, identity_form=IdentityForm(), reporter=reporter)
    response["Cache-Control"] = "private, no-store"
    return response


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "staff/403.html", {"message": message}, status=403)


def _already_done(complaint: Complaint, user: Any, action: str) -> bool:
    """A stale form whose very action this user just took: the second click of a double click."""
    last = (
        AuditEntry.objects.filter(object_type="complaints.complaint", object_id=str(complaint.pk))
        .order_by("-id")
        .values("actor_id", "action")
        .first()
    )
    return bool(last and last["actor_id"] == user.pk and last["action"] == f"complaint.{action}")


@require_POST
@staff_required
def take_action(request: HttpRequest, code: str, name: str) -> HttpResponse:
    complaint = get_complaint_or_404(request.user, code)
    spec = SPECS.get(name)
    if spec is None:
        raise Http404("No such action")
    form = spec.form(request.POST, request.FILES, complaint=complaint, prefix=spec.name)
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(request, _("Formulir tidak lengkap. Muat ulang halaman lalu coba lagi."))
            return redirect("staff:complaint", complaint.tracking_code)
        return render_complaint(request, complaint, bound=form, bound_name=name, status=400)
    try:
        spec.run(
            complaint,
            request.user,
            form.cleaned_data,
            form.cleaned_data["version"],
            client_ip(request),
        )
    except NotPermitted as error:
        return forbidden(request, str(error.message))
    except StaleComplaint:
        fresh = get_complaint_or_404(request.user, code)
        if _already_done(fresh, request.user, name):
            messages.info(request, _("Tindakan ini sudah dilakukan."))
            return redirect("staff:complaint", fresh.tracking_code)
        return _conflict(request, fresh, spec, form)
    except InvalidTransition as error:
        fresh = get_complaint_or_404(request.user, code)
        if _already_done(fresh, request.user, name):
            messages.info(request, _("Tindakan ini sudah dilakukan."))
        else:
            messages.error(request, str(error.message))
        return redirect("staff:complaint", fresh.tracking_code)
    except InvalidInput as error:
        form.add_error(None, str(error.message))
        return render_complaint(request, complaint, bound=form, bound_name=name, status=400)
    messages.success(request, _("%(action)s: berhasil.") % {"action": spec.label})
    # After leaving the desk or the agency the complaint may no longer be visible to this user.
    if visible_complaints(request.user).filter(pk=complaint.pk).exists():
        return redirect("staff:complaint", complaint.tracking_code)
    return redirect("staff:home")


def _conflict(
    request: HttpRequest, fresh: Complaint, spec: ActionSpec, form: ActionForm
) -> HttpResponse:
    """Someone else changed the complaint first: show it as it is now, keeping what was typed.

    If the action is still possible, its form comes back filled in on top of the new version, so
    the officer reads the change and sends again with one click; otherwise the typed text is shown
    to copy. Photos cannot be kept (a browser never refills a file field), and the page says so.
    """
    photo_fields = [k for k, f in form.fields.items() if isinstance(f, PhotosField)]
    typed = {k: v for k, v in form.cleaned_data.items() if k not in photo_fields}
    messages.error(
        request,
        _(
            "Aduan ini baru saja diubah oleh orang lain, sebelum tindakan Anda tersimpan. "
            "Halaman ini menunjukkan keadaannya sekarang."
        ),
    )
    kept: ActionForm | None = None
    unsent: list[tuple[str, str]] = []
    if any(s.name == spec.name for s in allowed_actions(request.user, fresh)):
        kept = spec.form(
            initial={**typed, "version": fresh.version}, complaint=fresh, prefix=spec.name
        )
        messages.warning(
            request,
            _(
                "Isian Anda masih ada di formulir “%(action)s”. Periksa perubahan terbaru, "
                "lalu kirim lagi bila masih perlu."
            )
            % {"action": spec.label},
        )
    else:
        unsent = [
            (str(form.fields[k].label), str(v))
            for k, v in typed.items()
            if isinstance(form.fields[k], forms.CharField) and str(v).strip()
        ]
        if unsent:
            messages.warning(
                request,
                _(
                    "“%(action)s” tidak dapat dilakukan lagi pada aduan ini sekarang. "
                    "Isian Anda ditampilkan di bawah agar tidak hilang."
                )
                % {"action": spec.label},
            )
    if any(form.cleaned_data.get(k) for k in photo_fields):
        messages.warning(
            request, _("Foto yang Anda pilih belum tersimpan: pilih lagi sebelum mengirim.")
        )
    return render_complaint(
        request,
        fresh,
        bound=kept,
        bound_name=spec.name if kept is not None else "",
        unsent=unsent,
        status=409,
    )


@require_GET
@staff_required  # type: ignore[arg-type]  # the gate passes a streaming response through untouched
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Stream an attachment of a complaint the user may see; 404 for everything else."""
    found = (
        Attachment.objects.filter(pk=pk, complaint__in=visible_complaints(request.user))
        .only("file", "content_type")
        .first()
    )
    if found is None:
        raise Http404("No attachment with this id is visible to you")
    return serve_attachment(found)
