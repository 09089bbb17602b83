"""A browser tab signed in to the staff console, for the browser tests of aduan/staff."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client

from aduan.testing import staff_login


def signed_in_tab(
    browser: Any, live_server: Any, user: Any, width: int = 1280, **context: Any
) -> Any:
    """A browser tab signed in as user (session made the way the staff sign-in makes it).

    Extra keyword arguments go to the browser context (e.g. device_scale_factor=2).
    """
    client = Client()
    staff_login(client, user)
    browser_context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="id-ID", **context
    )
    browser_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    tab = browser_context.new_page()
    tab.set_default_timeout(15_000)
    return tab
