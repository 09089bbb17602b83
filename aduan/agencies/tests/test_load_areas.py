"""`load_areas`: the Kemendagri list from CSV, all or nothing, safe to run again."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from aduan.agencies.demo.city import AREAS_CSV
from aduan.agencies.models import Area, AreaLevel

pytestmark = pytest.mark.django_db


def load(path: Path) -> str:
    out = StringIO()
    call_command("load_areas", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wilayah.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_loads_the_demo_list_with_levels_and_parents_from_the_codes() -> None:
    output = load(AREAS_CSV)

    assert "created" in output
    village = Area.objects.get(code="36.71.01.1001")
    assert village.name == "Sukarasa"
    assert village.level == AreaLevel.VILLAGE
    assert village.parent is not None and village.parent.code == "36.71.01"
    assert village.parent.level == AreaLevel.DISTRICT
    assert Area.objects.get(code="36.71").level == AreaLevel.REGENCY
    assert Area.objects.get(code="36").level == AreaLevel.PROVINCE
    lines = [line for line in AREAS_CSV.read_text().splitlines()[1:] if line.strip()]
    assert Area.objects.count() == len(lines)


def test_running_it_again_updates_names_and_adds_nothing_twice(tmp_path: Path) -> None:
    load(write(tmp_path, "code,name\n36,Banten\n36.71,Kota Tangerang\n"))
    output = load(
        write(tmp_path, "kode,nama\n36,Banten\n36.71,KOTA TANGERANG\n36.71.01,Tangerang\n")
    )

    assert "1 created, 1 updated, 1 unchanged" in output
    assert Area.objects.get(code="36.71").name == "KOTA TANGERANG"
    assert Area.objects.count() == 3


def test_a_bad_row_names_its_line_and_nothing_is_written(tmp_path: Path) -> None:
    path = write(
        tmp_path, "code,name\n36,Banten\n36.71,Kota Tangerang\n36.7x.01,Salah\n36.71.02,\n"
    )

    with pytest.raises(CommandError) as error:
        load(path)

    message = str(error.value)
    assert "nothing was loaded" in message
    assert "line 4" in message and "36.7x.01" in message
    assert "line 5" in message and "empty" in message
    assert not Area.objects.exists()


def test_an_area_whose_parent_is_unknown_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "code,name\n36,Banten\n36.71.01.1001,Sukarasa\n")

    with pytest.raises(CommandError, match=r"line 3: parent area 36\.71\.01 of 36\.71\.01\.1001"):
        load(path)
    assert not Area.objects.exists()


def test_a_parent_already_in_the_database_is_enough(tmp_path: Path) -> None:
    load(write(tmp_path, "code,name\n36,Banten\n36.71,Kota Tangerang\n"))
    load(write(tmp_path, "code,name\n36.71.01,Tangerang\n"))

    assert Area.objects.get(code="36.71.01").parent_id == "36.71"


def test_a_file_without_the_expected_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="line 1: expected a header"):
        load(write(tmp_path, "36,Banten\n36.71,Kota Tangerang\n"))


def test_a_code_twice_in_the_file_is_refused_with_both_lines(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="line 3: code 36 already appears on line 2"):
        load(write(tmp_path, "code,name\n36,Banten\n36,Banten Lagi\n"))


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        load(tmp_path / "tidak-ada.csv")
