"""Debian's headless Chromium as the tests and the screenshot scripts start it, and a wait for a server."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path
from typing import Any

PATH = Path("/usr/bin/chromium")
# No background networking or component updates: the machines we run on reach no outside hosts.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def launch(playwright: Any) -> Any:
    """A headless Chromium from a playwright instance (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=str(PATH), args=ARGS)


def wait_for(url: str, seconds: float = 60) -> None:
    """Return once a local server answers url; stop the script if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own loopback server)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not start")
