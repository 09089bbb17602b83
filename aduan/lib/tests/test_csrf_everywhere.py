"""CSRF everywhere: every URL of the site refuses a POST without a CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from aduan.testing import City, staff_login

# Endpoints that authenticate by other means than a browser session and so need no CSRF token.
# Adding one here is a security decision: say why next to it.
EXEMPT: set[str] = {
    # The JSON API (aduan/api): it authenticates staff by a token header and reporters by a key
    # header, never by the session cookie, so a request forged from another site carries nothing
    # that lets it act (aduan/api/tests/test_staff_api.py checks that a session is not a token).
    "ninja.operation.PathView.get_view.<locals>.sync_view_wrapper",
}

SAMPLE = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "code": "ADU-AAA-AAA-AAA",
    "typedcode": "ADU-AAA-AAA-AAA",
}


def walk(resolvers: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolvers:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route, entry.callback


def concrete(route: str) -> str | None:
    """A real path for a route with sample values, or None for regex routes we cannot fill."""
    if route.startswith("^") or "(?P" in route:
        return None
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    return "/" + path


def routes() -> list[tuple[str, Any]]:
    found = []
    for route, callback in walk(get_resolver().url_patterns):
        path = concrete(route)
        if path is not None and not path.startswith("/static/"):
            found.append((path, callback))
    return found


@pytest.mark.django_db
def test_every_url_refuses_a_post_without_a_csrf_token(city: City) -> None:
    client = Client(enforce_csrf_checks=True)
    # A verified administrator gets past every sign-in gate, so each request reaches the check.
    staff_login(client, city.administrator)
    checked = 0
    for path, callback in routes():
        target = getattr(callback, "func", callback)  # a partial names its function
        name = f"{target.__module__}.{getattr(target, '__qualname__', target.__name__)}"
        if getattr(callback, "csrf_exempt", False):
            assert name in EXEMPT, f"{path} ({name}) is csrf_exempt without a recorded reason"
            continue
        response = client.post(path, {"anything": "1"})
        assert response.status_code == 403, (
            f"POST {path} without a token gave {response.status_code}"
        )
        checked += 1
    assert checked > 30  # the walk really covered the site


@pytest.mark.django_db
def test_the_staff_sign_in_refuses_a_post_without_a_token(city: City) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/staf/masuk/", {"username": "petugas_a", "password": "x"})
    assert response.status_code == 403
