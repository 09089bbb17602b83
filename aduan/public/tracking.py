"""Following a complaint: the track-by-code box, the tracking page, and the reporter's answers.

The answer, confirm and dispute links in the reporter's messages open a page with the form (GET,
no action); the form posts back to the same address.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from aduan.complaints import actions
from aduan.complaints.errors import ActionError
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.complaints.states import Status
from aduan.lib import codes
from aduan.lib.ratelimit import client_ip
from aduan.lib.signing import check_reporter_token
from aduan.public.forms import AnswerForm, ConfirmForm, DisputeForm, TrackForm
from aduan.public.pages import page
from aduan.public.reporter import actor_for, remember_reporter

Kind = TimelineEntry.Kind
NOT_FOUND = gettext_lazy(
    "Kode lacak tidak ditemukan. Periksa lagi kode pada pesan konfirmasi Anda."
)


def track_form(request: HttpRequest) -> HttpResponse:
    """The track-by-code box (also on the home page): a known code goes to its page."""
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = codes.normalise(form.cleaned_data["kode"])
        if code is None:
            form.add_error(
                "kode",
                _("Kode lacak terdiri dari ADU dan 9 huruf/angka, misalnya ADU-7KQ-39X-HMP."),
            )
        elif not _visible(code):
            form.add_error("kode", NOT_FOUND)
        else:
            return redirect("public:tracking", code=code)
    return page(request, "public/track_form.html", {"form": form}, forms_=[form])


def _visible(code: str) -> bool:
    # A rahasia complaint is invisible to anyone without its secret link: the same answer as a
    # code that does not exist, so its existence leaks nothing.
    return Complaint.objects.filter(tracking_code=code, is_confidential=False).exists()


def _complaint(code: str) -> Complaint | None:
    return (
        Complaint.objects.select_related(
            "category", "area", "area__parent", "agency", "unit", "reporter"
        )
        .filter(tracking_code=code)
        .first()
    )


def _latest(complaint: Complaint, kind: str) -> TimelineEntry | None:
    return (
        complaint.timeline.filter(kind=kind, is_public=True).order_by("-created_at", "-id").first()
    )


def _is_published(complaint: Complaint) -> bool:
    return Complaint.objects.published().filter(pk=complaint.pk).exists()


def _render(
    request: HttpRequest,
    complaint: Complaint,
    *,
    forms_: dict[str, Any] | None = None,
    errors: list[tuple[Any, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    by = actor_for(request, complaint)
    forms_ = forms_ or {}
    published = _is_published(complaint)
    context: dict[str, Any] = {
        "complaint": complaint,
        "is_reporter": by is not None,
        "published": published,
    }
    # What the citizen wrote is readable by anyone only once published (never rahasia, never
    # rejected); before that, and after a rejection, only by its reporter. Others see the status.
    # The reporter of a rahasia complaint sees its status and what they must answer only.
    context["show_details"] = published or (by is not None and not complaint.is_confidential)
    if published:
        # Sharing a public complaint: its public page, never a link that carries a secret.
        share_url = request.build_absolute_uri(
            reverse("public:tracking", args=[complaint.tracking_code])
        )
        context["share_url"] = share_url
        context["share_text"] = f"{complaint.title} – {share_url}"
    if context["show_details"]:
        context["timeline"] = (
            complaint.timeline.filter(is_public=True)
            .prefetch_related("attachments")
            .order_by("created_at", "id")
        )
    confidential = complaint.is_confidential
    if by is not None and complaint.status == Status.NEEDS_INFO:
        context["question"] = _latest(complaint, Kind.INFO_REQUESTED)
        context["answer_form"] = forms_.get("answer") or AnswerForm(
            prefix="jawab", confidential=confidential
        )
    if by is not None and complaint.status == Status.RESOLVED:
        context["resolution"] = _latest(complaint, Kind.RESOLVED)
        context["confirm_form"] = forms_.get("confirm") or ConfirmForm(
            prefix="konfirmasi", confidential=confidential
        )
        context["dispute_form"] = forms_.get("dispute") or DisputeForm(
            prefix="sanggah", confidential=confidential
        )
    return page(
        request,
        "public/tracking.html",
        context,
        forms_=list(forms_.values()),
        errors=errors,
        status=status,
    )


def tracking(request: HttpRequest, code: str) -> HttpResponse:
    normal = codes.normalise(code)
    if normal is None:
        return _not_found(request)
    if normal != code:
        return redirect(reverse("public:tracking", args=[normal]) + _query(request))
    complaint = _complaint(normal)
    if complaint is None:
        return _not_found(request)
    key = request.GET.get("kunci")
    if key is not None:
        return _check_key(request, complaint, key, "public:tracking")
    if complaint.is_confidential and actor_for(request, complaint) is None:
        return _not_found(request)
    return _render(request, complaint)


def _check_key(request: HttpRequest, complaint: Complaint, key: str, then: str) -> HttpResponse:
    """The secret link's key: remember the reporter and go on to `then` without it, or refuse."""
    if check_reporter_token(key, complaint.tracking_code):
        remember_reporter(request, complaint.tracking_code)
        # The key leaves the address bar (and Referer headers) once it has been checked.
        return redirect(then, code=complaint.tracking_code)
    errors = [
        (
            _(
                "Tautan rahasia ini tidak sah atau sudah rusak. Buka lagi tautan dari "
                "pesan yang kami kirim, tanpa mengubahnya."
            ),
            "",
        )
    ]
    if complaint.is_confidential and actor_for(request, complaint) is None:
        return _not_found(request, errors)
    return _render(request, complaint, errors=errors, status=403)


