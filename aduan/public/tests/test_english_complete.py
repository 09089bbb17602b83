"""English is the second language: every message of the catalogues has an English text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = [
    ROOT / "locale/en/LC_MESSAGES/django.po",
    ROOT / "aduan/notifications/locale/en/LC_MESSAGES/django.po",
]


def _untranslated(path: Path) -> list[str]:
    missing = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        text = "\n".join(lines)
        msgid = re.search(r'^msgid "(.*)"$', text, re.M)
        if msgid is None or (msgid.group(1) == "" and 'msgid ""\nmsgstr ""\n"' in text):
            continue  # the header
        strings = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:".*"\n?)*)', text, re.M)
        empty = any(first == "" and not rest.strip('"\n') for first, rest in strings)
        if empty or "#, fuzzy" in text:
            missing.append(text.split("msgid", 1)[1][:80])
    return missing


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_has_an_english_text(path: Path) -> None:
    assert _untranslated(path) == []


def test_the_check_notices_a_missing_text(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Lacak aduan"\nmsgstr ""\n')
    assert len(_untranslated(po)) == 1
