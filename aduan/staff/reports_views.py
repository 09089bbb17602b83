"""Report pages of the staff console: dashboards, the monthly report, and complaint exports."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aduan.agencies.models import Agency
from aduan.complaints.access import scope_of, visible_complaints
from aduan.complaints.models import ComplaintQuerySet
from aduan.complaints.queues import apply_filters
from aduan.lib.ratelimit import client_ip
from aduan.reports import dashboard as dashboards
from aduan.reports import documents, exports, files, monthly, officers
from aduan.reports.charts import Point, bars
from aduan.reports.figures import area_map, report_charts
from aduan.reports.period import InvalidMonth, Month
from aduan.staff.decorators import staff_required
from aduan.staff.forms import FilterForm


def agencies_in_scope(user: Any) -> list[Agency]:
    scope = scope_of(user)
    agencies = Agency.objects.filter(is_active=True).exclude(kind=Agency.Kind.DESK)
    if not scope.sees_all:
        within = Q(pk__in=[])
        for path in scope.paths:
            within |= Q(path__startswith=path)
        agencies = agencies.filter(within)
    return list(agencies.order_by("path"))


def _agency_or_404(user: Any, code: str) -> Agency | None:
    """The agency named by the request, if the viewer's scope covers it; 404 otherwise."""
    if not code:
        scope = scope_of(user)
        if scope.sees_all:
            return None
        # Without a city-wide view, the report is of the viewer's own agency (the first one).
        mine = agencies_in_scope(user)
        if not mine:
            raise Http404("No agency in your scope")
        return mine[0]
    for agency in agencies_in_scope(user):
        if agency.code == code:
            return agency
    raise Http404("No such agency in your scope")


@require_GET
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    board = dashboards.build(request.user)
    trend_desc = _("Jumlah aduan diterima per periode; angka yang sama ada di tabel di bawahnya.")
    charts = {
        "weekly": bars(
            [Point(p.label, p.received) for p in board.weekly],
            title=_("Aduan diterima per minggu, 12 minggu terakhir"),
            desc=trend_desc,
        ),
        "monthly": bars(
            [Point(p.label, p.received) for p in board.monthly],
            title=_("Aduan diterima per bulan, 12 bulan terakhir"),
            desc=trend_desc,
        ),
        "categories": bars(
            [Point(r.label, r.count) for r in board.categories[:10]],
            title=_("Kategori terbanyak, 30 hari terakhir"),
            desc=_("Jumlah aduan per kategori; angka yang sama ada di tabel."),
        ),
        "map": area_map(
            board.area_counts,
            title=_("Peta aduan per wilayah, 30 hari terakhir"),
            desc=_("Makin gelap makin banyak aduan; angka per wilayah ada di tabel wilayah."),
            extra=board.period,
        ),
    }
    return render(
        request,
        "staff/reports/dashboard.html",
        {"board": board, "charts": charts, "links": True, "link_base": ""},
    )


@require_GET
@staff_required
def monthly_report(request: HttpRequest) -> HttpResponse:
    agencies = agencies_in_scope(request.user)
    context: dict[str, Any] = {"agencies": agencies, "formats": files.FORMATS}
    fmt = request.GET.get("format", "")
    raw_month = request.GET.get("bulan") or str(Month.containing(timezone.localdate()).previous)
    context["month_value"] = raw_month
    context["agency_value"] = request.GET.get("instansi", "")
    try:
        month = Month.parse(raw_month)
    except InvalidMonth as exc:
        context["error"] = str(exc)
        return render(request, "staff/reports/monthly.html", context, status=400)
    if fmt and fmt not in files.FORMATS:
        context["error"] = _("Format harus salah satu dari: html, pdf, xlsx, csv.")
        return render(request, "staff/reports/monthly.html", context, status=400)
    agency = _agency_or_404(request.user, context["agency_value"])
    report = monthly.build(month, base=visible_complaints(request.user), agency=agency)
    document = documents.attach(report)
    if fmt:
        data = files.render(report, fmt, link_base=request.build_absolute_uri("/").rstrip("/"))
        response = HttpResponse(data, content_type=files.CONTENT_TYPES[fmt])
        disposition = "inline" if fmt == "html" else "attachment"
        if fmt == "html":
            response["Content-Security-Policy"] = files.DOCUMENT_POLICY
        response["Content-Disposition"] = f'{disposition}; filename="{files.filename(report, fmt)}"'
        return response
    context.update(
        {
            "report": report,
            "charts": report_charts(report),
            "links": True,
            "link_base": "",
            "query": request.GET.urlencode(),
            "document": document,
            "officers": (
                officers.visible_to(request.user, report.process.officers)
                if report.process
                else None
            ),
            "latest_version": document.versions.order_by("-number").first() if document else None,
            "month_query": f"bulan={month}"
            + (f"&instansi={agency.code}" if agency and context["agency_value"] else ""),
        }
    )
    return render(request, "staff/reports/monthly.html", context)


def _filtered(request: HttpRequest) -> tuple[ComplaintQuerySet, dict[str, str]] | None:
    form = FilterForm(request.GET)
    if not form.is_valid():
        return None
    qs = apply_filters(visible_complaints(request.user), form.filters())
    agency = request.GET.get("agency", "")
    if agency:
        if not agency.isdigit():
            return None
        qs = qs.filter(Q(agency_id=int(agency)) | Q(unit_id=int(agency)))
    used = {k: str(v) for k, v in request.GET.items() if v and k != "format"}
    return qs, used


@require_GET
@staff_required
def export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in {"csv", "xlsx"}:
        return HttpResponseBadRequest(_("Format ekspor harus csv atau xlsx."))
    found = _filtered(request)
    if found is None:
        return HttpResponseBadRequest(
            _("Filter tidak valid; periksa tanggal, status, dan wilayah.")
        )
    qs, used = found
    count = qs.count()
    if fmt == "xlsx" and count > exports.XLSX_LIMIT:
        return HttpResponseBadRequest(
            _(
                "Terlalu banyak baris untuk XLSX (%(n)s; paling banyak %(max)s). Persempit filter atau pilih CSV."
            )
            % {"n": count, "max": exports.XLSX_LIMIT}
        )
    exports.log_export(user=request.user, filters=used, count=count, fmt=fmt, ip=client_ip(request))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            exports.csv_stream(qs), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(exports.xlsx_bytes(qs), content_type=files.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="aduan-{stamp}.{fmt}"'
    return response  # type: ignore[return-value]