def _query(request: HttpRequest) -> str:
    return "?" + request.GET.urlencode() if request.GET else ""


def _not_found(request: HttpRequest, errors: list[tuple[Any, str]] | None = None) -> HttpResponse:
    form = TrackForm()
    return page(
        request,
        "public/track_form.html",
        {"form": form},
        errors=errors or [(NOT_FOUND, "id_kode")],
        status=404,
    )


def _reporter_action(request: HttpRequest, code: str) -> tuple[Complaint | None, Any]:
    complaint = _complaint(code)
    if complaint is None:
        return None, None
    return complaint, actor_for(request, complaint)


def _reporter_page(request: HttpRequest, code: str, name: str) -> Complaint | HttpResponse:
    """GET of an answer, confirm or dispute link: the complaint when its reporter may see the form,
    otherwise the answer to give. Checks the secret key as the tracking page does; never acts."""
    normal = codes.normalise(code)
    if normal is None:
        return _not_found(request)
    if normal != code:
        return redirect(reverse(name, args=[normal]) + _query(request))
    complaint = _complaint(normal)
    if complaint is None:
        return _not_found(request)
    key = request.GET.get("kunci")
    if key is not None:
        return _check_key(request, complaint, key, name)
    if actor_for(request, complaint) is None:
        return _forbidden(request, normal)
    return complaint


ANSWER_PAGE = "public/reporter_answer.html"
CONFIRM_PAGE = "public/reporter_confirm.html"
DISPUTE_PAGE = "public/reporter_dispute.html"
_PREFIXES = {AnswerForm: "jawab", ConfirmForm: "konfirmasi", DisputeForm: "sanggah"}
# What a reporter's link says when the complaint no longer waits for that answer.
_NOT_WAITING: dict[str, Any] = {
    Status.NEEDS_INFO: gettext_lazy("Aduan ini tidak sedang menunggu jawaban Anda."),
    Status.RESOLVED: gettext_lazy(
        "Aduan ini tidak sedang menunggu konfirmasi penyelesaian dari Anda."
    ),
}


