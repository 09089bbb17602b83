"""The data protection officer's pages (/staf/privasi/): identity access log, requests, breaches."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from aduan.accounts.models import Role, User
from aduan.complaints.access import scope_of
from aduan.complaints.models import Reporter
from aduan.lib.crypto import DecryptionError
from aduan.lib.ratelimit import client_ip
from aduan.privacy import breaches as breaches_register
from aduan.privacy import subjects
from aduan.privacy.models import RESPONSE_WINDOW, Breach, DataSubjectRequest, IdentityAccess
from aduan.staff.decorators import staff_required

View = Callable[..., HttpResponse]
PAGE_SIZE = 50


def dpo_required(view: View) -> View:
    """Staff pages for the DPO only; every other staff member gets 403."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if Role.DPO not in scope_of(request.user).roles:
            return render(
                request,
                "staff/403.html",
                {"message": _("Halaman ini hanya untuk Pejabat Pelindungan Data.")},
                status=403,
            )
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


# ---------------------------------------------------------------------------------------------
# Overview


@require_http_methods(["GET"])
@dpo_required
def overview(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    open_requests = DataSubjectRequest.objects.filter(
        status__in=[DataSubjectRequest.Status.RECEIVED, DataSubjectRequest.Status.IN_PROGRESS]
    )
    unnotified = Breach.objects.filter(notified_at__isnull=True)
    return render(
        request,
        "staff/privacy/overview.html",
        {
            "open_requests": open_requests.count(),
            "overdue_requests": open_requests.filter(due_at__lt=now).count(),
            "unnotified_breaches": unnotified.count(),
            "overdue_breaches": unnotified.filter(due_at__lt=now).count(),
            "recent_accesses": IdentityAccess.objects.select_related("complaint")[:10],
        },
    )


# ---------------------------------------------------------------------------------------------
# Identity access log


class AccessFilter(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Petugas"),
        queryset=User.objects.filter(memberships__isnull=False).distinct().order_by("username"),
        required=False,
        empty_label=gettext_lazy("Semua petugas"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis"),
        choices=[("", gettext_lazy("Semua jenis")), *IdentityAccess.Kind.choices],
        required=False,
    )
    date_from = forms.DateField(
        label=gettext_lazy("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _day_start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@require_http_methods(["GET"])
@dpo_required
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessFilter(request.GET or None)
    rows = IdentityAccess.objects.select_related("complaint", "user")
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            rows = rows.filter(user=data["user"])
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["date_from"]:
            rows = rows.filter(created_at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            rows = rows.filter(created_at__lt=_day_start(data["date_to"]) + timedelta(days=1))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "staff/privacy/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


# ---------------------------------------------------------------------------------------------
# Data subject requests


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis permintaan"),
        choices=DataSubjectRequest.Kind.choices,
        widget=forms.RadioSelect,
    )
    requester_name = forms.CharField(label=gettext_lazy("Nama pemohon"), max_length=150)
    requester_email = forms.EmailField(label=gettext_lazy("Email (opsional)"), required=False)
    requester_phone = forms.CharField(
        label=gettext_lazy("Telepon/WhatsApp (opsional)"), max_length=20, required=False
    )
    requester_nik = forms.RegexField(
        label=gettext_lazy("NIK (opsional)"),
        regex=r"^\d{16}$",
        required=False,
        error_messages={"invalid": gettext_lazy("NIK terdiri dari 16 angka.")},
    )
    details = forms.CharField(
        label=gettext_lazy("Rincian permintaan"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    received_at = forms.DateTimeField(
        label=gettext_lazy("Diterima pada"),
        required=False,
        help_text=gettext_lazy("Kosongkan bila diterima sekarang. Batas waktu: 3 × 24 jam."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("requester_email") or data.get("requester_phone") or data.get("requester_nik")
        ):
            raise forms.ValidationError(
                _("Isi email, telepon atau NIK pemohon agar datanya dapat dicari.")
            )
        return data


@require_http_methods(["GET", "POST"])
@dpo_required
def requests_list(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received = data["received_at"] or timezone.now()
        fields = {
            name: data[name]
            for name in (
                "kind",
                "requester_name",
                "requester_email",
                "requester_phone",
                "requester_nik",
                "details",
            )
        }
        dsr = subjects.receive_request(
            by=request.user, fields=fields, received_at=received, ip=client_ip(request)
        )
        messages.success(request, _("Permintaan PSD-%(n)s dicatat.") % {"n": dsr.pk})
        return redirect("staff:privacy_request", pk=dsr.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staff/privacy/requests.html",
        {
            "form": form,
            "requests": DataSubjectRequest.objects.all()[:200],
            "window_hours": int(RESPONSE_WINDOW.total_seconds() // 3600),
        },
        status=status,
    )


class CorrectionForm(forms.Form):
    reporter = forms.TypedChoiceField(label=gettext_lazy("Data pelapor"), coerce=int)
    field = forms.ChoiceField(
        label=gettext_lazy("Data yang diperbaiki"),
        choices=[
            ("name", gettext_lazy("Nama")),
            ("nik", gettext_lazy("NIK")),
            ("phone", gettext_lazy("Telepon")),
            ("email", gettext_lazy("Email")),
            ("address", gettext_lazy("Alamat")),
        ],
    )
    value = forms.CharField(label=gettext_lazy("Nilai yang benar"), max_length=255, required=False)

    def __init__(self, *args: Any, reporters: list[Reporter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporter"].choices = [  # type: ignore[attr-defined]
            (r.pk, _("Pelapor #%(n)s") % {"n": r.pk}) for r in reporters
        ]


class OutcomeForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Keputusan"),
        choices=[
            (DataSubjectRequest.Status.COMPLETED, gettext_lazy("Selesai dipenuhi")),
            (DataSubjectRequest.Status.REFUSED, gettext_lazy("Ditolak (dengan dasar hukum)")),
        ],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=gettext_lazy("Hasil dan jawaban kepada pemohon"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _request_page(
    request: HttpRequest, dsr: DataSubjectRequest, status: int = 200, **forms_: Any
) -> HttpResponse:
    reporters = subjects.reporters_for(dsr)
    return render(
        request,
        "staff/privacy/request.html",
        {
            "dsr": dsr,
            "reporters": reporters,
            "accounts": subjects.accounts_for(dsr),
            "found": [(r, r.complaints.count()) for r in reporters],
            "correction_form": forms_.get("correction_form") or CorrectionForm(reporters=reporters),
            "outcome_form": forms_.get("outcome_form") or OutcomeForm(),
        },
        status=status,
    )


@require_http_methods(["GET"])
@dpo_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, get_object_or_404(DataSubjectRequest, pk=pk))


@require_POST
@dpo_required
def request_export(request: HttpRequest, pk: int) -> HttpResponse:
    dsr = get_object_or_404(DataSubjectRequest, pk=pk)
    try:
        payload, _found = subjects.export_for_request(dsr, by=request.user, ip=client_ip(request))
    except DecryptionError:
        messages.error(
            request,
            _(
                "Data pelapor tidak dapat didekripsi (kunci salah atau data rusak). Tidak ada yang "
                "diekspor; hubungi administrator sistem."
            ),
        )
        return redirect("staff:privacy_request", pk=dsr.pk)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-PSD-{dsr.pk}.json"'
    return response


@require_POST
@dpo_required
def request_correct(request: HttpRequest, pk: int) -> HttpResponse:
    dsr = get_object_or_404(DataSubjectRequest, pk=pk)
    reporters = subjects.reporters_for(dsr)
    form = CorrectionForm(request.POST, reporters=reporters)
    if not form.is_valid():
        return _request_page(request, dsr, status=400, correction_form=form)
    reporter = next(r for r in reporters if r.pk == form.cleaned_data["reporter"])
    subjects.correct(
        reporter,
        by=request.user,
        reason=f"Permintaan subjek data PSD-{dsr.pk}",
        changes={form.cleaned_data["field"]: form.cleaned_data["value"].strip()},
        ip=client_ip(request),
    )
    messages.success(request, _("Data pelapor #%(n)s diperbaiki.") % {"n": reporter.pk})
    return redirect("staff:privacy_request", pk=dsr.pk)


@require_POST
@dpo_required
def request_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    dsr = get_object_or_404(DataSubjectRequest, pk=pk)
    if dsr.kind != DataSubjectRequest.Kind.DELETION or not dsr.is_open:
        messages.error(
            request, _("Hanya permintaan penghapusan yang masih terbuka dapat dijalankan.")
        )
        return redirect("staff:privacy_request", pk=dsr.pk)
    reporters, accounts, _addresses = subjects.erase_for_request(
        dsr, by=request.user, ip=client_ip(request)
    )
    messages.success(
        request,
        _(
            "Identitas %(n)s data pelapor dan %(a)s akun warga dihapus; aduannya tetap tersimpan "
            "tanpa identitas."
        )
        % {"n": reporters, "a": accounts},
    )
    return redirect("staff:privacy_request", pk=dsr.pk)


@require_POST
@dpo_required
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    dsr = get_object_or_404(DataSubjectRequest, pk=pk)
    form = OutcomeForm(request.POST)
    if not dsr.is_open:
        messages.error(request, _("Permintaan ini sudah ditutup."))
        return redirect("staff:privacy_request", pk=dsr.pk)
    if not form.is_valid():
        return _request_page(request, dsr, status=400, outcome_form=form)
    subjects.close_request(
        dsr,
        by=request.user,
        decision=form.cleaned_data["decision"],
        outcome=form.cleaned_data["outcome"],
        ip=client_ip(request),
    )
    messages.success(request, _("Permintaan PSD-%(n)s ditutup.") % {"n": dsr.pk})
    return redirect("staff:privacy_request", pk=dsr.pk)


# ---------------------------------------------------------------------------------------------
# Breach register


class BreachForm(forms.ModelForm):
    class Meta:
        model = Breach
        fields = ["discovered_at", "description", "data_affected", "affected_count", "measures"]
        widgets = {
            "discovered_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }


class NotifiedForm(forms.Form):
    notified_at = forms.DateTimeField(
        label=gettext_lazy("Diberitahukan pada"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    notified_to = forms.CharField(label=gettext_lazy("Diberitahukan kepada"), max_length=300)


@require_http_methods(["GET", "POST"])
@dpo_required
def breaches(request: HttpRequest) -> HttpResponse:
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        breach = breaches_register.record_breach(
            by=request.user, fields=form.cleaned_data, ip=client_ip(request)
        )
        messages.success(request, _("Insiden INS-%(n)s dicatat.") % {"n": breach.pk})
        return redirect("staff:privacy_breach", pk=breach.pk)
    return render(
        request,
        "staff/privacy/breaches.html",
        {"form": form, "breaches": Breach.objects.all()[:200]},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@dpo_required
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    breach = get_object_or_404(Breach, pk=pk)
    form = NotifiedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        breaches_register.record_notification(
            breach,
            by=request.user,
            notified_at=form.cleaned_data["notified_at"],
            notified_to=form.cleaned_data["notified_to"],
            ip=client_ip(request),
        )
        messages.success(request, _("Pemberitahuan insiden dicatat."))
        return redirect("staff:privacy_breach", pk=breach.pk)
    return render(
        request,
        "staff/privacy/breach.html",
        {"breach": breach, "form": form},
        status=400 if request.method == "POST" else 200,
    )
