"""The public archive (/arsip/): list, filters, full-text search, and the "dukung" (+1) button.

Only Complaint.objects.public() is ever listed (published once a person looked at it; never
rahasia, rejected or merged away), and no page here shows a reporter's name or contact. Paging
never counts the whole table: the newest-first list moves on with a (created_at, id) cursor, and a
count stops at COUNT_CAP.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from aduan.agencies.models import Agency, Area, AreaLevel, Category
from aduan.complaints import search, similar, support
from aduan.complaints.errors import ActionError
from aduan.complaints.models import Complaint, ComplaintQuerySet
from aduan.complaints.states import Status
from aduan.lib import ratelimit

PAGE_SIZE = 20
COUNT_CAP = 1000
# Ranked search results are paged by offset; deeper pages than this are not worth ranking.
MAX_SEARCH_PAGES = 10
BROWSER_COOKIE = "aduan_browser"
BROWSER_COOKIE_AGE = 2 * 365 * 24 * 3600
_BROWSER_KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_CURSOR = re.compile(r"^(\d{1,19})-(\d{1,19})$")
SUPPORTS_PER_IP_PER_HOUR = 30

# The status filter uses the public words citizens see on every complaint (states.PUBLIC_LABELS).
PUBLIC_STATUS: dict[str, tuple[Any, frozenset[str]]] = {
    "belum-terverifikasi": (gettext_lazy("Belum Terverifikasi"), frozenset({Status.SUBMITTED})),
    "menunggu-pelapor": (gettext_lazy("Menunggu Jawaban Pelapor"), frozenset({Status.NEEDS_INFO})),
    "belum-ditindaklanjuti": (gettext_lazy("Belum Ditindaklanjuti"), frozenset({Status.ROUTED})),
    "proses": (
        gettext_lazy("Proses"),
        frozenset({Status.IN_PROGRESS, Status.UNDER_REVIEW}),
    ),
    "selesai": (gettext_lazy("Selesai"), frozenset({Status.RESOLVED, Status.CLOSED})),
}


class ArchiveFilter(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Kata kunci"),
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
        help_text=gettext_lazy("Contoh: jalan berlubang, lampu jalan mati."),
        widget=forms.TextInput(attrs={"type": "search", "class": "input"}),
    )
    kategori = forms.ChoiceField(label=gettext_lazy("Kategori"), required=False)
    kecamatan = forms.ChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    kelurahan = forms.ChoiceField(label=gettext_lazy("Kelurahan/desa"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    instansi = forms.ChoiceField(label=gettext_lazy("Instansi"), required=False)
    dari = forms.DateField(
        label=gettext_lazy("Diajukan sejak"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d"),
    )
    sampai = forms.DateField(
        label=gettext_lazy("Diajukan sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Semua"))]
        categories = Category.objects.filter(is_active=True, is_sensitive=False)
        self._choices("kategori", every + [(c.slug, c.name) for c in categories])
        areas = Area.objects.only("code", "name", "parent_id").order_by("name")
        districts = list(areas.filter(level=AreaLevel.DISTRICT))
        self._choices("kecamatan", every + [(a.code, a.name) for a in districts])
        villages: dict[str, list[tuple[str, str]]] = {}
        for village in areas.filter(level=AreaLevel.VILLAGE):
            villages.setdefault(village.parent_id or "", []).append((village.code, village.name))
        names = {a.code: a.name for a in districts}
        grouped = [(names.get(parent, _("Lainnya")), group) for parent, group in villages.items()]
        self._choices("kelurahan", every + grouped)
        self._choices("status", every + [(k, v[0]) for k, v in PUBLIC_STATUS.items()])
        agencies = Agency.objects.filter(is_active=True).exclude(
            kind__in=[Agency.Kind.UNIT, Agency.Kind.GOVERNMENT, Agency.Kind.DESK]
        )
        self._choices("instansi", every + [(a.code, str(a)) for a in agencies])
        for name in ("kategori", "kecamatan", "kelurahan", "status", "instansi"):
            self.fields[name].widget.attrs["class"] = "select"

    def _choices(self, name: str, choices: list[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("dari"), data.get("sampai")
        if start and end and start > end:
            self.add_error(
                "sampai", _("Tanggal akhir harus sama dengan atau sesudah tanggal awal.")
            )
        return data


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered(data: dict[str, Any]) -> ComplaintQuerySet:
    """Public complaints matching the cleaned filter values (search is applied separately)."""
    qs = Complaint.objects.public()
    if data.get("kategori"):
        qs = qs.filter(category__slug=data["kategori"])
    if data.get("kelurahan"):
        qs = qs.filter(area_id=data["kelurahan"])
    elif data.get("kecamatan"):
        qs = qs.filter(area__parent_id=data["kecamatan"])
    if data.get("status"):
        qs = qs.filter(status__in=PUBLIC_STATUS[data["status"]][1])
    if data.get("instansi"):
        qs = qs.filter(agency__code=data["instansi"])
    if data.get("dari"):
        qs = qs.filter(created_at__gte=_local_midnight(data["dari"]))
    if data.get("sampai"):
        qs = qs.filter(created_at__lt=_local_midnight(data["sampai"] + timedelta(days=1)))
    return qs


def encode_cursor(complaint: Complaint) -> str:
    moment = complaint.created_at - datetime(1970, 1, 1, tzinfo=UTC)
    micros = (moment.days * 86400 + moment.seconds) * 1_000_000 + moment.microseconds
    return f"{micros}-{complaint.pk}"


def decode_cursor(text: str) -> tuple[datetime, int] | None:
    match = _CURSOR.match(text or "")
    if not match:
        return None
    try:
        moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(match[1]))
    except OverflowError:
        return None
    return moment, int(match[2])


@dataclass
class Page:
    items: list[Complaint]
    next_url: str | None
    first_url: str | None
    total: int
    total_capped: bool


def _page_url(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for key in ("setelah", "halaman"):
        params.pop(key, None)
    for key, value in changes.items():
        params[key] = value
    query = urlencode([(k, v) for k in params for v in params.getlist(k) if v != ""])
    return request.path + ("?" + query if query else "")


def paginate(
    request: HttpRequest,
    qs: QuerySet[Complaint],
    *,
    ranked: bool,
    counted: QuerySet[Complaint] | None = None,
) -> Page:
    """One page of qs; `counted` (default qs) is what the capped count counts."""
    total = (counted if counted is not None else qs).order_by()[: COUNT_CAP + 1].count()
    related = qs.select_related("category", "area", "area__parent", "agency", "unit")
    first_url = None
    if ranked:
        try:
            number = int(request.GET.get("halaman", "1"))
        except ValueError:
            number = 1
        number = min(max(number, 1), MAX_SEARCH_PAGES)
        offset = (number - 1) * PAGE_SIZE
        rows = list(related[offset : offset + PAGE_SIZE + 1])
        more = len(rows) > PAGE_SIZE and number < MAX_SEARCH_PAGES
        next_url = _page_url(request, halaman=str(number + 1)) if more else None
        if number > 1:
            first_url = _page_url(request)
    else:
        ordered = related.order_by("-created_at", "-id")
        cursor = decode_cursor(request.GET.get("setelah", ""))
        if cursor is not None:
            moment, pk = cursor
            ordered = ordered.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__lt=pk))
            first_url = _page_url(request)
        rows = list(ordered[: PAGE_SIZE + 1])
        more = len(rows) > PAGE_SIZE
        next_url = _page_url(request, setelah=encode_cursor(rows[PAGE_SIZE - 1])) if more else None
    return Page(rows[:PAGE_SIZE], next_url, first_url, min(total, COUNT_CAP), total > COUNT_CAP)


def browser_key(request: HttpRequest) -> str:
    value = request.COOKIES.get(BROWSER_COOKIE, "")
    return value if _BROWSER_KEY.match(value) else ""


@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    form = ArchiveFilter(request.GET or None)
    query = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        query = data.get("q", "")
    else:
        # Invalid filters are shown in the error summary; the list falls back to everything.
        data = {}
    qs: QuerySet[Complaint] = filtered(data)
    unsearchable = bool(query.strip()) and not search.is_searchable(query)
    counted = None
    if query.strip():
        counted = search.matching(qs, query)
        qs = search.search(qs, query, window=MAX_SEARCH_PAGES * PAGE_SIZE)
    page = paginate(request, qs, ranked=bool(query.strip()), counted=counted)
    supported = support.supported_ids(
        [c.pk for c in page.items], user=request.user, browser_key=browser_key(request)
    )
    for complaint in page.items:
        complaint.is_supported = complaint.pk in supported  # type: ignore[attr-defined]
    return render(
        request,
        "public/archive.html",
        {
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "page": page,
            "query": query,
            "unsearchable": unsearchable,
            "filtering": any(v for k, v in data.items() if k != "q"),
        },
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def draft_contact(request: HttpRequest) -> support.Contact | None:
    """Contact details the citizen already typed into their report draft, if any."""
    from aduan.public import draft

    values = draft.load(request)
    contact = support.Contact(
        email=str(values.get("email") or ""),
        phone=str(values.get("phone") or ""),
        phone_channel=str(values.get("phone_channel") or "whatsapp"),
        language=translation.get_language() or "id",
    )
    return contact or None


def similar_for_draft(request: HttpRequest) -> list[Complaint]:
    """Similar open public complaints for the citizen's report draft (for public/similar.html).

    Needs the draft's category and either its pin or its kelurahan; otherwise an empty list.
    """
    from aduan.public import draft

    values = draft.load(request)
    category = draft.category(values)
    if category is None:
        return []
    try:
        latitude = Decimal(values["latitude"]) if values.get("latitude") else None
        longitude = Decimal(values["longitude"]) if values.get("longitude") else None
    except (InvalidOperation, TypeError):
        latitude = longitude = None
    return similar.find(
        category=category, latitude=latitude, longitude=longitude, area=draft.area(values)
    )


@require_POST
def support_view(request: HttpRequest, code: str) -> HttpResponse:
    complaint = get_object_or_404(Complaint.objects.public(), tracking_code=code)
    fallback = reverse("public:tracking", args=[complaint.tracking_code])
    target = _safe_next(request, fallback)
    ip = ratelimit.client_ip(request)
    if not ratelimit.hit(f"dukung:ip:{ip}", SUPPORTS_PER_IP_PER_HOUR, 3600):
        return ratelimit.too_many(request, 3600)
    key = browser_key(request)
    new_key = "" if key else secrets.token_urlsafe(24)
    user = request.user if request.user.is_authenticated else None
    # Supporters follow the complaint (DESIGN §2); visitors only when they asked and left contact.
    follow = user is not None or request.POST.get("ikuti") == "1"
    contact = draft_contact(request) if follow and user is None else None
    per_person = (
        ratelimit.hit(f"dukung:user:{user.pk}", SUPPORTS_PER_IP_PER_HOUR, 3600)
        if user is not None
        else ratelimit.contact_allowed(
            "dukung",
            email=contact.email if contact else "",
            phone=contact.phone if contact else "",
            limit=SUPPORTS_PER_IP_PER_HOUR,
            window=3600,
        )
    )
    if not per_person:
        return ratelimit.too_many(request, 3600)
    try:
        outcome = support.support_complaint(
            complaint,
            by=user,
            browser_key=key or new_key,
            follow=follow,
            contact=contact,
            ip=ip,
        )
    except ActionError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(target)
    if outcome.counted:
        text = _("Terima kasih, dukungan Anda untuk aduan %(code)s tercatat.")
    else:
        text = _("Anda sudah mendukung aduan %(code)s sebelumnya.")
    if outcome.followed:
        text += " " + _("Anda akan menerima kabar perkembangan aduan ini.")
    messages.success(request, text % {"code": complaint.tracking_code})
    response = HttpResponseRedirect(target)
    if new_key:
        response.set_cookie(
            BROWSER_COOKIE,
            new_key,
            max_age=BROWSER_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
        )
    return response


def supported_here(request: HttpRequest, complaint: Complaint) -> bool:
    """Whether the person (or browser) of this request has supported complaint."""
    return support.has_supported(complaint, user=request.user, browser_key=browser_key(request))
