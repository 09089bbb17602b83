"""Conclusions and suggested follow-ups, written from the month's numbers and last month's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from aduan.reports.monthly import MonthlyReport, Previous

SLIP_POINTS = 5.0  # an on-time share this many points lower than last month counts as slipping
GROWTH = 1.2  # a category with at least 20% more complaints (and at least 3 more) has grown


def _fmt(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def write_conclusions(
    report: MonthlyReport, *, previous: Previous, categories: dict[Any, str]
) -> None:
    c, f = report.conclusions, report.follow_ups
    if report.is_empty:
        c.append(_("Tidak ada aduan yang diterima atau diselesaikan pada bulan ini."))
        return
    c.append(
        _("Pada %(month)s diterima %(received)s aduan dan diselesaikan %(completed)s aduan.")
        % {"month": report.month.label, "received": report.received, "completed": report.completed}
    )
    if report.completion.mean_hours is not None:
        c.append(
            _("Rata-rata waktu penyelesaian %(hours)s jam (median %(median)s jam).")
            % {
                "hours": _fmt(report.completion.mean_hours),
                "median": _fmt(report.completion.median_hours or 0),
            }
        )
    if report.on_time_pct is not None:
        c.append(
            _("%(pct)s%% aduan selesai dalam batas waktu (%(on)s dari %(all)s).")
            % {"pct": _fmt(report.on_time_pct), "on": report.on_time, "all": report.with_limit}
        )
    if report.overall.value is not None:
        c.append(
            _("Nilai keseluruhan %(value)s dengan predikat %(predicate)s.")
            % {"value": _fmt(report.overall.value), "predicate": report.overall.predicate}
        )

    slipped = []
    for figures in report.agencies:
        now_pct = figures.on_time_pct
        before = previous.on_time_pct.get(figures.agency.pk)
        if now_pct is not None and before is not None and now_pct <= before - SLIP_POINTS:
            slipped.append((str(figures.agency), before, now_pct))
    for name, before, now_pct in slipped:
        c.append(
            _("Ketepatan waktu %(agency)s turun dari %(before)s%% menjadi %(now)s%%.")
            % {"agency": name, "before": _fmt(before), "now": _fmt(now_pct)}
        )
        f.append(
            _(
                "Minta %(agency)s menjelaskan penurunan ketepatan waktu dan menyiapkan rencana perbaikan."
            )
            % {"agency": name}
        )

    for row in report.top_categories if previous.has_data else []:
        pk = int(row.filters.get("category", 0) or 0)
        before = previous.category_counts.get(pk, 0)
        if row.count >= before * GROWTH and row.count - before >= 3:
            c.append(
                _("Aduan kategori %(category)s naik dari %(before)s menjadi %(now)s.")
                % {"category": row.label, "before": before, "now": row.count}
            )
            f.append(
                _("Periksa penyebab kenaikan aduan %(category)s dan koordinasikan pencegahannya.")
                % {"category": row.label}
            )

    overdue_total = sum(r.count for r in report.still_overdue)
    if overdue_total:
        names = ", ".join(f"{r.label} ({r.count})" for r in report.still_overdue[:5])
        c.append(
            _("Masih ada %(n)s aduan melewati batas waktu: %(names)s.")
            % {"n": overdue_total, "names": names}
        )
        f.append(
            _("Tuntaskan aduan yang melewati batas waktu; pimpinan instansi memantau tiap minggu.")
        )
    if report.late_count:
        f.append(
            _("Evaluasi %(n)s aduan yang selesai melewati batas waktu bersama instansi terkait.")
            % {"n": report.late_count}
        )
    if report.unlocated.count and report.unlocated.share >= 10:
        f.append(
            _("%(pct)s%% aduan tanpa titik lokasi; dorong pelapor dan petugas mencantumkan lokasi.")
            % {"pct": _fmt(report.unlocated.share)}
        )
    if report.rating_count == 0 and report.completed:
        f.append(_("Belum ada penilaian dari pelapor; ingatkan pelapor untuk memberi penilaian."))
    elif report.rating_mean is not None and report.rating_mean < 4:
        f.append(
            _("Kepuasan rata-rata %(mean)s dari 5; tinjau aduan dengan nilai rendah.")
            % {"mean": _fmt(report.rating_mean)}
        )
    if report.process is not None:
        _process(report, c, f)
    if not f:
        f.append(_("Pertahankan kinerja; tidak ada tindak lanjut khusus bulan ini."))


MISROUTED_PCT = (
    20.0  # a category this often sent to the wrong agency needs its routing rule looked at
)
SENT_BACK_PCT = (
    20.0  # resolutions this often sent back: the agencies and the desk disagree on "done"
)
DUTY_PCT = 50.0  # a roster covering less of the time outside office hours than this is thin


def _process(report: MonthlyReport, c: list[str], f: list[str]) -> None:
    p = report.process
    assert p is not None
    if p.resolutions_submitted:
        c.append(
            _("%(n)s dari %(all)s penyelesaian dikembalikan oleh pemeriksa (%(pct)s%%).")
            % {"n": p.sent_back, "all": p.resolutions_submitted, "pct": _fmt(p.sent_back_pct or 0)}
        )
        if (p.sent_back_pct or 0) >= SENT_BACK_PCT:
            f.append(
                _(
                    "Samakan standar penyelesaian antara pemeriksa dan instansi: %(pct)s%% "
                    "penyelesaian dikembalikan."
                )
                % {"pct": _fmt(p.sent_back_pct or 0)}
            )
    if p.dispositions:
        c.append(
            _("%(n)s dari %(all)s disposisi salah alamat (%(pct)s%%).")
            % {"n": p.misrouted, "all": p.dispositions, "pct": _fmt(p.misrouting_pct or 0)}
        )
    for line in p.misrouting_by_category:
        wrong = line["returned"] + line["rerouted"]
        if wrong >= 3 and (line["pct"] or 0) >= MISROUTED_PCT:
            f.append(
                _(
                    "Tinjau aturan disposisi kategori %(category)s: %(pct)s%% disposisinya "
                    "salah alamat."
                )
                % {"category": line.label, "pct": _fmt(line["pct"])}
            )
    outside = [a for a in p.arrivals if a["kind"] != "office"]
    arrived = sum(a["count"] for a in outside)
    if arrived and report.received:
        c.append(
            _("%(n)s aduan (%(pct)s%%) datang di luar jam kerja.")
            % {"n": arrived, "pct": _fmt(100 * arrived / report.received)}
        )
    for line in p.duty:
        if line["urgent"] and (line["pct"] or 0) < DUTY_PCT:
            f.append(
                _(
                    "Lengkapi jadwal piket %(agency)s: %(n)s aduan mendesak datang di luar jam "
                    "kerja, dan piket hanya menjaga %(pct)s%% waktu itu."
                )
                % {"agency": line.label, "n": line["urgent"], "pct": _fmt(line["pct"] or 0)}
            )
