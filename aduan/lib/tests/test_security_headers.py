"""Every response carries the security headers; staff and admin pages are never cached."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aduan.lib.middleware import content_security_policy
from aduan.testing import City, staff_login

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict_policy(response: Any) -> None:
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=(self)" in response["Permissions-Policy"]


def test_a_public_page_has_a_strict_policy_and_may_be_cached(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert_strict_policy(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_even_a_not_found_page_has_the_headers(client: Client) -> None:
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert_strict_policy(response)


def test_a_staff_page_has_a_strict_policy_and_is_never_stored(client: Client) -> None:
    response = client.get("/staf/masuk/")
    assert_strict_policy(response)
    assert response["Cache-Control"] == "no-store"


def test_a_signed_in_staff_page_is_never_stored(client: Client, city: City) -> None:
    staff_login(client, city.verifier)
    response = client.get("/staf/2fa/kode-pemulihan/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_admin_pages_are_never_stored(client: Client) -> None:
    response = client.get("/admin/")
    assert response["Cache-Control"] == "no-store"


def test_the_map_tile_host_is_the_only_extra_image_source(settings: Any) -> None:
    settings.ADUAN_MAP_TILE_URL = "https://{s}.tile.peta.example/{z}/{x}/{y}.png"
    policy = directives(content_security_policy())
    assert policy["img-src"] == ["'self'", "data:", "https://*.tile.peta.example"]
    settings.ADUAN_MAP_TILE_URL = "https://peta.example/tiles/{z}/{x}/{y}.png"
    assert directives(content_security_policy())["img-src"][-1] == "https://peta.example"


def test_production_settings_turn_on_hsts_and_host_cookies() -> None:
    import subprocess
    import sys

    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT]))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "aduan.settings",
        "ADUAN_ENV": "production",
        "SECRET_KEY": "p" * 60,
        "ALLOWED_HOSTS": "aduan.example.go.id",
        "ADUAN_BASE_URL": "https://aduan.example.go.id",
        "ADUAN_ENCRYPTION_KEYS": "k1:" + "A" * 43 + "=",
        "ADUAN_BLIND_INDEX_KEY": "B" * 43 + "=",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '[31536000, true, "__Host-sessionid", "__Host-csrftoken", true, true, true]'
    )
