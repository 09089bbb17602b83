"""Staff accounts: passwords hashed with Argon2, and no account exists until someone creates it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from aduan.accounts.models import User
from aduan.testing import City

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.mark.django_db
def test_a_new_staff_password_is_stored_as_an_argon2id_hash(settings: Any) -> None:
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS  # the suite swaps in a fast hasher
    user = User.objects.create_user("petugas_baru", password="kata-sandi-yang-kuat-1")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("kata-sandi-yang-kuat-1")


def test_the_configured_first_hasher_is_argon2() -> None:
    from aduan import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(settings: Any, city: City) -> None:
    settings.PASSWORD_HASHERS = list(reversed(PRODUCTION_HASHERS))
    city.officer_a.set_password("kata-sandi-lama-123")
    city.officer_a.save()
    assert city.officer_a.password.startswith("pbkdf2_")
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    Client().post("/staf/masuk/", {"username": "petugas_a", "password": "kata-sandi-lama-123"})
    city.officer_a.refresh_from_db()
    assert city.officer_a.password.startswith("argon2$")


def test_a_fresh_migrate_creates_no_accounts(tmp_path: Path) -> None:
    """No default or demo account appears unless `load_demo` is run on purpose."""
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "ADUAN_ENV"}
    }
    env["ADUAN_DATA_DIR"] = str(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=django_settings.BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    with sqlite3.connect(tmp_path / "aduan.sqlite3") as db:
        (count,) = db.execute("SELECT count(*) FROM accounts_user").fetchone()
    assert count == 0
