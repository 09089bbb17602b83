"""PDF documents with an embedded Unicode font (decision 0011): the same letters, dashes and stars
on every computer, whatever fonts it has. fpdf2 keeps only the glyphs a document uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"


def add_fonts(pdf: FPDF) -> None:
    """Register the embedded font (regular and bold) under the name FONT."""
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))


def document(**kwargs: Any) -> FPDF:
    """A new PDF (A4 portrait in millimetres unless told otherwise) with the font registered."""
    pdf = FPDF(**{"orientation": "P", "unit": "mm", "format": "A4", **kwargs})
    add_fonts(pdf)
    return pdf
