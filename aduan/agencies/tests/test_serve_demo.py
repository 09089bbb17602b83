"""`serve_demo`: the web server and the worker start together, answer, and stop together."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthz(port: int) -> dict[str, str] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return json.loads(response.read())
    except OSError:
        return None


def test_it_serves_the_site_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ADUAN_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve_demo", "--port", str(port)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        answer = None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.5)
            answer = healthz(port)
        assert answer == {"status": "ok"}
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)

    assert server.returncode == 0, output
    assert f"Aduan is running at http://127.0.0.1:{port}/" in output
    assert f"http://127.0.0.1:{port}/staf/" in output
    assert "Stopped." in output
    assert healthz(port) is None


def test_it_refuses_a_port_out_of_range() -> None:
    with pytest.raises(CommandError, match="--port must be between 1 and 65535"):
        call_command("serve_demo", port=70000)