def _form_page(
    request: HttpRequest,
    complaint: Complaint,
    template: str,
    form: Any,
    *,
    errors: list[tuple[Any, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "complaint": complaint,
        "form": form,
        "question": _latest(complaint, Kind.INFO_REQUESTED),
        "resolution": _latest(complaint, Kind.RESOLVED),
    }
    return page(request, template, context, forms_=[form], errors=errors, status=status)


def _show_form(
    request: HttpRequest, code: str, name: str, waits_for: str, form_class: Any, template: str
) -> HttpResponse:
    """The page a reporter's link opens: the form, if the complaint waits for this answer."""
    found = _reporter_page(request, code, name)
    if isinstance(found, HttpResponse):
        return found
    if found.status != waits_for:
        messages.info(request, str(_NOT_WAITING[waits_for]))
        return redirect("public:tracking", code=found.tracking_code)
    form = form_class(prefix=_PREFIXES[form_class], confidential=found.is_confidential)
    return _form_page(request, found, template, form)


def _forbidden(request: HttpRequest, code: str) -> HttpResponse:
    complaint = _complaint(code)
    if complaint is None or (complaint.is_confidential and actor_for(request, complaint) is None):
        return _not_found(request)
    return _render(
        request,
        complaint,
        errors=[
            (
                _(
                    "Hanya pelapor yang dapat menjawab aduan ini. Buka tautan rahasia dari pesan "
                    "yang kami kirim kepada Anda."
                ),
                "",
            )
        ],
        status=403,
    )


def _done(request: HttpRequest, complaint: Complaint, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("public:tracking", code=complaint.tracking_code)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, code: str) -> HttpResponse:
    if request.method == "GET":
        return _show_form(
            request, code, "public:answer", Status.NEEDS_INFO, AnswerForm, ANSWER_PAGE
        )
    complaint, by = _reporter_action(request, code)
    if complaint is None or by is None:
        return _forbidden(request, code)
    form = AnswerForm(
        request.POST, request.FILES, prefix="jawab", confidential=complaint.is_confidential
    )
    if form.is_valid():
        try:
            actions.provide_info(
                complaint,
                by=by,
                answer=form.cleaned_data["answer"],
                photos=form.cleaned_data["photos"],
                public=form.cleaned_data.get("public", False),
                ip=client_ip(request),
            )
        except ActionError as exc:
            return _render(request, complaint, errors=[(exc.message, "")], status=409)
        return _done(request, complaint, _("Terima kasih. Jawaban Anda sudah kami terima."))
    return _form_page(request, complaint, ANSWER_PAGE, form, status=400)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, code: str) -> HttpResponse:
    if request.method == "GET":
        return _show_form(
            request, code, "public:confirm", Status.RESOLVED, ConfirmForm, CONFIRM_PAGE
        )
    complaint, by = _reporter_action(request, code)
    if complaint is None or by is None:
        return _forbidden(request, code)
    form = ConfirmForm(request.POST, prefix="konfirmasi", confidential=complaint.is_confidential)
    if form.is_valid():
        try:
            actions.confirm_resolution(
                complaint,
                by=by,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                public=form.cleaned_data.get("public", False),
                ip=client_ip(request),
            )
        except ActionError as exc:
            return _render(request, complaint, errors=[(exc.message, "")], status=409)
        return _done(
            request, complaint, _("Terima kasih. Aduan ini sudah Anda konfirmasi selesai.")
        )
    return _form_page(request, complaint, CONFIRM_PAGE, form, status=400)


@require_http_methods(["GET", "POST"])
def dispute(request: HttpRequest, code: str) -> HttpResponse:
    if request.method == "GET":
        return _show_form(
            request, code, "public:dispute", Status.RESOLVED, DisputeForm, DISPUTE_PAGE
        )
    complaint, by = _reporter_action(request, code)
    if complaint is None or by is None:
        return _forbidden(request, code)
    form = DisputeForm(
        request.POST, request.FILES, prefix="sanggah", confidential=complaint.is_confidential
    )
    if form.is_valid():
        try:
            actions.dispute_resolution(
                complaint,
                by=by,
                reason=form.cleaned_data["reason"],
                photos=form.cleaned_data["photos"],
                public=form.cleaned_data.get("public", False),
                ip=client_ip(request),
            )
        except ActionError as exc:
            return _render(request, complaint, errors=[(exc.message, "")], status=409)
        return _done(
            request,
            complaint,
            _("Sanggahan Anda sudah kami terima. Instansi akan menindaklanjuti lagi."),
        )
    return _form_page(request, complaint, DISPUTE_PAGE, form, status=400)


def not_found(request: HttpRequest) -> HttpResponse:
    """The answer for a code that does not exist or is not this visitor's to see."""
    return _not_found(request)
