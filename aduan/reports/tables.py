"""The monthly report as plain tables (title, header, rows), shared by the CSV, XLSX and PDF files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from aduan.reports.monthly import MonthlyReport, Row
from aduan.reports.period import long_date
from aduan.reports.process import ProcessFigures
from aduan.reports.sections import SECTIONS, ReportWords, section_of


@dataclass
class Table:
    """A table of numbers, or (kind "text") paragraphs people wrote: one per row, header empty."""

    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    kind: str = "table"


def _text(key: str, title: str, text: str) -> Table:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return Table(key, title, [], [[p] for p in paragraphs], kind="text")


def signature_lines(words: ReportWords) -> list[str]:
    """The signature block of a signed version, line by line (blank: room for the signature)."""
    s = words.signature
    if s is None:
        return []
    day = long_date(s.day)
    return [
        f"{s.place}, {day}" if s.place else day,
        s.position,
        "",
        s.name,
        *([_("NIP %(n)s") % {"n": s.number}] if s.number else []),
    ]


def with_words(report: MonthlyReport, tables: list[Table]) -> list[Table]:
    """The tables with what people wrote: the preface first, each section's commentary after the
    section's last table, the signature last."""
    words = report.words
    if words is None:
        return tables
    out: list[Table] = []
    if words.note:
        out.append(
            _text("note", _("Catatan koreksi versi %(n)s") % {"n": words.version}, words.note)
        )
    if words.introduction:
        out.append(_text("introduction", _("Pendahuluan"), words.introduction))
    if words.legal_basis:
        out.append(_text("legal_basis", _("Dasar hukum"), words.legal_basis))
    titles = dict(SECTIONS)
    last = {section_of(t.key): i for i, t in enumerate(tables)}
    for i, table in enumerate(tables):
        out.append(table)
        section = section_of(table.key)
        note = words.note_for(section)
        if note and last.get(section) == i:
            out.append(
                _text(
                    f"commentary:{section}",
                    _("Catatan: %(section)s") % {"section": titles[section]},
                    note,
                )
            )
    if words.signature is not None:
        out.append(
            Table(
                "signature",
                _("Tanda tangan"),
                [],
                [[line] for line in signature_lines(words)],
                kind="text",
            )
        )
    return out


