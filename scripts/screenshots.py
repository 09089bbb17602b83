"""Screenshots of the citizen's journey, every step and error state, at 360 px and 1280 px.

Usage: .venv/bin/python scripts/screenshots.py [--port 0] [--keep]

Builds a throwaway SQLite database in a temporary directory (the demo city from load_demo, or
the test city if load_demo is not available), serves it with runserver on a free loopback port
and drives Debian's Chromium through Python playwright. Writes docs/screenshots/public-*.png
(pages of the public archive and accounts are made by scripts/screenshots_archive.py).
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as a script, so the project root is not on the path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from aduan.lib import chromium
from aduan.lib.chromium import wait_for

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WIDTHS = {360: 740, 1280: 900}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_database() -> dict[str, str]:
    """Migrate, load the demo (or the test city) and put two complaints where the reporter acts."""
    import django
    from django.core.management import CommandError, call_command

    django.setup()
    from aduan.accounts.models import Role, User
    from aduan.complaints import actions
    from aduan.complaints.models import Complaint
    from aduan.complaints.states import Status
    from aduan.lib.signing import reporter_token

    call_command("migrate", verbosity=0, interactive=False)
    try:
        call_command("load_demo", complaints=40, verbosity=0)
    except CommandError as exc:  # an older tree without the demo: the small test city
        print("load_demo unavailable, using the test city:", exc)
        from aduan.testing import build_city, complaint_in

        city = build_city()
        complaint_in(city, Status.IN_PROGRESS)
        complaint_in(city, Status.NEEDS_INFO)
        complaint_in(city, Status.RESOLVED)
    verifier = User.objects.filter(memberships__role=Role.VERIFIER).first()
    public = Complaint.objects.public()
    # The reporter sees their own complaint whether or not it is public yet.
    shown = Complaint.objects.filter(is_confidential=False)
    asked = shown.filter(status=Status.NEEDS_INFO).first()
    if asked is None and verifier is not None:
        waiting = shown.filter(status=Status.SUBMITTED).first()
        if waiting is not None:
            asked = actions.request_info(
                waiting, by=verifier, question="Mohon kirim foto lubang dari dekat."
            )
    resolved = shown.filter(status=Status.RESOLVED).first()
    busy = public.filter(status=Status.IN_PROGRESS).order_by("-created_at").first()
    links = {}
    if busy is not None:
        links["aduan-publik"] = f"/lacak/{busy.tracking_code}/"
    if asked is not None:
        links["pelapor-pertanyaan"] = (
            f"/lacak/{asked.tracking_code}/?kunci={reporter_token(asked.tracking_code)}"
        )
    if resolved is not None:
        links["pelapor-penyelesaian"] = (
            f"/lacak/{resolved.tracking_code}/?kunci={reporter_token(resolved.tracking_code)}"
        )
    # The links in the reporter's messages, each opening a page with its form.
    if asked is not None:
        key = reporter_token(asked.tracking_code)
        links["tautan-jawab"] = f"/lacak/{asked.tracking_code}/jawab/?kunci={key}"
    if resolved is not None:
        key = reporter_token(resolved.tracking_code)
        links["tautan-konfirmasi"] = f"/lacak/{resolved.tracking_code}/konfirmasi/?kunci={key}"
        links["tautan-sanggah"] = f"/lacak/{resolved.tracking_code}/sanggah/?kunci={key}"
    return links


def compact_png(data: bytes) -> bytes:
    """Screenshots of flat pages need few colours; a palette keeps the repository light."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def shooter(page: Any, width: int) -> Callable[[str], None]:
    counter = {"n": 0}

    def shoot(name: str) -> None:
        counter["n"] += 1
        path = OUT / f"public-{counter['n']:02d}-{name}-{width}.png"
        path.write_bytes(compact_png(page.screenshot(full_page=True)))
        print("wrote", path.relative_to(ROOT))
        if name == "periksa":
            # A person takes longer than a script over the whole report; the site refuses reports
            # sent faster than ADUAN_MIN_REPORT_SECONDS (aduan/lib/antispam.py).
            from aduan.lib import antispam

            time.sleep(antispam.min_report_seconds() + 1)

    return shoot


def take(browser: Any, base: str, width: int, links: dict[str, str]) -> None:
    from aduan.public.tests.browser_steps import walk_report

    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]}, locale="id-ID"
    )
    page = context.new_page()
    shoot = shooter(page, width)
    walk_report(page, base, kelurahan=None, on_page=shoot)
    page.goto(base + "/lacak/")
    shoot("lacak")
    page.goto(base + "/lacak/?kode=ADU-222-333-444")
    shoot("lacak-tidak-ditemukan")
    for name, url in links.items():
        page.goto(base + url)
        shoot(name)
        if name == "pelapor-penyelesaian":
            page.get_by_role("button", name="Ya, konfirmasi selesai").click()
            shoot("pelapor-penyelesaian-kesalahan")
        if name == "tautan-sanggah":
            page.get_by_role("button", name="Sanggah penyelesaian").click()
            shoot("tautan-sanggah-kesalahan")
    page.goto(base + "/privasi/")
    shoot("pemberitahuan-privasi")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="loopback port (default: a free one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    options = parser.parse_args()
    port = options.port or free_port()
    data_dir = tempfile.mkdtemp(prefix="aduan-screens-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        ADUAN_DATA_DIR=data_dir,
        PORT=str(port),
        DJANGO_SETTINGS_MODULE="aduan.settings",
        ADUAN_ENV="development",
    )
    os.environ.clear()
    os.environ.update(env)
    links = prepare_database()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("public-[0-9][0-9]-*.png"):
        old.unlink()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            for width in WIDTHS:
                take(browser, base, width, links)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not options.keep:
            import shutil

            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
