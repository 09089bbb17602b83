"""The monthly report as a document: its preface, the month's commentary, signing and versions.

Pages under /staf/laporan/bulanan/; the rules (who may write and sign, what a final freezes) are
in aduan/reports/documents.py. Every page names its report by ?bulan=TTTT-BB&instansi=CODE, like
the monthly report page, and reaches only reports the viewer may see.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.agencies.models import Agency
from aduan.lib.ratelimit import client_ip
from aduan.reports import documents, files, monthly
from aduan.reports.models import ReportDocument, ReportVersion
from aduan.reports.period import InvalidMonth, Month, long_date
from aduan.reports.sections import SECTIONS
from aduan.staff.decorators import staff_required
from aduan.staff.forms import ConsoleForm
from aduan.staff.reports_views import _agency_or_404

# ---------------------------------------------------------------------------------------------
# Forms


class DraftForm(ConsoleForm):
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, title in SECTIONS:
            self.fields[f"note_{key}"] = forms.CharField(
                label=title,
                required=False,
                max_length=documents.MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["conclusions"] = forms.CharField(
            label=gettext_lazy("Kesimpulan"),
            help_text=gettext_lazy("Satu kesimpulan per baris."),
            required=False,
            max_length=documents.MAX_TEXT,
            widget=forms.Textarea(attrs={"rows": 7}),
        )
        self.fields["follow_ups"] = forms.CharField(
            label=gettext_lazy("Saran tindak lanjut"),
            help_text=gettext_lazy("Satu saran per baris."),
            required=False,
            max_length=documents.MAX_TEXT,
            widget=forms.Textarea(attrs={"rows": 7}),
        )

    def note_fields(self) -> list[forms.BoundField]:
        return [self[f"note_{key}"] for key, _title in SECTIONS]

    def texts(self) -> documents.DraftTexts:
        data = self.cleaned_data
        return documents.DraftTexts(
            commentary={key: data[f"note_{key}"] for key, _title in SECTIONS},
            conclusions=data["conclusions"],
            follow_ups=data["follow_ups"],
        )


class FinaliseForm(ConsoleForm):
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    signer_name = forms.CharField(label=gettext_lazy("Nama penanda tangan"), max_length=150)
    signer_position = forms.CharField(
        label=gettext_lazy("Jabatan"),
        max_length=200,
        help_text=gettext_lazy("Misalnya: Kepala UPT Pengelola Ruang Kendali."),
    )
    signer_number = forms.CharField(
        label=gettext_lazy("NIP (opsional)"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("18 angka; spasi boleh."),
    )
    signed_on = forms.DateField(
        label=gettext_lazy("Tanggal penandatanganan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=gettext_lazy("Catatan koreksi"),
        max_length=documents.MAX_TEXT,
        help_text=gettext_lazy("Apa yang diperbaiki dari versi sebelumnya dan mengapa."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, month: Month, correction: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.month = month
        if not correction:
            del self.fields["note"]

    def clean_signer_number(self) -> str:
        digits = re.sub(r"\s", "", self.cleaned_data["signer_number"])
        if digits and not re.fullmatch(r"\d{18}", digits):
            raise forms.ValidationError(_("NIP terdiri dari 18 angka."))
        return digits

    def clean_signed_on(self) -> date:
        day: date = self.cleaned_data["signed_on"]
        if day < self.month.next.first_day:
            raise forms.ValidationError(
                _("Laporan %(month)s ditandatangani paling cepat %(day)s.")
                % {"month": self.month.label, "day": long_date(self.month.next.first_day)}
            )
        if day > timezone.localdate():
            raise forms.ValidationError(_("Tanggal penandatanganan tidak boleh di masa depan."))
        return day


class CorrectionForm(ConsoleForm):
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class PrefaceForm(ConsoleForm):
    introduction = forms.CharField(
        label=gettext_lazy("Pendahuluan"),
        required=False,
        max_length=documents.MAX_PREFACE,
        help_text=gettext_lazy(
            "Latar belakang dan tujuan laporan. Pisahkan paragraf dengan baris kosong."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    legal_basis = forms.CharField(
        label=gettext_lazy("Dasar hukum"),
        required=False,
        max_length=documents.MAX_PREFACE,
        help_text=gettext_lazy(
            "Peraturan yang menjadi dasar pengelolaan pengaduan, satu per baris."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    signing_place = forms.CharField(
        label=gettext_lazy("Tempat penandatanganan (opsional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Ditulis sebelum tanggal di atas tanda tangan, misalnya Tangerang."),
    )


# ---------------------------------------------------------------------------------------------
# Which report


def _month(request: HttpRequest) -> Month:
    raw = request.GET.get("bulan") or str(Month.containing(timezone.localdate()).previous)
    return Month.parse(raw)


def _query(month: Month | None, agency: Agency | None, asked: str) -> str:
    """The query string naming the same report (the agency only when the viewer chose one)."""
    parts = [f"bulan={month}"] if month else []
    if agency is not None and asked:
        parts.append(f"instansi={agency.code}")
    return "&".join(parts)


def _url(name: str, month: Month | None, agency: Agency | None, asked: str) -> str:
    query = _query(month, agency, asked)
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _bad_month(request: HttpRequest, exc: InvalidMonth) -> HttpResponse:
    return render(
        request,
        "staff/reports/document.html",
        {"error": str(exc), "month_value": request.GET.get("bulan", "")},
        status=400,
    )


# ---------------------------------------------------------------------------------------------
# The document page


def _page(
    request: HttpRequest,
    month: Month,
    agency: Agency | None,
    *,
    status: int = 200,
    error: str = "",
    **given: Any,
) -> HttpResponse:
    user = request.user
    asked = request.GET.get("instansi", "")
    document = documents.document_for(month, agency)
    versions = documents.versions_of(document)
    final = document is not None and document.status == ReportDocument.Status.FINAL
    may_edit = documents.may_edit(user, agency)
    may_sign = documents.may_sign(user, agency)
    revision = document.revision if document else 0

    report = monthly.build(month, agency=agency)
    generated = (list(report.conclusions), list(report.follow_ups))
    initial: dict[str, Any] = {"revision": revision}
    if document is not None:
        initial.update({f"note_{k}": v for k, v in document.commentary.items()})
        initial["conclusions"] = document.conclusions
        initial["follow_ups"] = document.follow_ups
    else:
        initial["conclusions"] = "\n".join(generated[0])
        initial["follow_ups"] = "\n".join(generated[1])
    latest = versions[-1] if versions else None
    preface = documents.preface_for(agency)
    context: dict[str, Any] = {
        "month": month,
        "agency": agency,
        "document": document,
        "versions": versions,
        "final": final,
        "may_edit": may_edit,
        "may_sign": may_sign,
        "error": error,
        "generated": generated,
        "preface": preface,
        "preface_source": _source(preface, agency),
        "latest": latest,
        "query": _query(month, agency, asked),
        "month_ready": timezone.now() >= month.bounds()[1],
        "next_version": (latest.number + 1) if latest else 1,
    }
    if may_edit and not final:
        context["draft_form"] = given.get("draft_form") or DraftForm(initial=initial, prefix="draf")
    if may_sign and not final:
        context["finalise_form"] = given.get("finalise_form") or FinaliseForm(
            initial={
                "revision": revision,
                "signer_name": str(user),
                "signer_position": latest.signer_position if latest else "",
                "signed_on": timezone.localdate(),
            },
            month=month,
            correction=latest is not None,
            prefix="final",
        )
    if may_sign and final:
        context["correction_form"] = CorrectionForm(
            initial={"revision": revision}, prefix="koreksi"
        )
    response = render(request, "staff/reports/document.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _source(preface: Any, agency: Agency | None) -> str:
    """Whose preface a report uses: its own, the city's, or one above it ("" when none)."""
    if preface is None:
        return ""
    if preface.agency_id == (agency.pk if agency else None):
        return "own"
    return "city" if preface.agency_id is None else "above"


