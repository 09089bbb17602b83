"""Queue pages of the staff console (with filters, search, bounded counts) and bulk actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aduan.accounts.models import Role
from aduan.complaints import actions
from aduan.complaints.access import scope_of, visible_complaints
from aduan.complaints.errors import ActionError
from aduan.complaints.models import Complaint
from aduan.complaints.queues import (
    COUNT_LIMIT,
    QUEUES,
    Filters,
    Queue,
    apply_filters,
    bounded_count,
    default_queue,
    ordered,
    queue_queryset,
)
from aduan.lib.ratelimit import client_ip
from aduan.staff.decorators import staff_required
from aduan.staff.forms import BulkForm, FilterForm
from aduan.staff.nav import queue_links

PAGE_SIZE = 25
# Offset pages past this are not offered: narrow the filters instead of paging a million rows.
MAX_PAGE = COUNT_LIMIT // PAGE_SIZE


def _bulk_kind(request: HttpRequest, queue: Queue) -> str:
    """Which bulk action this queue offers this user: route (the desk), accept (officers), none."""
    roles = scope_of(request.user).roles
    if queue.slug in {"baru", "informasi", "dikembalikan"} and Role.VERIFIER in roles:
        return "route"
    if queue.slug == "masuk" and (Role.OFFICER in roles or Role.SUPERVISOR in roles):
        return "accept"
    return ""


def _page_number(request: HttpRequest) -> int:
    try:
        page = int(request.GET.get("halaman", "1"))
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("halaman", None)
    return params.urlencode()


@require_GET
@staff_required
def queue(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    user = request.user
    if slug is None:
        current = default_queue(user)
    else:
        found = QUEUES.get(slug)
        if found is None or not found.shown(scope_of(user)):
            raise Http404("No such queue")
        current = found
    form = FilterForm(request.GET or None)
    filters = form.filters()
    qs = apply_filters(queue_queryset(user, current), filters)
    page = _page_number(request)
    start = (page - 1) * PAGE_SIZE
    # Ids first, then the rows: the database sorts narrow index entries, not joined rows.
    ids = list(
        ordered(qs, current, filters).values_list("pk", flat=True)[start : start + PAGE_SIZE + 1]
    )
    page_rows = Complaint.objects.filter(pk__in=ids).select_related(
        "category", "area", "agency", "unit"
    )
    by_id = {c.pk: c for c in page_rows}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    has_next = len(rows) > PAGE_SIZE and page < MAX_PAGE
    rows = rows[:PAGE_SIZE]
    links = queue_links(user)
    # Without filters the page's count is the one the navigation just made.
    known = [link.count for link in links if link.slug == current.slug and link.count >= 0]
    total = known[0] if known and filters == Filters() else bounded_count(qs)
    return render(
        request,
        "staff/queue.html",
        {
            "queue": current,
            "by_due": current.by_due or filters.overdue,
            "queues": links,
            "form": form,
            "rows": rows,
            "page": page,
            "has_next": has_next,
            "has_previous": page > 1,
            "query": _query_without_page(request),
            "total": total,
            "total_label": f"{COUNT_LIMIT}+" if total > COUNT_LIMIT else str(total),
            "bulk": _bulk_kind(request, current),
            "bulk_form": BulkForm(initial={"action": _bulk_kind(request, current)}),
        },
    )


@dataclass
class BulkResult:
    code: str
    ok: bool
    message: str


@require_POST
@staff_required
def bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """Route or accept several complaints at once; each goes through its own action."""
    current = QUEUES.get(slug)
    if current is None or not current.shown(scope_of(request.user)):
        raise Http404("No such queue")
    kind = _bulk_kind(request, current)
    form = BulkForm(request.POST)
    back = redirect("staff:queue", slug)
    if not kind or not form.is_valid() or form.cleaned_data["action"] != kind:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        if not form.errors:
            messages.error(request, _("Tindakan massal ini tidak tersedia di antrean ini."))
        return back
    selected: dict[str, int] = {}
    for value in request.POST.getlist("pilih")[:PAGE_SIZE]:
        code, _sep, number = value.partition(":")
        if number.isdigit():
            selected[code.strip().upper()] = int(number)
    if not selected:
        messages.error(request, _("Pilih minimal satu aduan."))
        return back
    found = {
        c.tracking_code: c
        for c in visible_complaints(request.user)
        .filter(tracking_code__in=list(selected))
        .select_related("category", "agency", "unit")
    }
    results = []
    for code, version in selected.items():
        complaint = found.get(code)
        if complaint is None:
            results.append(BulkResult(code, False, _("Aduan tidak ditemukan.")))
            continue
        try:
            if kind == "route":
                actions.verify_complaint(
                    complaint,
                    by=request.user,  # type: ignore[arg-type]
                    target=form.cleaned_data["target"],
                    expected_version=version,
                    ip=client_ip(request),
                )
            else:
                actions.accept_complaint(
                    complaint,
                    by=request.user,  # type: ignore[arg-type]
                    expected_version=version,
                    ip=client_ip(request),
                )
        except ActionError as error:
            results.append(BulkResult(code, False, str(error.message)))
        else:
            results.append(BulkResult(code, True, ""))
    done = [r.code for r in results if r.ok]
    if done:
        verb = _("didisposisikan") if kind == "route" else _("diterima")
        messages.success(
            request,
            _("%(n)d aduan %(verb)s: %(codes)s")
            % {"n": len(done), "verb": verb, "codes": ", ".join(done)},
        )
    for r in results:
        if not r.ok:
            messages.error(request, f"{r.code}: {r.message}")
    return back
