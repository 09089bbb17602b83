"""The monthly report as files: HTML (self-contained), CSV, XLSX and a printable A4 PDF.

CSV and XLSX cells go through `aduan.lib.cells`: a name cannot become a formula."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font

from aduan.lib import cells
from aduan.lib.pdf import FONT, add_fonts
from aduan.reports.figures import report_charts
from aduan.reports.monthly import MonthlyReport
from aduan.reports.tables import report_tables

FORMATS = ("html", "pdf", "xlsx", "csv")
PDF_CASES = 50
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def filename(report: MonthlyReport, fmt: str) -> str:
    who = f"-{report.agency.code}" if report.agency else ""
    return f"laporan-aduan-{report.month}{who}.{fmt}"


def render(report: MonthlyReport, fmt: str, *, link_base: str = "") -> bytes:
    if fmt == "html":
        return render_html(report, link_base=link_base).encode()
    if fmt == "csv":
        return render_csv(report)
    if fmt == "xlsx":
        return render_xlsx(report)
    if fmt == "pdf":
        return render_pdf(report)
    raise ValueError(fmt)


CSS = Path(__file__).resolve().parent / "static" / "reports" / "reports.css"
# The downloaded HTML file is self-contained (opened from disk or mail), so its styles are inline;
# the response that serves it carries its own policy allowing exactly that.
DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(report: MonthlyReport, *, link_base: str = "") -> str:
    return render_to_string(
        "staff/reports/monthly_document.html",
        {
            "report": report,
            "charts": report_charts(report),
            "links": True,
            "link_base": link_base,
            "signature": True,
            "inline_css": CSS.read_text(),
        },
    )


def render_csv(report: MonthlyReport) -> bytes:
    """One long table: section, then the section's own columns."""
    out = io.StringIO()
    writer = cells.CsvWriter(out)
    for table in report_tables(report):
        writer.writerow([table.title, *table.header])
        for row in table.rows:
            writer.writerow([table.title, *("" if v is None else v for v in row)])
    # A byte-order mark lets spreadsheet programs open the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()


def render_xlsx(report: MonthlyReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Laporan"
    bold = Font(bold=True)
    cells.append(sheet, [report.title])
    sheet["A1"].font = Font(bold=True, size=13)
    cells.append(sheet, [report.institution, report.month.label])
    cells.append(
        sheet,
        ["Tanggal terbit", timezone.localtime(report.generated_at).strftime("%d-%m-%Y %H:%M")],
    )
    for table in report_tables(report):
        cells.append(sheet, [])
        cells.append(sheet, [table.title])
        sheet.cell(sheet.max_row, 1).font = bold
        cells.append(sheet, table.header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in table.rows:
            cells.append(sheet, row)
    sheet.column_dimensions["A"].width = 42
    for col in "BCDEFG":
        sheet.column_dimensions[col].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# PDF


def _t(value: object) -> str:
    return "" if value is None else str(value)


def _num(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return _t(value)


class _ReportPDF(FPDF):
    def __init__(self, report: MonthlyReport) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 16, 18)
        self.alias_nb_pages()
        add_fonts(self)

    def header(self) -> None:
        logo = getattr(settings, "ADUAN_LOGO_PATH", "")
        if logo and Path(logo).is_file():
            self.image(logo, x=18, y=10, h=12)
        else:
            # The built-in mark: a teal disc with an "A".
            self.set_fill_color(31, 111, 139)
            self.ellipse(18, 10, 12, 12, style="F")
            self.set_text_color(255, 255, 255)
            self.set_font(FONT, "B", 12)
            self.set_xy(18, 11.5)
            self.cell(12, 9, "A", align="C")
            self.set_text_color(0, 0, 0)
        self.set_xy(33, 10)
        self.set_font(FONT, "B", 11)
        self.cell(0, 6, _t(self.report.institution), new_x="LMARGIN", new_y="NEXT")
        self.set_x(33)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, _t(f"{self.report.title} - {self.report.month.label}"))
        self.set_draw_color(31, 111, 139)
        self.line(18, 24, 192, 24)
        self.set_y(28)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        issued = timezone.localtime(self.report.generated_at).strftime("%d-%m-%Y")
        self.cell(0, 6, _t(f"Diterbitkan {issued}"), align="L")
        self.set_x(18)
        self.cell(0, 6, f"Halaman {self.page_no()} dari {{nb}}", align="R")


def _table(pdf: FPDF, title: str, header: list[str], rows: list[list[object]]) -> None:
    if pdf.get_y() > 250:
        pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, _t(title), align="L", new_x="LMARGIN", new_y="NEXT")
    if not rows:
        pdf.set_font(FONT, "", 9)
        pdf.cell(0, 6, "Tidak ada.", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        return
    pdf.set_font(FONT, "", 8.5)
    # Widths follow the longest text in each column; numbers are right-aligned, text left.
    cells = [[_num(v) for v in row] for row in rows]
    longest = [
        min(max([len(_t(h)) * 0.8, *(len(r[i]) for r in cells)]), 40) + 4
        for i, h in enumerate(header)
    ]
    widths = [174 * n / sum(longest) for n in longest]
    aligns = [
        "RIGHT"
        if all(isinstance(row[i], int | float) or row[i] is None for row in rows)
        else "LEFT"
        for i in range(len(header))
    ]
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        line_height=5,
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 238, 242)),
    ) as table:
        head = table.row()
        for h in header:
            head.cell(_t(h))
        for row_cells in cells:
            r = table.row()
            for value in row_cells:
                r.cell(value)
    pdf.ln(3)


