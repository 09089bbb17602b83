"""Production refuses to start without real keys and names the variable; development uses dev keys."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aduan.lib.env import ConfigError
from aduan.lib.keyring import DEV_KEY_ID, load_keys

KEY = base64.b64encode(os.urandom(32)).decode()
ROOT = Path(__file__).resolve().parents[3]


def test_development_falls_back_to_the_marked_development_keys() -> None:
    keys = load_keys({}, production=False)

    assert list(keys.encryption) == [DEV_KEY_ID]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"ADUAN_BLIND_INDEX_KEY": KEY}, "ADUAN_ENCRYPTION_KEYS is required"),
        ({"ADUAN_ENCRYPTION_KEYS": f"k1:{KEY}"}, "ADUAN_BLIND_INDEX_KEY is required"),
        (
            {"ADUAN_ENCRYPTION_KEYS": "k1:not-base64!", "ADUAN_BLIND_INDEX_KEY": KEY},
            "not valid base64",
        ),
        (
            {
                "ADUAN_ENCRYPTION_KEYS": "k1:" + base64.b64encode(b"short").decode(),
                "ADUAN_BLIND_INDEX_KEY": KEY,
            },
            "5 bytes",
        ),
        ({"ADUAN_ENCRYPTION_KEYS": KEY, "ADUAN_BLIND_INDEX_KEY": KEY}, "keyid:base64key"),
        ({"ADUAN_ENCRYPTION_KEYS": f"k1:{KEY},k1:{KEY}", "ADUAN_BLIND_INDEX_KEY": KEY}, "twice"),
    ],
)
def test_production_refuses_a_missing_or_malformed_key(
    environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_keys(environ, production=True)


def test_production_refuses_the_development_key() -> None:
    dev = base64.b64encode(load_keys({}, production=False).encryption[DEV_KEY_ID]).decode()

    with pytest.raises(ConfigError, match="must not contain the development key"):
        load_keys(
            {"ADUAN_ENCRYPTION_KEYS": f"k1:{dev}", "ADUAN_BLIND_INDEX_KEY": KEY}, production=True
        )


def test_the_process_does_not_start_in_production_without_the_key(tmp_path: Path) -> None:
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "ADUAN_ENV": "production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "aduan.example.test",
        "ADUAN_BASE_URL": "https://aduan.example.test",
        "ADUAN_DATA_DIR": str(tmp_path),
        "ADUAN_BLIND_INDEX_KEY": KEY,
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "Aduan cannot start: ADUAN_ENCRYPTION_KEYS is required" in result.stderr
