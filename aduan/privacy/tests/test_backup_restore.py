"""manage.py backup / restore: a full round trip on this database, and damaged archives refused."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from aduan.testing import City, complaint_in, photo, submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    private, public = tmp_path / "backup.key", tmp_path / "backup.pub"
    call_command(
        "backup_keygen",
        "--private-key",
        str(private),
        "--public-key",
        str(public),
        stdout=StringIO(),
    )
    return private, public


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the same engine to restore into (dropped afterwards on PostgreSQL)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    config = connection.settings_dict
    name = f"aduan_restore_{secrets.token_hex(4)}"
    admin: dict[str, Any] = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _media() -> Path:
    storage: dict[str, Any] = settings.STORAGES["default"]  # type: ignore[assignment]
    return Path(storage["OPTIONS"]["location"])


def _cursor_for(url: str | None) -> Any:
    """A DB-API connection to the original (None) or the restored database, same type conversions."""
    if connection.vendor == "sqlite":
        if url is None:
            return None
        return sqlite3.connect(
            url.removeprefix("sqlite:///"),
            detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
        )
    import psycopg

    config = connection.settings_dict
    name = config["NAME"] if url is None else url.rsplit("/", 1)[1]
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname=name,
    )


def _all_rows(url: str | None) -> dict[str, list[str]]:
    conn = _cursor_for(url)
    cursor = conn.cursor() if conn is not None else connection.cursor()
    try:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        else:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            result[table] = sorted(repr(row) for row in cursor.fetchall())
        return result
    finally:
        if conn is not None:
            conn.close()


def _backup(keys: tuple[Path, Path], tmp_path: Path) -> Path:
    archive = tmp_path / "aduan.backup"
    call_command(
        "backup", "--out", str(archive), "--recipient-key", str(keys[1]), stdout=StringIO()
    )
    return archive


def _restore(archive: Path, keys: tuple[Path, Path], *extra: str) -> str:
    out = StringIO()
    call_command("restore", "--in", str(archive), "--private-key", str(keys[0]), *extra, stdout=out)
    return out.getvalue()


def test_a_backup_restores_every_row_and_every_file(
    city: City, keys: tuple[Path, Path], tmp_path: Path, scratch_url: str
) -> None:
    complaint_in(city, "closed", photos=[photo()])
    submit(city, category=city.bribe, photos=[photo(), photo()])
    archive = _backup(keys, tmp_path)
    restored_media = tmp_path / "restored-media"

    output = _restore(
        archive, keys, "--database-url", scratch_url, "--media-dir", str(restored_media)
    )

    assert "with 3 attachment files" in output
    original, restored = _all_rows(None), _all_rows(scratch_url)
    assert original.keys() == restored.keys()
    assert len(original["complaints_complaint"]) == 2
    for table in original:
        assert restored[table] == original[table], table
    files = {p.relative_to(_media()): p.read_bytes() for p in _media().rglob("*") if p.is_file()}
    copies = {
        p.relative_to(restored_media): p.read_bytes()
        for p in restored_media.rglob("*")
        if p.is_file()
    }
    assert len(files) == 3
    assert copies == files


def test_the_archive_reveals_nothing_without_the_private_key(
    city: City, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    submit(city)
    archive = _backup(keys, tmp_path)

    data = archive.read_bytes()

    assert b"Jalan berlubang" not in data
    assert b"SQLite format" not in data and b"PGDMP" not in data


def _damaged(archive: Path, how: str) -> Path:
    data = bytearray(archive.read_bytes())
    if how == "corrupted":
        data[len(data) // 2] ^= 0x40
    else:
        data = data[: len(data) - 200]
    archive.write_bytes(bytes(data))
    return archive


@pytest.mark.parametrize("how", ["corrupted", "truncated"])
def test_a_damaged_archive_is_rejected_before_anything_is_touched(
    city: City, keys: tuple[Path, Path], tmp_path: Path, scratch_url: str, how: str
) -> None:
    submit(city, photos=[photo()])
    archive = _damaged(_backup(keys, tmp_path), how)
    restored_media = tmp_path / "restored-media"
    before = _all_rows(scratch_url)

    with pytest.raises(CommandError, match="Archive rejected, nothing was changed"):
        _restore(archive, keys, "--database-url", scratch_url, "--media-dir", str(restored_media))

    assert not restored_media.exists()
    assert _all_rows(scratch_url) == before


def test_the_wrong_private_key_is_named(
    city: City, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    submit(city)
    archive = _backup(keys, tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    other_keys = (other / "k", other / "k.pub")
    call_command(
        "backup_keygen",
        "--private-key",
        str(other_keys[0]),
        "--public-key",
        str(other_keys[1]),
        stdout=StringIO(),
    )

    with pytest.raises(CommandError, match="different key pair"):
        _restore(archive, other_keys)


def test_a_target_that_holds_data_is_refused_without_force(
    city: City, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    submit(city)
    archive = _backup(keys, tmp_path)

    with pytest.raises(CommandError, match=r"already holds data.*--force"):
        _restore(archive, keys)


def test_no_unencrypted_backup_is_ever_written(
    city: City, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.delenv("ADUAN_BACKUP_PUBLIC_KEY_FILE", raising=False)

    with pytest.raises(CommandError, match="an unencrypted backup is never written"):
        call_command("backup", "--out", str(tmp_path / "x"), stdout=StringIO())

    assert not (tmp_path / "x").exists()


def test_force_restores_over_a_deployment_that_holds_data(
    city: City, keys: tuple[Path, Path], tmp_path: Path, scratch_url: str
) -> None:
    submit(city, photos=[photo()])
    archive = _backup(keys, tmp_path)
    media = tmp_path / "restored-media"
    _restore(archive, keys, "--database-url", scratch_url, "--media-dir", str(media))

    with pytest.raises(CommandError, match="already holds data"):
        _restore(archive, keys, "--database-url", scratch_url, "--media-dir", str(media))
    output = _restore(
        archive, keys, "--database-url", scratch_url, "--media-dir", str(media), "--force"
    )

    assert "Previous attachments kept at" in output
    assert _all_rows(scratch_url) == _all_rows(None)
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1
