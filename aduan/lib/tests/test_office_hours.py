"""ADUAN_OFFICE_HOURS: the hours of a working day outside which urgent complaints reach the
officer on duty; a malformed value stops start-up by name."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from aduan.lib.officehours import parse_office_hours
from aduan.lib.tests.test_configuration import _start


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("07:30-16:00", time(7, 30), time(16)), ("7.30 - 15.30", time(7, 30), time(15, 30))],
)
def test_office_hours_are_read_from_the_setting(text: str, start: time, end: time) -> None:
    hours = parse_office_hours(text)
    assert (hours.start, hours.end) == (start, end)
    assert start in hours and end not in hours


@pytest.mark.parametrize("text", ["", "07:30", "16:00-07:30", "25:00-26:00", "pagi-sore"])
def test_malformed_office_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_office_hours(text)


def test_start_up_stops_on_malformed_office_hours(tmp_path: Path) -> None:
    result = _start({"ADUAN_DATA_DIR": str(tmp_path), "ADUAN_OFFICE_HOURS": "16:00-07:30"})
    assert result.returncode != 0
    assert "Aduan cannot start: ADUAN_OFFICE_HOURS must be a range of local times" in result.stderr
    assert _start({"ADUAN_DATA_DIR": str(tmp_path), "ADUAN_OFFICE_HOURS": "08:00-15:00"}).stdout
