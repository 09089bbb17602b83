"""The monthly report as plain tables (title, header, rows), shared by the CSV, XLSX and PDF files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aduan.reports.monthly import MonthlyReport, Row


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]


def _r(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _counted(rows: list[Row], places: int = 2) -> list[list[Any]]:
    return [[r.label, r.count, _r(r.share, places)] for r in rows]


def report_tables(report: MonthlyReport) -> list[Table]:
    t = []
    t.append(
        Table(
            "summary",
            "Ringkasan",
            ["Ukuran", "Nilai"],
            [
                ["Periode", report.month.label],
                ["Instansi", report.agency.name if report.agency else "Semua instansi"],
                ["Aduan diterima", report.received],
                ["Aduan diselesaikan", report.completed],
                ["Tepat waktu (%)", _r(report.on_time_pct)],
                ["Nilai keseluruhan", report.overall.value],
                ["Predikat", report.overall.predicate],
            ],
        )
    )
    share = ["Uraian", "Jumlah", "Persentase (%)"]
    t.append(Table("status", "Jumlah aduan per status", share, _counted(report.by_status)))
    t.append(Table("classification", "Klasifikasi", share, _counted(report.by_classification)))
    t.append(Table("categories", "Lima kategori terbanyak", share, _counted(report.top_categories)))
    t.append(Table("agencies", "Lima instansi terbanyak", share, _counted(report.top_agencies)))
    area_rows: list[list[Any]] = []
    for row in report.by_area:
        area_rows.append([row.label, row.count, _r(row.share)])
        area_rows += [["  " + c.label, c.count, _r(c.share)] for c in row.extra.get("children", [])]
    t.append(Table("areas", "Wilayah (kecamatan dan kelurahan)", share, area_rows))
    t.append(Table("channels", "Kanal pengaduan", share, _counted(report.by_channel)))
    t.append(Table("location", "Titik lokasi", share, _counted([report.located, report.unlocated])))
    times = [
        "Ukuran",
        "Rata-rata (jam)",
        "Median (jam)",
        "Rata-rata (hari kerja)",
        "Median (hari kerja)",
    ]
    t.append(
        Table(
            "times",
            "Waktu tanggapan dan penyelesaian",
            times,
            [
                [
                    name,
                    _r(f.mean_hours),
                    _r(f.median_hours),
                    _r(f.mean_working_days, 3),
                    _r(f.median_working_days, 3),
                ]
                for name, f in (
                    ("Tanggapan pertama", report.first_response),
                    ("Penyelesaian", report.completion),
                )
            ],
        )
    )
    t.append(Table("bands", "Sebaran waktu penyelesaian", share, _counted(report.bands)))
    t.append(
        Table(
            "on_time",
            "Ketepatan waktu",
            ["Selesai tepat waktu", "Selesai dengan batas waktu", "Persentase (%)"],
            [[report.on_time, report.with_limit, _r(report.on_time_pct)]],
        )
    )
    t.append(
        Table(
            "fast",
            "Instansi menyelesaikan rata-rata dalam 1 jam",
            ["Instansi", "Aduan selesai", "Rata-rata (jam)"],
            [[r.label, r.count, _r(r.extra["mean_hours"])] for r in report.fast_agencies],
        )
    )
    t.append(
        Table(
            "late",
            f"Selesai melewati batas waktu ({report.late_count})",
            ["Instansi", "Kode", "Kategori", "Waktu (jam)", "Hari kerja", "Batas"],
            [
                [c.agency, c.tracking_code, c.category, _r(c.hours, 1), _r(c.working_days), c.limit]
                for c in report.late
            ],
        )
    )
    t.append(
        Table(
            "overdue",
            "Masih terbuka dan melewati batas waktu",
            ["Instansi", "Kode", "Kategori", "Umur (jam)", "Batas waktu"],
            [
                [c.agency, c.tracking_code, c.category, _r(c.hours, 1), c.limit]
                for c in report.still_overdue_cases
            ],
        )
    )
    t.append(
        Table(
            "satisfaction",
            "Kepuasan pelapor"
            + (
                f" (rata-rata {report.rating_mean:.2f} dari 5)".replace(".", ",")
                if report.rating_mean
                else ""
            ),
            share,
            _counted(report.ratings),
        )
    )
    f = report.formula
    t.append(
        Table(
            "scores",
            f"Nilai instansi = {f.weight_on_time}% tepat waktu + {f.weight_completion}% "
            f"penyelesaian + {f.weight_satisfaction}% kepuasan",
            [
                "#",
                "Instansi",
                "Tepat waktu (%)",
                "Penyelesaian (%)",
                "Kepuasan (%)",
                "Nilai",
                "Predikat",
            ],
            [
                [
                    a.rank,
                    str(a.agency),
                    _r(a.score.on_time_pct) if a.score else None,
                    _r(a.score.completion_pct) if a.score else None,
                    _r(a.score.satisfaction_pct) if a.score else None,
                    a.score.value if a.score else None,
                    a.score.predicate if a.score else "",
                ]
                for a in report.agencies
            ],
        )
    )
    t.append(
        Table(
            "conclusions",
            "Kesimpulan dan saran tindak lanjut",
            ["Jenis", "Uraian"],
            [["Kesimpulan", line] for line in report.conclusions]
            + [["Saran", line] for line in report.follow_ups],
        )
    )
    return t
