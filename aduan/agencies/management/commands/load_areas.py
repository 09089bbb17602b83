"""`manage.py load_areas FILE.csv`: load the Kemendagri list of areas (code,name), all or nothing."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aduan.agencies.models import Area, AreaLevel

# 36 / 36.71 / 36.71.01 / 36.71.01.1001: province, regency/city, district, village.
CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
LEVELS = [AreaLevel.PROVINCE, AreaLevel.REGENCY, AreaLevel.DISTRICT, AreaLevel.VILLAGE]
HEADERS = {"code": "code", "kode": "code", "name": "name", "nama": "name"}
NAME_MAX = Area._meta.get_field("name").max_length or 100
SHOWN_ERRORS = 20


@dataclass(frozen=True)
class AreaRow:
    line: int
    code: str
    name: str

    @property
    def level(self) -> str:
        return LEVELS[self.code.count(".")]

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def read_areas(text: str) -> tuple[list[AreaRow], list[str]]:
    """Parse the CSV text; return its rows and every problem found, each naming its line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        return [], ["the file is empty; expected a header line 'code,name' (or 'kode,nama')"]
    columns = {HEADERS.get(h.strip().lower()): i for i, h in enumerate(header)}
    if "code" not in columns or "name" not in columns:
        return [], [
            f"line 1: expected a header with columns 'code,name' (or 'kode,nama'), got {header!r}"
        ]
    code_at, name_at = columns["code"], columns["name"]
    rows: list[AreaRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) <= max(code_at, name_at):
            errors.append(f"line {line}: expected {len(header)} columns, got {len(record)}")
            continue
        code, name = record[code_at].strip(), " ".join(record[name_at].split())
        if not CODE_RE.match(code):
            errors.append(
                f"line {line}: code {code!r} is not a Kemendagri code such as 36.71.01.1001"
            )
            continue
        if not name:
            errors.append(f"line {line}: the name of {code} is empty")
            continue
        if len(name) > NAME_MAX:
            errors.append(f"line {line}: the name of {code} is longer than {NAME_MAX} characters")
            continue
        if code in seen:
            errors.append(f"line {line}: code {code} already appears on line {seen[code]}")
            continue
        seen[code] = line
        rows.append(AreaRow(line, code, name))
    return rows, errors


def check_parents(rows: list[AreaRow]) -> list[str]:
    """Every row's parent must be in the file or already in the database."""
    in_file = {row.code for row in rows}
    # The whole list has ~90,000 areas: read the codes once rather than pass them as parameters.
    known = set(Area.objects.values_list("code", flat=True))
    return [
        f"line {row.line}: parent area {row.parent_code} of {row.code} is neither in the file "
        "nor in the database"
        for row in rows
        if row.parent_code and row.parent_code not in in_file and row.parent_code not in known
    ]


@transaction.atomic
def save_areas(rows: list[AreaRow]) -> LoadResult:
    """Create new areas and update changed names; parents before children."""
    result = LoadResult()
    existing = {area.code: area for area in Area.objects.only("code", "name", "level", "parent")}
    new: list[Area] = []
    changed: list[Area] = []
    for row in sorted(rows, key=lambda r: (r.code.count("."), r.code)):
        area = existing.get(row.code)
        if area is None:
            new.append(
                Area(code=row.code, name=row.name, level=row.level, parent_id=row.parent_code)
            )
        elif (area.name, area.level, area.parent_id) != (row.name, row.level, row.parent_code):
            area.name, area.level, area.parent_id = row.name, row.level, row.parent_code
            changed.append(area)
        else:
            result.unchanged += 1
    Area.objects.bulk_create(new, batch_size=2000)
    Area.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=2000)
    result.created, result.updated = len(new), len(changed)
    return result


def load_file(path: Path) -> LoadResult:
    """Read, check and save one file; raise CommandError listing the problems and write nothing."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    rows, errors = read_areas(text)
    if not errors:
        errors = check_parents(rows)
    if errors:
        shown = errors[:SHOWN_ERRORS]
        more = len(errors) - len(shown)
        raise CommandError(
            f"{path}: {len(errors)} problem(s), nothing was loaded:\n  "
            + "\n  ".join(shown)
            + (f"\n  … and {more} more" if more else "")
        )
    if not rows:
        raise CommandError(f"{path}: the file has a header but no areas")
    return save_areas(rows)


class Command(BaseCommand):
    help = (
        "Load the official Kemendagri list of areas from a CSV file with columns code,name "
        "(or kode,nama). Level and parent come from the code. Safe to run again: names are "
        "updated. Nothing is written if any row is bad."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="CSV file, UTF-8, header code,name")

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_file(options["path"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Areas: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
