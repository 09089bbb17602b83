"""The end of a report: completeness check, check-answers page, the submit, and the confirmation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aduan.agencies.models import Classification, DeadlineRule, Step
from aduan.complaints import actions, deadlines
from aduan.complaints.errors import ActionError
from aduan.complaints.models import Complaint
from aduan.lib import antispam, ratelimit
from aduan.lib import nik as nik_lib
from aduan.lib.signing import reporter_token
from aduan.public import draft as drafts
from aduan.public.forms import CITIZEN_CLASSIFICATIONS, SubmitForm
from aduan.public.pages import page
from aduan.public.reporter import remember_reporter

# Reports per IP address per hour; generous for a family sharing one connection, low for a script.
SUBMIT_LIMIT = 10
SUBMIT_WINDOW = 3600
# Reports per phone number or email per day, whatever the network they come from.
SUBMIT_CONTACT_LIMIT = 20
SUBMIT_CONTACT_WINDOW = 24 * 3600


def missing_essentials(current: dict[str, Any]) -> list[tuple[str, str]]:
    """What a complete report still lacks (what, where, when), each with the step that asks for it."""
    missing: list[tuple[str, str]] = []
    change = "?ubah=1"
    if not current.get("classification"):
        missing.append((_("Pilih jenis laporan."), reverse("public:start") + change))
    if drafts.category(current) is None:
        missing.append((_("Pilih kategori aduan."), reverse("public:category") + change))
    if not (current.get("title") and current.get("description")):
        missing.append((_("Ceritakan apa yang terjadi."), reverse("public:what") + change))
    if not (current.get("occurred_on") or current.get("occurred_time")):
        missing.append((_("Sebutkan kapan kejadiannya."), reverse("public:what") + change))
    location_needed = current.get("classification") not in (
        Classification.ASPIRATION,
        Classification.INFORMATION,
    )
    if location_needed and not current.get("area"):
        missing.append((_("Sebutkan di mana kejadiannya."), reverse("public:where") + change))
    if current.get("consent") != settings.ADUAN_PRIVACY_NOTICE_VERSION:
        missing.append((_("Setujui pemberitahuan privasi."), reverse("public:consent") + change))
    return missing


def summary_rows(current: dict[str, Any]) -> list[dict[str, Any]]:
    labels = {value: label for value, label, _hint in CITIZEN_CLASSIFICATIONS}
    chosen = drafts.category(current)
    area = drafts.area(current)
    when = ""
    if current.get("occurred_on"):
        when = date_format(date.fromisoformat(current["occurred_on"]), "j F Y")
    when = ", ".join(x for x in (when, current.get("occurred_time", "")) if x)
    where = ", ".join(
        x
        for x in (
            current.get("address", ""),
            area.name if area else "",
            (_("Kecamatan %(name)s") % {"name": area.parent.name}) if area and area.parent else "",
        )
        if x
    )
    if current.get("latitude"):
        where += "\n" + _("Titik peta: %(lat)s, %(lon)s") % {
            "lat": current["latitude"],
            "lon": current["longitude"],
        }
    privacy = []
    if current.get("is_anonymous"):
        privacy.append(_("Anonim"))
    if current.get("is_confidential"):
        privacy.append(_("Rahasia"))
    contact = [current.get("email", ""), current.get("phone", "")]
    if current.get("phone"):
        contact[1] += f" ({current.get('phone_channel', 'whatsapp').capitalize()})"
    yes, none = _("Ya"), _("Tidak ada")
    rows = [
        (_("Jenis laporan"), labels.get(current.get("classification", ""), ""), "public:start"),
        (_("Kategori"), str(chosen) if chosen else "", "public:category"),
        (_("Judul"), current.get("title", ""), "public:what"),
        (_("Apa yang terjadi"), current.get("description", ""), "public:what"),
        (_("Kapan"), when, "public:what"),
        (_("Pihak terlibat"), current.get("parties_involved", "") or none, "public:what"),
        (_("Lokasi"), where, "public:where"),
        (
            _("Foto"),
            _("%(n)d foto") % {"n": len(current.get("photos", []))}
            if current.get("photos")
            else none,
            "public:photos",
        ),
        (_("Privasi"), " + ".join(str(p) for p in privacy) or _("Biasa"), "public:privacy_choice"),
        (_("Kontak"), "\n".join(c for c in contact if c) or none, "public:contact"),
        (_("Nama"), current.get("name", "") or none, "public:contact"),
    ]
    if current.get("nik"):
        rows.append((_("NIK"), nik_lib.mask(current["nik"]), "public:contact"))
    rows.append(
        (
            _("Persetujuan privasi"),
            yes if current.get("consent") == settings.ADUAN_PRIVACY_NOTICE_VERSION else "",
            "public:consent",
        )
    )
    return [
        {"label": label, "value": value, "url": reverse(name) + "?ubah=1"}
        for label, value, name in rows
    ]


def _classification(current: dict[str, Any], category: Any) -> str:
    chosen = current.get("classification") or category.default_classification
    if chosen == Classification.COMPLAINT and (
        category.default_classification == Classification.MISCONDUCT
    ):
        return str(Classification.MISCONDUCT)
    return str(chosen)


def _check_page(
    request: HttpRequest,
    current: dict[str, Any],
    form: SubmitForm | None = None,
    errors: list[tuple[Any, str]] | None = None,
    status: int = 200,
    pow_challenge: str | None = None,
) -> HttpResponse:
    missing = missing_essentials(current)
    if pow_challenge is None and antispam.pow_bits():
        pow_challenge = antispam.issue_challenge()
    return page(
        request,
        "public/step_check.html",
        {
            "rows": summary_rows(current),
            "missing": missing,
            "token": current["token"],
            "pow_challenge": pow_challenge or "",
            "pow_bits": antispam.pow_bits(),
            "back_url": reverse("public:consent"),
            "step_number": 9,
            "step_total": 9,
        },
        forms_=[form],
        errors=(errors or []) + missing,
        status=status,
    )


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    current = drafts.load(request)
    drafts.save(request, current)
    if request.method == "GET":
        return _check_page(request, current)

    form = SubmitForm(request.POST)
    submitted: dict[str, str] = request.session.get(drafts.SUBMITTED_KEY, {})
    token = request.POST.get("token", "")
    if token in submitted:
        # The same report sent twice (double click, back and resend): one complaint.
        return redirect("public:sent", code=submitted[token])
    if not form.is_valid() or form.cleaned_data["token"] != current["token"]:
        return _check_page(
            request,
            current,
            errors=[(_("Formulir ini sudah kedaluwarsa. Periksa jawaban lalu kirim lagi."), "")],
            status=400,
        )
    if form.cleaned_data["website"]:
        return _check_page(
            request,
            current,
            errors=[(_("Aduan tidak dapat dikirim. Muat ulang halaman lalu coba lagi."), "")],
            status=400,
        )
    if antispam.report_too_fast(current.get("started")):
        return _check_page(
            request,
            current,
            errors=[
                (_("Aduan terkirim terlalu cepat. Periksa jawaban Anda, lalu kirim lagi."), "")
            ],
            status=400,
        )
    challenge = request.POST.get("pow_challenge", "")
    problem, spent = antispam.check_pow(challenge, request.POST.get("pow_solution", ""))
    if problem:
        # Without JavaScript the same challenge stays on the page, so the waiting time counts.
        return _check_page(
            request,
            current,
            errors=[(problem, "")],
            status=400,
            pow_challenge=None if spent else challenge,
        )
    if missing_essentials(current):
        return _check_page(request, current, status=400)
    ip = ratelimit.client_ip(request)
    # A report counts against the limits once, however often sending it is retried: a citizen
    # whose first try failed (a server error, a dropped connection) must not end up refused. A
    # token makes one complaint at most, so retrying it cannot be used to send more reports.
    token = current["token"]
    done = cache.get(f"aduan:submit:done:{token}")
    if done:
        # Saved already, but the answer never reached the browser (or its session was lost).
        return redirect("public:sent", code=done)
    first_try = cache.add(f"aduan:submit:counted:{token}", "1", SUBMIT_CONTACT_WINDOW)
    if first_try and not ratelimit.hit(f"submit:ip:{ip}", limit=SUBMIT_LIMIT, window=SUBMIT_WINDOW):
        cache.delete(f"aduan:submit:counted:{token}")
        return _check_page(
            request,
            current,
            errors=[
                (
                    _(
                        "Terlalu banyak aduan dikirim dari jaringan ini dalam satu jam. "
                        "Jawaban Anda tersimpan; coba kirim lagi nanti."
                    ),
                    "",
                )
            ],
            status=429,
        )
    if first_try and not ratelimit.contact_allowed(
        "submit",
        email=current.get("email", ""),
        phone=current.get("phone", ""),
        limit=SUBMIT_CONTACT_LIMIT,
        window=SUBMIT_CONTACT_WINDOW,
    ):
        cache.delete(f"aduan:submit:counted:{token}")
        return _check_page(
            request,
            current,
            errors=[
                (
                    _(
                        "Terlalu banyak aduan dengan nomor telepon atau email ini hari ini. "
                        "Jawaban Anda tersimpan; coba kirim lagi besok."
                    ),
                    "",
                )
            ],
            status=429,
        )
    # Two requests with the same token at the same moment: only the first may go on.
    lock = f"aduan:submit:{token}"
    if not cache.add(lock, "1", 120):
        return _check_page(
            request,
            current,
            errors=[(_("Aduan Anda sedang dikirim. Tunggu sebentar lalu muat ulang."), "")],
            status=409,
        )
    try:
        complaint = _submit(request, current, ip)
        cache.set(f"aduan:submit:done:{token}", complaint.tracking_code, SUBMIT_CONTACT_WINDOW)
    except ActionError as exc:
        return _check_page(request, current, errors=[(exc.message, "")], status=400)
    finally:
        # Whatever happened (a refusal, a server error), the citizen may send again at once.
        cache.delete(lock)
    submitted[token] = complaint.tracking_code
    request.session[drafts.SUBMITTED_KEY] = submitted
    remember_reporter(request, complaint.tracking_code)
    drafts.discard(request)
    return redirect("public:sent", code=complaint.tracking_code)


def _submit(request: HttpRequest, current: dict[str, Any], ip: str) -> Complaint:
    category = drafts.category(current)
    assert category is not None
    user = request.user if request.user.is_authenticated else None
    occurred_on = date.fromisoformat(current["occurred_on"]) if current.get("occurred_on") else None
    lat, lon = current.get("latitude"), current.get("longitude")
    reporter = actions.ReporterDetails(
        name=current.get("name", ""),
        nik=current.get("nik", ""),
        phone=current.get("phone", ""),
        email=current.get("email", ""),
        language=(get_language() or "id")[:2],
        phone_channel=current.get("phone_channel") or "whatsapp",
        user=user if user is not None and getattr(user, "is_citizen", False) else None,
    )
    return actions.submit_complaint(
        by=user if user is not None and getattr(user, "is_citizen", False) else None,
        category=category,
        classification=_classification(current, category),
        title=current.get("title", ""),
        description=current.get("description", ""),
        occurred_on=occurred_on,
        occurred_time=current.get("occurred_time", ""),
        parties_involved=current.get("parties_involved", ""),
        area=drafts.area(current),
        address=current.get("address", ""),
        latitude=Decimal(lat) if lat else None,
        longitude=Decimal(lon) if lon else None,
        is_anonymous=bool(current.get("is_anonymous")),
        is_confidential=bool(current.get("is_confidential")),
        reporter=reporter,
        photos=drafts.clean_images(current),
        consent_version=current.get("consent", ""),
        ip=ip,
    )


def next_deadline(complaint: Complaint) -> str:
    """What the complaint's running clock is for, in the citizen's words, with its due time.

    A report in an urgent category routes itself to the agency, so its first deadline is the
    agency's, not the desk's verification.
    """
    if complaint.due_at is None:
        return ""
    due = date_format(timezone.localtime(complaint.due_at), "j F Y, H.i T")
    step = deadlines.STEP_FOR_STATUS.get(complaint.status)
    agency = str(complaint.agency) if complaint.agency else ""
    if step == Step.FIRST_RESPONSE and agency:
        return _(
            "Aduan Anda langsung diteruskan ke %(agency)s. Tindak lanjut pertama paling lambat "
            "%(due)s."
        ) % {"agency": agency, "due": due}
    if step == Step.COMPLETION and agency:
        return _("%(agency)s menyelesaikan aduan Anda paling lambat %(due)s.") % {
            "agency": agency,
            "due": due,
        }
    return _("Verifikasi aduan Anda paling lambat %(due)s.") % {"due": due}


def deadline_rows(complaint: Complaint) -> list[dict[str, Any]]:
    """The limits that apply to this complaint, read from the administrators' deadline rules.

    Verification is left out when the report already went past the desk on its own.
    """
    rows = []
    for step, text in (
        (
            Step.VERIFICATION,
            _("Kami memeriksa aduan Anda dan meneruskannya ke instansi yang berwenang."),
        ),
        (Step.FIRST_RESPONSE, _("Instansi memberi tindak lanjut pertama.")),
        (Step.COMPLETION, _("Instansi menyelesaikan aduan dan melaporkan hasilnya.")),
        (Step.CONFIRMATION, _("Anda mengonfirmasi atau menyanggah penyelesaian.")),
    ):
        if step == Step.VERIFICATION and complaint.routed_at is not None:
            continue
        rule = deadlines.rule_for(step, complaint)
        if rule is None:
            continue
        unit = _("hari kerja") if rule.unit == DeadlineRule.Unit.WORKING_DAYS else _("jam")
        rows.append({"step": Step(step).label, "text": text, "limit": f"{rule.amount} {unit}"})
    return rows


def sent(request: HttpRequest, code: str) -> HttpResponse:
    """The confirmation page, only in the browser session that sent the report (bookmarks work
    there). Anyone else gets the same 404 whether the code exists or not, so it reveals nothing,
    not even that a rahasia complaint exists."""
    own = code in request.session.get(drafts.SUBMITTED_KEY, {}).values()
    complaint = (
        Complaint.objects.select_related("category", "reporter", "agency")
        .filter(tracking_code=code)
        .first()
        if own
        else None
    )
    if complaint is None:
        return page(
            request,
            "public/track_form.html",
            {"form": None},
            errors=[
                (
                    _(
                        "Halaman konfirmasi ini hanya dapat dibuka di peramban yang mengirim "
                        "aduan. Lacak aduan dengan kode lacak Anda."
                    ),
                    "",
                )
            ],
            status=404,
        )
    secret_url = request.build_absolute_uri(
        reverse("public:tracking", args=[complaint.tracking_code])
        + "?kunci="
        + reporter_token(complaint.tracking_code)
    )
    return page(
        request,
        "public/sent.html",
        {
            "complaint": complaint,
            "own": own,
            "secret_url": secret_url,
            "deadlines": deadline_rows(complaint),
            "next_deadline": next_deadline(complaint),
            "has_contact": complaint.reporter is not None and complaint.reporter.has_contact,
        },
    )