def _bars(pdf: FPDF, title: str, items: list[tuple[str, int]]) -> None:
    """A small horizontal bar chart drawn with PDF shapes (the tables carry the exact numbers)."""
    if not items or pdf.get_y() > 230:
        if items:
            pdf.add_page()
        else:
            return
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, _t(title), new_x="LMARGIN", new_y="NEXT")
    top = max(n for _l, n in items) or 1
    pdf.set_font(FONT, "", 8)
    for label, n in items:
        y = pdf.get_y()
        pdf.set_xy(18, y)
        pdf.cell(50, 5, _t(label[:34]), align="R")
        pdf.set_fill_color(31, 111, 139)
        width = 100 * n / top
        if width > 0:
            pdf.rect(70, y + 0.8, width, 3.6, style="F")
        pdf.set_xy(72 + width, y)
        pdf.cell(20, 5, str(n))
        pdf.set_y(y + 5)
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(3)


def render_pdf(report: MonthlyReport) -> bytes:
    pdf = _ReportPDF(report)
    pdf.set_title(f"{report.title} {report.month.label}")
    pdf.set_author(report.institution)
    pdf.add_page()
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 7, _t(report.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    scope = report.agency.name if report.agency else "Semua instansi"
    pdf.multi_cell(
        0,
        5,
        _t(f"Periode: {report.month.label}. Instansi: {scope}."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    issued = timezone.localtime(report.generated_at).strftime("%d-%m-%Y %H:%M")
    pdf.cell(0, 5, _t(f"Tanggal terbit: {issued}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if report.is_empty:
        pdf.multi_cell(
            0, 6, _t(f"Tidak ada aduan pada {report.month.label}."), new_x="LMARGIN", new_y="NEXT"
        )
    charts = {
        "categories": [(r.label, r.count) for r in report.top_categories],
        "agencies": [(r.label, r.count) for r in report.top_agencies],
        "channels": [(r.label, r.count) for r in report.by_channel],
        "bands": [(r.label, r.count) for r in report.bands],
    }
    for table in report_tables(report):
        if report.is_empty and table.key not in {"summary", "conclusions"}:
            continue
        if table.key == "conclusions":
            _conclusions(pdf, report)
            continue
        if table.key in charts:
            _bars(pdf, "Grafik: " + table.title, charts[table.key])
        rows = table.rows
        if table.key in {"late", "overdue"} and len(rows) > PDF_CASES:
            # A printed report lists the first cases; the spreadsheet and the console list more.
            rows = rows[:PDF_CASES]
        _table(pdf, table.title, table.header, rows)
    _signature(pdf, report)
    return bytes(pdf.output())


def _conclusions(pdf: FPDF, report: MonthlyReport) -> None:
    if pdf.get_y() > 240:
        pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 6, "Kesimpulan", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9.5)
    for line in report.conclusions:
        pdf.multi_cell(0, 5, _t(f"- {line}"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 6, "Saran tindak lanjut", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9.5)
    for i, line in enumerate(report.follow_ups, start=1):
        pdf.multi_cell(0, 5, _t(f"{i}. {line}"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _signature(pdf: FPDF, report: MonthlyReport) -> None:
    if pdf.get_y() > 230:
        pdf.add_page()
    pdf.ln(6)
    pdf.set_font(FONT, "", 10)
    x = 120
    day = timezone.localtime(report.generated_at)
    from aduan.reports.period import MONTH_NAMES_ID

    pdf.set_x(x)
    pdf.cell(
        72,
        5,
        _t(f"{day.day} {MONTH_NAMES_ID[day.month - 1]} {day.year}"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(x)
    pdf.cell(72, 5, "Mengetahui,", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(22)
    pdf.set_x(x)
    pdf.cell(
        72, 5, "(......................................)", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_x(x)
    pdf.cell(72, 5, "Nama dan NIP", align="C", new_x="LMARGIN", new_y="NEXT")