def _subject(request: HttpRequest) -> tuple[Month, Agency | None]:
    """The report the request names; InvalidMonth for a bad month, 404 outside one's scope."""
    month = _month(request)
    return month, _agency_or_404(request.user, request.GET.get("instansi", ""))


@require_GET
@staff_required
def document(request: HttpRequest) -> HttpResponse:
    try:
        month, agency = _subject(request)
    except InvalidMonth as exc:
        return _bad_month(request, exc)
    return _page(request, month, agency)


def _done(request: HttpRequest, month: Month, agency: Agency | None, text: str) -> HttpResponse:
    messages.success(request, text)
    asked = request.GET.get("instansi", "")
    return redirect(_url("staff:report_document", month, agency, asked))


@require_POST
@staff_required
def document_save(request: HttpRequest) -> HttpResponse:
    try:
        month, agency = _subject(request)
    except InvalidMonth as exc:
        return _bad_month(request, exc)
    form = DraftForm(request.POST, prefix="draf")
    if not documents.may_edit(request.user, agency):
        return _page(
            request, month, agency, status=403, error=_("Anda tidak boleh menyunting laporan ini.")
        )
    if not form.is_valid():
        return _page(request, month, agency, status=400, draft_form=form)
    try:
        documents.save_draft(
            month=month,
            agency=agency,
            by=request.user,
            texts=form.texts(),
            revision=form.cleaned_data["revision"],
            ip=client_ip(request),
        )
    except documents.DocumentError as exc:
        return _page(request, month, agency, status=exc.status, error=exc.message)
    return _done(request, month, agency, _("Draf laporan disimpan."))


