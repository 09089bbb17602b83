"""Calling the API in tests: JSON in, JSON out, with a staff member's personal token."""

from __future__ import annotations

import base64
import json
from typing import Any

from django.test import Client

from aduan.accounts import apikeys
from aduan.accounts.apikeys import Scope
from aduan.testing import photo

BASE = "/api/v1"


def token_for(user: Any, scope: str = Scope.ACT, days: int | None = 30) -> str:
    _key, token = apikeys.create_personal_token(user=user, name="uji", scope=scope, days=days)
    return token


def photo_b64() -> str:
    return base64.b64encode(photo().content).decode()


class Api:
    def __init__(self, client: Client, token: str = "", language: str = "") -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        if token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        if language:
            self.headers["HTTP_ACCEPT_LANGUAGE"] = language

    def get(self, path: str, params: dict[str, Any] | None = None, **extra: str) -> Any:
        meta: dict[str, Any] = {**self.headers, **extra}
        return self.client.get(BASE + path, params or {}, **meta)

    def post(
        self, path: str, body: Any = None, raw: bytes | str | None = None, **extra: str
    ) -> Any:
        content_type = extra.pop("content_type", "application/json")
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        meta: dict[str, Any] = {**self.headers, **extra}
        return self.client.post(BASE + path, data, content_type=content_type, **meta)


def is_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is the API's one error shape with this status; returns its body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/api/v1/referensi/#masalah-")
    assert body["title"] and body["detail"]
    return body