def _r(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _counted(rows: list[Row], places: int = 2) -> list[list[Any]]:
    return [[r.label, r.count, _r(r.share, places)] for r in rows]


def _document_rows(words: ReportWords | None) -> list[list[Any]]:
    rows: list[list[Any]] = []
    if words is not None and words.signature is not None:
        rows.append([_("Versi"), words.version])
    if words is not None and words.state:
        rows.append([_("Status dokumen"), words.state])
    return rows


def report_tables(report: MonthlyReport) -> list[Table]:
    """Every table of the report in order, with what people wrote for it in between."""
    return with_words(report, _number_tables(report))


def _number_tables(report: MonthlyReport) -> list[Table]:
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
                *_document_rows(report.words),
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
    if report.process is not None and not report.is_empty:
        t += _process_tables(report.process)
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


def _process_tables(p: ProcessFigures) -> list[Table]:
    """How the work was done (process.py). Per-officer figures are never in the files."""
    agency = _("Instansi/unit")
    return [
        Table(
            "review",
            _("Penyelesaian dikembalikan pemeriksa: %(n)s dari %(all)s")
            % {"n": p.sent_back, "all": p.resolutions_submitted},
            [agency, _("Diajukan"), _("Dikembalikan"), "%"],
            [
                [r.label, r["submitted"], r["sent_back"], _r(r["pct"])]
                for r in p.sent_back_by_agency
            ],
        ),
        Table(
            "review_reviewers",
            _("Penyelesaian dikembalikan menurut pemeriksa"),
            [_("Pemeriksa"), _("Peran"), _("Dikembalikan")],
            [[r.label, r["role"], r["count"]] for r in p.sent_back_by_reviewer],
        ),
        Table(
            "review_cases",
            _("Alasan pengembalian penyelesaian"),
            [_("Kode"), agency, _("Pemeriksa"), _("Alasan")],
            [[c.code, c.agency, c.who, c.reason] for c in p.sent_back_cases],
        ),
        Table(
            "routing",
            _("Salah disposisi: %(n)s dari %(all)s disposisi")
            % {"n": p.misrouted, "all": p.dispositions},
            [
                _("Kategori"),
                _("Disposisi"),
                _("Bukan wewenang"),
                _("Disposisi ulang"),
                _("Salah alamat (%)"),
            ],
            [
                [r.label, r["dispositions"], r["returned"], r["rerouted"], _r(r["pct"])]
                for r in p.misrouting_by_category
            ],
        ),
        Table(
            "routing_agencies",
            _("Bukan wewenang dan disposisi ulang menurut instansi yang memegang aduan"),
            [agency, _("Bukan wewenang"), _("Disposisi ulang")],
            [[r.label, r["returned"], r["rerouted"]] for r in p.returns_by_agency],
        ),
        Table(
            "routing_cases",
            _("Alasan bukan wewenang"),
            [_("Kode"), agency, _("Alasan")],
            [[c.code, c.agency, c.reason] for c in p.return_cases],
        ),
        Table(
            "coordination",
            _("Koordinasi antarinstansi: %(n)s permintaan, %(o)s masih terbuka")
            % {"n": p.coordination_total, "o": p.coordination_open},
            [_("Peminta"), _("Diminta"), _("Jumlah"), _("Masih terbuka")],
            [[r.label, r["to"], r["count"], r["open"]] for r in p.coordination],
        ),
        Table(
            "information",
            _("Permintaan informasi kepada pelapor"),
            [_("Ukuran"), _("Nilai")],
            [
                [_("Pertanyaan kepada pelapor"), p.info["asked"]],
                [_("oleh verifikator"), p.info["by_desk"]],
                [_("oleh instansi"), p.info["by_agency"]],
                [_("Dijawab pelapor"), p.info["answered"]],
                [_("Belum dijawab"), p.info["unanswered"]],
                [_("Waktu pelapor menjawab, rata-rata (jam)"), _r(p.info["mean_hours"])],
                [_("Waktu pelapor menjawab, median (jam)"), _r(p.info["median_hours"])],
                [_("Ditutup karena informasi tidak diberikan"), p.info["withdrawn"]],
            ],
        ),
        Table(
            "arrivals",
            _("Waktu kedatangan aduan dan tanggapan pertama"),
            [
                _("Datang pada"),
                _("Jumlah"),
                "%",
                _("Sudah ditanggapi"),
                _("Rata-rata (jam)"),
                _("Median (jam)"),
            ],
            [
                [
                    r.label,
                    r["count"],
                    _r(r["pct"]),
                    r["answered"],
                    _r(r["mean_hours"]),
                    _r(r["median_hours"]),
                ]
                for r in p.arrivals
            ],
        ),
        Table(
            "duty",
            _("Piket di luar jam kerja"),
            [
                agency,
                _("Jam di luar jam kerja"),
                _("Terjaga piket (jam)"),
                "%",
                _("Aduan mendesak di luar jam kerja"),
                _("Saat ada piket"),
            ],
            [
                [
                    r.label,
                    _r(r["off_hours"], 0),
                    _r(r["covered_hours"], 0),
                    _r(r["pct"]),
                    r["urgent"],
                    r["urgent_on_duty"],
                ]
                for r in p.duty
            ],
        ),
        Table(
            "reminders",
            _("Pengingat dan eskalasi"),
            [
                agency,
                _("Pengingat ke petugas"),
                _("Eskalasi ke pimpinan"),
                _("Pengingat ke pelapor"),
            ],
            [[r.label, r["staff"], r["escalations"], r["citizen"]] for r in p.reminders]
            + (
                [
                    [
                        p.reminder_totals.label,
                        p.reminder_totals["staff"],
                        p.reminder_totals["escalations"],
                        p.reminder_totals["citizen"],
                    ]
                ]
                if p.reminders
                else []
            ),
        ),
    ]
