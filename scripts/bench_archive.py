"""Time the public archive against a large database (e.g. after `manage.py generate_complaints`).

Usage: DATABASE_URL=... .venv/bin/python scripts/bench_archive.py
Prints the median of 5 runs of each archive request, measured through Django's test client (view,
queries and template; no network).
"""

from __future__ import annotations

import html
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")

import django

django.setup()

from django.test import Client  # noqa: E402

from aduan.agencies.models import Area, Category  # noqa: E402
from aduan.complaints.models import Complaint  # noqa: E402

NEXT_LINK = re.compile(r'href="([^"]+)#hasil" rel="next"')


def median_ms(client: Client, url: str) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(5):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(times), status


def main() -> None:
    client = Client()
    total = Complaint.objects.count()
    print(f"{total:,} complaints")
    category = Category.objects.filter(is_sensitive=False).order_by("pk").first()
    village = Area.objects.filter(level="village").order_by("code").first()
    # Page 50 of the newest-first list: follow the cursor 49 times.
    url = "/arsip/"
    for _ in range(49):
        found = NEXT_LINK.search(client.get(url).content.decode())
        url = html.unescape(found[1]) if found else url
    cases = {
        "newest first, page 1": "/arsip/",
        "newest first, page 50 (cursor)": url,
        "category filter": f"/arsip/?kategori={category.slug if category else ''}",
        "kelurahan filter": f"/arsip/?kelurahan={village.code if village else ''}",
        "status filter": "/arsip/?status=menunggu-pelapor",
        "date range": "/arsip/?dari=2026-01-01&sampai=2026-01-31",
        "search, common word": "/arsip/?q=jalan",
        "search, two words": "/arsip/?q=lampu+mati",
        "search, rare word": "/arsip/?q=kelinci",
        "search, page 10": "/arsip/?q=jalan&halaman=10",
    }
    for name, case in cases.items():
        ms, status = median_ms(client, case)
        print(f"{name:<34} {ms:8.1f} ms  (HTTP {status})")


if __name__ == "__main__":
    main()
