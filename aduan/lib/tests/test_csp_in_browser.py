"""The strict Content-Security-Policy breaks nothing: main pages load in Chromium without a violation."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, staff_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def violations_on(page: Any, url: str) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return found


def test_public_pages_load_without_csp_violations(page: Any, live_server: Any, city: City) -> None:
    complaint = complaint_in(city, Status.IN_PROGRESS)
    found: list[str] = []
    for path in ("/", "/aduan/baru/", "/lacak/", "/arsip/", f"/lacak/{complaint.tracking_code}/"):
        found += violations_on(page, live_server.url + path)
    assert found == []


def test_staff_pages_load_without_csp_violations(
    browser: Any, live_server: Any, city: City
) -> None:
    complaint = complaint_in(city, Status.ROUTED)
    client = Client()
    staff_login(client, city.verifier)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    found: list[str] = []
    for path in ("/staf/", f"/staf/aduan/{complaint.tracking_code}/", "/staf/aduan/baru/"):
        found += violations_on(page, live_server.url + path)
        assert "/staf/masuk/" not in page.url, f"{path} asked to sign in again"
    context.close()
    assert found == []
