"""Spreadsheet cells that stay data: every CSV and XLSX file Aduan writes goes through here.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some programs skip before looking) as a formula. A complaint's title, or a category
or area name typed by an administrator, could then fetch a URL with the sheet's other cells in it
when an officer opens an export. Such text gets a leading apostrophe (the OWASP advice for CSV) and,
in XLSX, an explicit string cell type, so it is shown as written and never evaluated. Numbers,
dates and empty cells are left as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = frozenset("=+-@")
CONTROL_STARTS = frozenset("\t\r")


def is_dangerous(text: str) -> bool:
    """Would a spreadsheet program read this text as a formula (or the start of one)?"""
    if not text:
        return False
    if text[0] in CONTROL_STARTS:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def inert(value: Any) -> Any:
    """The value as a cell that cannot run: dangerous text gets a leading apostrophe."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


def row(values: Iterable[Any]) -> list[Any]:
    return [inert(v) for v in values]


class _Writable(Protocol):
    def write(self, value: str, /) -> Any: ...


class CsvWriter:
    """`csv.writer` whose every row is neutralised first; `writerow` returns what was written."""

    def __init__(self, out: _Writable) -> None:
        self._writer = csv.writer(out)

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(row(values))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_line(values: Iterable[Any]) -> str:
    """One neutralised CSV line as text, for files streamed row by row."""
    return str(CsvWriter(_Echo()).writerow(values))


def append(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Add one row to an XLSX sheet; text is always a string cell, never a formula."""
    cells: list[Cell | None] = []
    for value in values:
        if value is None:
            cells.append(None)
            continue
        cell = WriteOnlyCell(sheet, value=inert(value))
        if isinstance(value, str):
            # openpyxl guesses a formula from a leading "="; the type is set, not guessed.
            cell.data_type = "s"
        cells.append(cell)
    sheet.append(cells)
