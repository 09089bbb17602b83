"""aduan/lib/ holds helpers with no domain meaning: none of its modules imports a domain or interface app."""

from __future__ import annotations

import re
from pathlib import Path

LIB = Path(__file__).resolve().parents[1]
APPS = "accounts|agencies|api|audit|complaints|notifications|privacy|public|reports|staff|demo"
IMPORT = re.compile(rf"^\s*(from|import)\s+aduan\.({APPS})\b", re.M)


def test_no_lib_module_imports_an_app() -> None:
    modules = sorted(LIB.glob("*.py"))
    assert len(modules) > 10  # the search looked where lib lives
    offenders = [
        f"{path.name}: {match.group(0).strip()}"
        for path in modules
        for match in IMPORT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_check_notices_an_import(tmp_path: Path) -> None:
    text = "def f():\n    from aduan.complaints.attachments import CleanImage\n"
    assert IMPORT.search(text) is not None
