"""The roster page in Chromium: axe-core (WCAG 2.2 A and AA) finds nothing, at 1280 and 360 px,
and nothing scrolls sideways on a phone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from aduan.agencies.models import DutyShift
from aduan.testing import City, staff_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_roster_page_passes_axe_on_a_desktop_and_a_phone(
    browser: Any, live_server: Any, city: City, axe: Callable[[Any], list[str]]
) -> None:
    now = timezone.now()
    DutyShift.objects.create(
        user=city.officer_a,
        agency=city.agency_a,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
        phone_note="0812-1111-0001",
    )
    DutyShift.objects.create(
        user=city.verifier,
        agency=city.desk,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=2),
    )
    client = Client()
    staff_login(client, city.verifier)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    tab = context.new_page()
    tab.goto(f"{live_server.url}/staf/piket/")
    assert tab.get_by_role("heading", level=1).inner_text() == "Piket"
    assert tab.get_by_role("table", name="Petugas yang sedang piket sekarang").is_visible()
    assert axe(tab) == []
    tab.screenshot(path="/tmp/piket-1280.png", full_page=True)
    tab.set_viewport_size({"width": 360, "height": 800})
    assert tab.evaluate("document.documentElement.scrollWidth") <= 361
    assert axe(tab) == []
    tab.screenshot(path="/tmp/piket-360.png", full_page=True)
    tab.context.close()
