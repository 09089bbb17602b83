"""Backups under faults: no unencrypted copy of the database on disk at any moment (so a killed
backup leaves none), leftovers of killed runs cleaned at the next start, and an archive with
bytes appended after its final chunk refused."""

from __future__ import annotations

import os
import subprocess
import tarfile
import tempfile
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from aduan.privacy.tests.test_backup_restore import _backup, _restore
from aduan.privacy.tests.test_backup_restore import keys as keys
from aduan.testing import City, photo, submit

pytestmark = pytest.mark.django_db(transaction=True)
TITLE = b"Jalan berlubang di depan SDN 3"


def plaintext_copies(*directories: Path) -> list[Path]:
    """Files anywhere under these directories that hold the database's content in the clear."""
    found = []
    for directory in directories:
        for path in directory.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                if TITLE in data or data.startswith((b"SQLite format 3\x00", b"PGDMP")):
                    found.append(path)
    return found


def test_no_unencrypted_copy_of_the_database_is_on_disk_while_a_backup_runs(
    city: City, keys: tuple[Path, Path], tmp_path: Path, monkeypatch: Any
) -> None:
    """Looked at while the archive is being written, which is when a kill would leave it."""
    submit(city, photos=[photo()])
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    seen: list[list[Path]] = []
    real_addfile = tarfile.TarFile.addfile

    def watching(self: tarfile.TarFile, info: tarfile.TarInfo, fileobj: Any = None) -> None:
        seen.append(plaintext_copies(scratch, tmp_path / "out"))
        real_addfile(self, info, fileobj)
        seen.append(plaintext_copies(scratch, tmp_path / "out"))

    monkeypatch.setattr(tarfile.TarFile, "addfile", watching)
    (tmp_path / "out").mkdir()
    archive = tmp_path / "out" / "aduan.backup"
    call_command(
        "backup", "--out", str(archive), "--recipient-key", str(keys[1]), stdout=StringIO()
    )
    assert len(seen) >= 6, "the database, the photo and the manifest were watched"
    assert all(found == [] for found in seen), seen
    assert plaintext_copies(scratch, tmp_path / "out") == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["aduan.backup"]


def test_leftovers_of_a_killed_backup_are_removed_at_the_next_start(
    city: City, keys: tuple[Path, Path], tmp_path: Path, monkeypatch: Any
) -> None:
    submit(city)
    scratch = tmp_path / "tmp"
    old_scratch = scratch / "aduan-backup-x1y2z3"  # what earlier versions left: a plain dump
    old_scratch.mkdir(parents=True)
    (old_scratch / "database.sqlite3").write_bytes(b"SQLite format 3\x00" + TITLE)
    stale = 3600.0
    os.utime(old_scratch / "database.sqlite3", (time.time() - stale, time.time() - stale))
    os.utime(old_scratch, (time.time() - stale, time.time() - stale))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    leftover = out / f".aduan-backup-{dead.pid}-abcd.spool"
    leftover.write_bytes(b"ADUANBK1\n...")
    running = out / f".aduan-backup-{os.getpid()}-live.partial"  # this process: still running
    running.write_bytes(b"ADUANBK1\n...")

    archive = _backup(keys, out)

    assert archive.exists()
    assert not old_scratch.exists(), "the plaintext dump an old run left is gone"
    assert not leftover.exists()
    assert running.exists(), "a backup still running keeps its files"


def test_an_archive_with_bytes_appended_after_its_final_chunk_is_refused(
    city: City, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    submit(city)
    archive = _backup(keys, tmp_path)
    with archive.open("ab") as handle:
        handle.write(b"\x00" * 16 + b"tambahan")

    with pytest.raises(CommandError, match="data after the final chunk"):
        _restore(archive, keys, "--database-url", f"sqlite:///{tmp_path / 'r.sqlite3'}")
    assert not (tmp_path / "r.sqlite3").exists()
