"""Turning DATABASE_URL into Django's DATABASES entry, with SQLite tuned for a web server and a worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

from aduan.lib.env import ConfigError

SUPPORTED_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}


def sqlite_config(path: Path | str) -> dict[str, Any]:
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock when a
    # transaction starts, so two writers queue on busy_timeout instead of failing later with
    # "database is locked" when a read lock cannot be upgraded.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=30000;"
            ),
        },
    }


def parse_database_url(url: str) -> dict[str, Any]:
    """Return a DATABASES entry for url or raise ConfigError naming DATABASE_URL."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL is malformed: {exc}") from exc
    if parts.scheme not in SUPPORTED_SCHEMES:
        raise ConfigError(
            f"DATABASE_URL must start with postgres:// or sqlite:///, got scheme {parts.scheme!r}"
        )
    if parts.scheme == "sqlite":
        name = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not name:
            raise ConfigError("DATABASE_URL for SQLite needs a file path: sqlite:///path/to/db")
        return sqlite_config(name)
    if not parts.hostname and not parts.path.strip("/"):
        raise ConfigError("DATABASE_URL for PostgreSQL needs a host or a database name")
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"DATABASE_URL is malformed: {exc}") from exc
    if not config.get("NAME"):
        raise ConfigError("DATABASE_URL for PostgreSQL needs a database name after the host")
    config.setdefault("OPTIONS", {})
    config["CONN_HEALTH_CHECKS"] = True
    return config
