"""Screenshots of the public archive and the citizen account pages at 360 px and 1280 px.

Usage: .venv/bin/python scripts/screenshots_archive.py [--port 8741] [--data-dir /tmp/aduan-archive]

Builds a throwaway demo database in --data-dir (load_demo), serves it with runserver, and drives
Debian's Chromium through Python playwright. Writes docs/screenshots/public-archive-*.png.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

# Run as a script, so the project root is not on the path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from aduan.lib import chromium
from aduan.lib.chromium import wait_for

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WIDTHS = {"360": (360, 740), "1280": (1280, 900)}
DEMO_CITIZEN = ("warga@example.com", "demo-aduan-2026")


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


# Long lists repeat themselves; the top of the page shows all there is to see, in fewer bytes.
MAX_HEIGHT = 2400


def shoot(page: Page, name: str, width: str) -> None:
    path = OUT / f"public-archive-{name}-{width}.png"
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    page.screenshot(
        path=str(path),
        full_page=True,
        clip={"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height},
    )
    print("wrote", path.relative_to(ROOT))


def take(page: Page, base: str, width: str) -> None:
    page.goto(f"{base}/arsip/")
    shoot(page, "list", width)
    page.goto(f"{base}/arsip/?q=lampu+mati")
    shoot(page, "search", width)
    page.goto(f"{base}/arsip/?status=proses&dari=2020-01-01&sampai=2019-01-01")
    shoot(page, "filters-error", width)
    page.goto(f"{base}/akun/masuk/")
    shoot(page, "signin", width)
    page.fill("#id_contact", DEMO_CITIZEN[0])
    page.fill("#id_password", "bukan-kata-sandinya")
    page.click("main button[type=submit]")
    shoot(page, "signin-error", width)
    page.goto(f"{base}/akun/daftar/")
    shoot(page, "signup", width)
    page.fill("#id_contact", DEMO_CITIZEN[0])
    page.fill("#id_password", "pendek")
    page.fill("#id_password2", "lain")
    page.click("main button[type=submit]")
    shoot(page, "signup-error", width)
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_contact", DEMO_CITIZEN[0])
    page.fill("#id_password", DEMO_CITIZEN[1])
    page.click("main button[type=submit]")
    page.wait_for_url("**/akun/aduan-saya/")
    shoot(page, "my-complaints", width)
    page.goto(f"{base}/akun/pengaturan/")
    shoot(page, "preferences", width)
    # Support the first complaint that still takes support, then see the archive again.
    page.goto(f"{base}/arsip/")
    button = page.locator(".support__button").first
    if button.count():
        button.click()
        shoot(page, "supported", width)
    page.goto(f"{base}/akun/keluar/")
    page.click("main button[type=submit]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8741)
    default_dir = str(Path(tempfile.gettempdir()) / "aduan-archive-screenshots")
    parser.add_argument("--data-dir", default=default_dir)
    options = parser.parse_args()
    env = {
        **os.environ,
        "ADUAN_DATA_DIR": options.data_dir,
        "PORT": str(options.port),
        "DEBUG": "true",
    }
    env.pop("DATABASE_URL", None)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo", "--complaints", "120")
    OUT.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{options.port}"
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "runserver",
            f"127.0.0.1:{options.port}",
            "--noreload",
        ],
        env=env,
    )
    try:
        wait_for(f"{base}/healthz")
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            for width, (w, h) in WIDTHS.items():
                context = browser.new_context(viewport={"width": w, "height": h}, locale="id-ID")
                # A fresh IP-less context per width: the sign-in throttle counts one failure each.
                take(context.new_page(), base, width)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
