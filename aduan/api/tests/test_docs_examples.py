"""docs/api.md's curl examples, run in order against a live server: they stay true."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from aduan.api import auth
from aduan.api.tests.apiclient import token_for
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.testing import City, photo

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(shutil.which("curl") is None, reason="the examples need curl"),
]


def blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_page_has_examples_for_every_kind_of_caller() -> None:
    text = "\n".join(blocks())
    for path in ("/api/v1/complaints", "/api/v1/staff/", "/api/v1/public/complaints"):
        assert path in text


def test_every_example_runs_against_a_live_server(
    live_server: Any, city: City, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "PUBLIC_REQUESTS_PER_MINUTE", 10**6)
    image = tmp_path / "jalan.png"
    image.write_bytes(photo().content)
    script = "set -euo pipefail\n" + "\n".join(blocks())
    env = {
        **os.environ,
        "ADUAN": live_server.url,
        "FOTO": str(image),
        "AREA": city.kelurahan.code,
        "AGENCY": city.agency_a.code,
        "TOKEN": token_for(city.verifier),
        "OFFICER_TOKEN": token_for(city.officer_a),
    }
    done = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    complaint = Complaint.objects.get(channel_id="api")
    assert complaint.status == Status.CLOSED and complaint.rating == 5
    assert '"status": 409' in done.stdout and "changed" in done.stdout
