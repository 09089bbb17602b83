"""Configuration from the environment: malformed or missing values stop start-up by name."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aduan.lib.database import parse_database_url
from aduan.lib.env import ConfigError, Env

ROOT = Path(__file__).resolve().parents[3]


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ADUAN_", "DATABASE_URL"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "aduan.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRODUCTION = {
    "ADUAN_ENV": "production",
    "ADUAN_ENCRYPTION_KEYS": "k1:" + base64.b64encode(b"e" * 32).decode(),
    "ADUAN_BLIND_INDEX_KEY": base64.b64encode(b"i" * 32).decode(),
    "SECRET_KEY": "k" * 60,
    "ALLOWED_HOSTS": "aduan.example.go.id",
    "ADUAN_BASE_URL": "https://aduan.example.go.id",
}


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS"),
        ("ADUAN_BASE_URL", "ADUAN_BASE_URL"),
        ("ADUAN_ENCRYPTION_KEYS", "ADUAN_ENCRYPTION_KEYS"),
        ("ADUAN_BLIND_INDEX_KEY", "ADUAN_BLIND_INDEX_KEY"),
    ],
)
def test_production_refuses_to_start_without_a_required_value(
    missing: str, named: str, tmp_path: Path
) -> None:
    env = {**PRODUCTION, "ADUAN_DATA_DIR": str(tmp_path)}
    del env[missing]
    result = _start(env)
    assert result.returncode != 0
    assert f"Aduan cannot start: {named}" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@localhost/aduan"),
        ("DATABASE_URL", "postgres://"),
        ("DATABASE_URL", "not a url"),
        ("TIME_ZONE", "Asia/Atlantis"),
        ("EMAIL_PORT", "twenty-five"),
        ("EMAIL_USE_TLS", "maybe"),
        ("ADUAN_ENV", "staging"),
        ("SECRET_KEY", "too-short"),
        ("ADUAN_BREACHED_PASSWORDS_URL", "ftp://passwords.example/range"),
    ],
)
def test_a_malformed_value_stops_start_up_with_its_name(
    variable: str, value: str, tmp_path: Path
) -> None:
    result = _start({**PRODUCTION, "ADUAN_DATA_DIR": str(tmp_path), variable: value})
    assert result.returncode != 0
    assert f"Aduan cannot start: {variable}" in result.stderr, result.stderr[-500:]
    assert "started" not in result.stdout


def test_development_starts_with_nothing_set(tmp_path: Path) -> None:
    result = _start({"ADUAN_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-800:]
    assert "started" in result.stdout


def test_production_starts_with_a_complete_configuration(tmp_path: Path) -> None:
    result = _start({**PRODUCTION, "ADUAN_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-800:]


def test_postgres_urls_become_connection_settings() -> None:
    config = parse_database_url("postgres://aduan:rahasia@db.internal:5433/aduan_kota")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "aduan_kota")


def test_sqlite_runs_in_wal_mode_with_immediate_transactions() -> None:
    config = parse_database_url("sqlite:////var/lib/aduan/aduan.sqlite3")
    assert config["NAME"] == "/var/lib/aduan/aduan.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_env_readers_name_the_variable() -> None:
    env = Env({"WORKERS": "-3", "DEBUG": "ya"})
    with pytest.raises(ConfigError, match="WORKERS"):
        env.int("WORKERS", 1, minimum=1)
    with pytest.raises(ConfigError, match="DEBUG"):
        env.bool("DEBUG")
    assert Env({"HOSTS": "a.go.id, b.go.id,"}).list("HOSTS") == ["a.go.id", "b.go.id"]
