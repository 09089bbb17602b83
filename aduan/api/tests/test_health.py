"""Health probes answer in JSON for load balancers."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client


def test_healthz_says_the_process_is_up(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database_and_migrations(client: Client, db: None) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "migrations": "ok"}


def test_readyz_reports_an_unreachable_database(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aduan.api import health

    class Unreachable:
        def cursor(self) -> None:
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/readyz")
    monkeypatch.undo()
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("unreachable")
