"""Intake on behalf of a citizen: the desk records a complaint that came by phone, chat, letter..."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aduan.accounts.models import Role
from aduan.complaints import actions
from aduan.complaints.access import scope_of
from aduan.complaints.errors import ActionError
from aduan.lib.ratelimit import client_ip
from aduan.staff.complaint_views import forbidden
from aduan.staff.decorators import staff_required
from aduan.staff.forms import IntakeForm


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    if Role.VERIFIER not in scope_of(request.user).roles:
        return forbidden(request, _("Hanya verifikator yang dapat mencatat aduan dari kanal lain."))
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    form = IntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        reporter = actions.ReporterDetails(
            name=d["name"].strip(),
            phone=d["phone"],
            email=d["email"],
            channel_reference=d["channel_reference"].strip(),
            original_message=d["original_message"].strip(),
        )
        # Everything of the reporter, the channel reference and the pasted message included, goes
        # to the encrypted reporter record; the complaint keeps only the desk's own text.
        has_reporter = any(
            d[k].strip()
            for k in ("name", "phone", "email", "channel_reference", "original_message")
        )
        try:
            complaint = actions.submit_complaint(
                by=request.user,  # type: ignore[arg-type]
                category=d["category"],
                title=d["title"],
                description=d["description"],
                area=d["area"],
                address=d["address"],
                channel=d["channel"],
                is_anonymous=d["is_anonymous"],
                is_confidential=d["is_confidential"],
                reporter=reporter if has_reporter else None,
                photos=d["photos"],
                ip=client_ip(request),
            )
        except ActionError as error:
            form.add_error(None, str(error.message))
        else:
            if d["phone"] or d["email"]:
                note = _("Kode lacak dikirim ke kontak pelapor.")
            else:
                note = _("Pelapor tidak meninggalkan kontak: sampaikan kode ini secara langsung.")
            messages.success(
                request,
                _("Aduan tercatat dengan kode lacak %(code)s. %(note)s")
                % {"code": complaint.tracking_code, "note": note},
            )
            return redirect("staff:complaint", complaint.tracking_code)
    status = 400 if request.method == "POST" else 200
    return render(request, "staff/intake.html", {"form": form}, status=status)
