"""Screenshots of the report pages at 360 px and 1280 px, and the first page of a sample PDF.

Usage: .venv/bin/python scripts/screenshots_reports.py --data-dir DIR [--port 8752] [--month 2026-10]

DIR must hold a demo database (load_demo, optionally generate_complaints). The script rebuilds the
roll-ups, signs the city leadership in (a session with a verified second factor, as the staff
sign-in would leave it), serves the site with runserver and drives Debian's Chromium through
Python playwright. Writes docs/screenshots/reports-*.png and docs/sample-report-<month>.pdf.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# Run as a script, so the project root is not on the path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from aduan.lib import chromium
from aduan.lib.chromium import wait_for

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WIDTHS = {"360": (360, 740), "1280": (1280, 900)}
SESSION = """
import secrets, time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from aduan.accounts.devices import StaffTOTPDevice
from aduan.accounts.models import User
from aduan.lib.middleware import STAFF_LAST_SEEN, STAFF_STARTED
user = User.objects.get(username="pimpinan_kota")
device = StaffTOTPDevice.objects.filter(user=user, confirmed=True).first() or StaffTOTPDevice.objects.create(
    user=user, name="tangkapan layar", confirmed=True, key=secrets.token_hex(20))
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
now = int(time.time())
s[STAFF_STARTED] = now
s[STAFF_LAST_SEEN] = now
s[DEVICE_ID_SESSION_KEY] = device.persistent_id
s.create()
print(s.session_key)
"""


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return done.stdout if capture else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--port", type=int, default=8752)
    parser.add_argument("--month", default="")
    parser.add_argument(
        "--full-rebuild", action="store_true", help="rebuild every day's roll-ups, not the last 2"
    )
    args = parser.parse_args()
    env = {**os.environ, "ADUAN_DATA_DIR": args.data_dir, "PORT": str(args.port)}
    manage(env, "migrate", "-v0")
    manage(env, "rebuild_rollups", *([] if args.full_rebuild else ["--days", "2"]))
    session = manage(env, "shell", "-c", SESSION, capture=True).strip().splitlines()[-1]
    month = args.month
    if month:
        pdf = ROOT / "docs" / f"sample-report-{month}.pdf"
        manage(env, "monthly_report", "--month", month, "--format", "pdf", "--out", str(pdf))
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "runserver",
            "--noreload",
            f"127.0.0.1:{args.port}",
        ],
        env=env,
    )
    try:
        wait_for(f"{base}/healthz")
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = chromium.launch(p)
            for width, (w, h) in WIDTHS.items():
                context = browser.new_context(viewport={"width": w, "height": h}, locale="id-ID")
                context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
                page = context.new_page()
                pages = [("dashboard", "/staf/laporan/")]
                if month:
                    pages.append(("monthly", f"/staf/laporan/bulanan/?bulan={month}"))
                    pages.append(("transparency", f"/transparansi/?bulan={month}"))
                for name, path in pages:
                    page.goto(base + path, timeout=120_000)
                    out = OUT / f"reports-{name}-{width}.png"
                    page.screenshot(path=str(out), full_page=True)
                    print("wrote", out.relative_to(ROOT))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