@require_POST
@staff_required
def document_finalise(request: HttpRequest) -> HttpResponse:
    try:
        month, agency = _subject(request)
    except InvalidMonth as exc:
        return _bad_month(request, exc)
    if not documents.may_sign(request.user, agency):
        return _page(
            request,
            month,
            agency,
            status=403,
            error=_("Hanya pimpinan yang berwenang dapat memfinalkan laporan ini."),
        )
    document = documents.document_for(month, agency)
    if document is not None and document.status == ReportDocument.Status.FINAL:
        message = _("Laporan ini sudah final. Buat koreksi untuk versi berikutnya.")
        return _page(request, month, agency, status=409, error=message)
    correction = document is not None and document.versions.exists()
    form = FinaliseForm(request.POST, month=month, correction=correction, prefix="final")
    if not form.is_valid():
        return _page(request, month, agency, status=400, finalise_form=form)
    data = form.cleaned_data
    try:
        version = documents.finalise(
            month=month,
            agency=agency,
            by=request.user,
            signer=documents.SignerDetails(
                name=data["signer_name"].strip(),
                position=data["signer_position"].strip(),
                signed_on=data["signed_on"],
                number=data["signer_number"],
            ),
            note=data.get("note", ""),
            revision=data["revision"],
            link_base=request.build_absolute_uri("/").rstrip("/"),
            ip=client_ip(request),
        )
    except documents.DocumentError as exc:
        return _page(request, month, agency, status=exc.status, error=exc.message)
    return _done(
        request,
        month,
        agency,
        _("Laporan difinalkan sebagai versi %(n)s. Angka dan teksnya kini tetap.")
        % {"n": version.number},
    )


@require_POST
@staff_required
def document_correct(request: HttpRequest) -> HttpResponse:
    try:
        month, agency = _subject(request)
    except InvalidMonth as exc:
        return _bad_month(request, exc)
    form = CorrectionForm(request.POST, prefix="koreksi")
    if not documents.may_sign(request.user, agency):
        return _page(
            request,
            month,
            agency,
            status=403,
            error=_("Hanya pimpinan yang berwenang dapat mengoreksi laporan ini."),
        )
    if not form.is_valid():
        return _page(
            request,
            month,
            agency,
            status=400,
            error=_("Formulir koreksi tidak lengkap; muat ulang halaman."),
        )
    try:
        documents.start_correction(
            month=month,
            agency=agency,
            by=request.user,
            revision=form.cleaned_data["revision"],
            ip=client_ip(request),
        )
    except documents.DocumentError as exc:
        return _page(request, month, agency, status=exc.status, error=exc.message)
    return _done(
        request,
        month,
        agency,
        _("Koreksi dibuka. Versi yang sudah ditandatangani tetap dapat diunduh."),
    )


@require_GET
@staff_required
def version_file(request: HttpRequest, number: int, fmt: str) -> HttpResponse:
    """A signed version's file, as it was stored when it was signed."""
    if fmt not in files.FORMATS:
        raise Http404("No such format")
    try:
        month, agency = _subject(request)
    except InvalidMonth as exc:
        return _bad_month(request, exc)
    version = (
        ReportVersion.objects.filter(
            document__month=month.first_day, document__agency=agency, number=number
        )
        .prefetch_related("files")
        .first()
    )
    handle = documents.open_file(version, fmt) if version is not None else None
    if handle is None:
        raise Http404("No such version or file")
    response = FileResponse(handle, content_type=files.CONTENT_TYPES[fmt])
    name = files.name_for(month, agency, fmt, version=number)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    if fmt == "html":
        response["Content-Security-Policy"] = files.DOCUMENT_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# The preface


@require_http_methods(["GET", "POST"])
@staff_required
def preface(request: HttpRequest) -> HttpResponse:
    agency = _agency_or_404(request.user, request.GET.get("instansi", ""))
    asked = request.GET.get("instansi", "")
    may_sign = documents.may_sign(request.user, agency)
    own = documents.own_preface(agency)
    month: Month | None
    try:
        month = Month.parse(request.GET["bulan"]) if request.GET.get("bulan") else None
    except InvalidMonth:
        month = None
    form = PrefaceForm(
        request.POST or None,
        initial={
            "introduction": own.introduction if own else "",
            "legal_basis": own.legal_basis if own else "",
            "signing_place": own.signing_place if own else "",
        },
    )
    status = 200
    error = ""
    if request.method == "POST":
        if not may_sign:
            status = 403
            error = _("Hanya pimpinan yang berwenang dapat mengubah pengantar laporan.")
        elif form.is_valid():
            documents.save_preface(
                agency=agency,
                by=request.user,
                ip=client_ip(request),
                **form.cleaned_data,
            )
            messages.success(request, _("Pengantar laporan disimpan."))
            return redirect(_url("staff:report_preface", month, agency, asked))
        else:
            status = 400
    response = render(
        request,
        "staff/reports/preface.html",
        {
            "form": form,
            "agency": agency,
            "own": own,
            "used": documents.preface_for(agency),
            "may_sign": may_sign,
            "error": error,
            "month": month,
            "query": _query(month, agency, asked),
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response
