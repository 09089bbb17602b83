"""Backing up and restoring a deployment: the database and the attachment files in one encrypted archive.

Backup: SQLite as a consistent in-memory snapshot (sqlite3's serialize, read while the site
writes), PostgreSQL through `pg_dump --format=custom` on a pipe; attachments from the default
storage's directory; a manifest with the SHA-256 of every member; all of it streamed through
archive.EncryptingWriter. No unencrypted byte of the database touches the disk: the PostgreSQL
dump is spooled (its size must be known before it enters the archive) through a second
encryption under a throw-away key that exists only in memory; a killed backup leaves only
encrypted leftovers, which the next run removes.

Restore: decrypt and unpack into a scratch directory, verify every checksum, and only then touch
the target. A non-empty target is refused unless forced.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.db import connection
from django.utils import timezone

from aduan.lib.database import parse_database_url
from aduan.privacy.archive import (
    ArchiveError,
    DecryptingReader,
    EncryptingWriter,
    load_private_key,
    load_public_key,
)

MANIFEST = "manifest.json"
MEDIA = "media"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Tables whose rows mean "this deployment already holds data".
DATA_TABLES = ("accounts_user", "complaints_complaint", "complaints_reporter")


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why and what to do."""


# ---------------------------------------------------------------------------------------------
# Where things are


@dataclass
class Database:
    engine: str  # "sqlite" or "postgresql"
    config: dict[str, Any]
    is_default: bool

    @property
    def label(self) -> str:
        return f"{self.engine} {self.config.get('NAME')}"


def configured_database() -> Database:
    config = dict(connection.settings_dict)
    engine = "sqlite" if config["ENGINE"].endswith("sqlite3") else "postgresql"
    if not config["ENGINE"].endswith(("sqlite3", "postgresql")):
        raise BackupError(f"unsupported database engine {config['ENGINE']}")
    return Database(engine, config, is_default=True)


def database_from_url(url: str) -> Database:
    config = parse_database_url(url)
    engine = "sqlite" if config["ENGINE"].endswith("sqlite3") else "postgresql"
    return Database(engine, config, is_default=False)


def media_root() -> Path:
    storage: dict[str, Any] = settings.STORAGES["default"]  # type: ignore[assignment]
    if not storage["BACKEND"].endswith("FileSystemStorage"):
        raise BackupError(
            "attachments are not on the local file system; back up the object storage bucket "
            "with its own tools (see docs/backups.md) and pass --no-media"
        )
    return Path(storage.get("OPTIONS", {}).get("location") or settings.MEDIA_ROOT)


# ---------------------------------------------------------------------------------------------
# PostgreSQL tools


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    match = re.search(r"\)\s*(\d+)", out.stdout) or re.search(r"(\d+)\.\d+", out.stdout)
    return int(match.group(1)) if match else None


def pg_tool(name: str, server_major: int) -> str:
    """The pg_dump/pg_restore whose major version matches the server (or is the nearest newer)."""
    candidates = [f"/usr/bin/{name}", *sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))]
    found: dict[int, str] = {}
    for path in candidates:
        if os.path.exists(path):
            major = _tool_major(path)
            if major is not None:
                found.setdefault(major, path)
    if server_major in found:
        return found[server_major]
    newer = sorted(m for m in found if m > server_major)
    if newer:
        return found[newer[0]]
    raise BackupError(
        f"no {name} for PostgreSQL {server_major} (found versions {sorted(found) or 'none'}); "
        f"install postgresql-client-{server_major}"
    )


def _pg_args(config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if config.get("HOST"):
        args += ["-h", str(config["HOST"])]
    if config.get("PORT"):
        args += ["-p", str(config["PORT"])]
    if config.get("USER"):
        args += ["-U", str(config["USER"])]
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env


def _pg_connect(config: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=config["NAME"],
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        autocommit=True,
    )


def _pg_server_major(config: dict[str, Any]) -> int:
    with _pg_connect(config) as conn:
        return int(conn.info.server_version) // 10000


# ---------------------------------------------------------------------------------------------
# Backup


class _HashingReader:
    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


LEFTOVER = ".aduan-backup-"
# Scratch directories of earlier versions held a plaintext dump; one untouched this long is dead.
STALE_SCRATCH_SECONDS = 600


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(directory: Path) -> list[Path]:
    """Remove what killed backups left: their spool and partial files, and old plaintext scratch.

    Files of a backup still running (its process is alive) are left alone.
    """
    removed: list[Path] = []
    for path in directory.glob(f"{LEFTOVER}*"):
        try:
            pid = int(path.name.removeprefix(LEFTOVER).split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            path.unlink(missing_ok=True)
            removed.append(path)
    now = time.time()
    for pattern in ("aduan-backup-*", "aduan-restore-*"):
        for scratch in Path(tempfile.gettempdir()).glob(pattern):
            if not scratch.is_dir():
                continue
            times = [scratch.stat().st_mtime] + [p.stat().st_mtime for p in scratch.rglob("*")]
            if now - max(times) > STALE_SCRATCH_SECONDS:
                shutil.rmtree(scratch, ignore_errors=True)
                removed.append(scratch)
    return removed


@contextmanager
def _scratch_name(directory: Path, suffix: str) -> Iterator[Path]:
    """A file name next to the archive that names this process, removed however the block ends."""
    path = directory / f"{LEFTOVER}{os.getpid()}-{secrets.token_hex(4)}.{suffix}"
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


class _Sealed:
    """A dump kept on disk only encrypted, under a key pair that lives in this process's memory."""

    def __init__(self, path: Path) -> None:
        self.private = X25519PrivateKey.generate()
        self.public = self.private.public_key()
        self.path = path
        self.size = 0

    def fill(self, source: IO[bytes]) -> None:
        with self.path.open("wb") as raw:
            writer = EncryptingWriter(raw, self.public, {})
            for block in iter(lambda: source.read(1024 * 1024), b""):
                writer.write(block)
                self.size += len(block)
            writer.close()

    @contextmanager
    def reader(self) -> Iterator[DecryptingReader]:
        with self.path.open("rb") as raw:
            yield DecryptingReader(raw, self.private)


def _sqlite_snapshot() -> bytes:
    """The whole database as one consistent image, read while other connections write."""
    connection.ensure_connection()
    # SQLite reads every page under one read transaction of its own: a consistent copy.
    return bytes(connection.connection.serialize())


def _pg_dump_sealed(db: Database, spool: Path) -> _Sealed:
    tool = pg_tool("pg_dump", _pg_server_major(db.config))
    args, env = _pg_args(db.config)
    sealed = _Sealed(spool)
    with subprocess.Popen(
        [tool, "--format=custom", "--no-owner", "--no-acl", *args, db.config["NAME"]],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as dump:
        assert dump.stdout is not None and dump.stderr is not None
        sealed.fill(dump.stdout)
        errors = dump.stderr.read().decode(errors="replace")
    if dump.returncode != 0:
        raise BackupError(f"pg_dump failed: {errors.strip()}")
    return sealed


def _add_stream(
    tar: tarfile.TarFile, source: IO[bytes], size: int, arcname: str, files: dict[str, Any]
) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = size
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    reader = _HashingReader(source)
    tar.addfile(info, reader)
    files[arcname] = {"sha256": reader.digest.hexdigest(), "size": size}


def _add(tar: tarfile.TarFile, path: Path, arcname: str, files: dict[str, Any]) -> None:
    info = tar.gettarinfo(str(path), arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    files[arcname] = {"sha256": reader.digest.hexdigest(), "size": info.size}


def make_backup(out: Path, recipient_key: Path, include_media: bool = True) -> dict[str, Any]:
    """Write one encrypted archive of the database and the attachments; return its manifest."""
    from aduan.audit.log import verify_chain

    recipient = load_public_key(recipient_key)
    db = configured_database()
    media = media_root() if include_media else None
    directory = out.resolve().parent
    clean_leftovers(directory)
    ok, audit_summary = verify_chain()
    with (
        _scratch_name(directory, "partial") as partial,
        _scratch_name(directory, "spool") as spool,
    ):
        files: dict[str, Any] = {}
        meta = {"created_at": timezone.now().isoformat(), "engine": db.engine}
        # The dump is taken first, so it is the moment the archive stands for.
        snapshot = _sqlite_snapshot() if db.engine == "sqlite" else None
        sealed = _pg_dump_sealed(db, spool) if db.engine == "postgresql" else None
        with partial.open("wb") as raw:
            writer = EncryptingWriter(raw, recipient, meta)
            with tarfile.open(fileobj=writer, mode="w|") as tar:  # type: ignore[call-overload]
                if snapshot is not None:
                    _add_stream(
                        tar, io.BytesIO(snapshot), len(snapshot), DB_FILES[db.engine], files
                    )
                    del snapshot
                elif sealed is not None:
                    with sealed.reader() as dump:
                        _add_stream(tar, dump, sealed.size, DB_FILES[db.engine], files)  # type: ignore[arg-type]
                if media is not None and media.exists():
                    for path in sorted(p for p in media.rglob("*") if p.is_file()):
                        arcname = f"{MEDIA}/{path.relative_to(media).as_posix()}"
                        _add(tar, path, arcname, files)
                manifest = {
                    "format": 1,
                    **meta,
                    "database": DB_FILES[db.engine],
                    "media": include_media,
                    "audit": {"intact": ok, "summary": audit_summary},
                    "files": files,
                }
                blob = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(blob)
                info.mtime = int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(blob))
            writer.close()
            os.fsync(raw.fileno())
        os.replace(partial, out)
    return manifest


# ---------------------------------------------------------------------------------------------
# Restore


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def unpack_and_verify(archive: Path, private_key: Path, into: Path) -> dict[str, Any]:
    """Decrypt and unpack the archive into `into`; verify the manifest. Touches nothing else."""
    private = load_private_key(private_key)
    try:
        with archive.open("rb") as raw:
            reader = DecryptingReader(raw, private)
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                for member in tar:
                    tar.extract(member, into, filter="data")
            # The tar reader stops at its end-of-archive marker: read to the true end, so the
            # final chunk is authenticated and nothing may follow it.
            while reader.read(1024 * 1024):
                pass
    except OSError as exc:
        raise ArchiveError(f"cannot read {archive}: {exc}") from exc
    except tarfile.TarError as exc:
        raise ArchiveError(f"the archive's contents are damaged ({exc})") from exc
    manifest_path = into / MANIFEST
    if not manifest_path.exists():
        raise ArchiveError("the archive has no manifest (incomplete)")
    manifest = json.loads(manifest_path.read_text())
    listed = manifest.get("files", {})
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(listed):
        missing = sorted(set(listed) - present)[:3]
        extra = sorted(present - set(listed))[:3]
        raise ArchiveError(
            f"archive members do not match the manifest (missing {missing}, extra {extra})"
        )
    for name, expected in listed.items():
        path = into / name
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            raise ArchiveError(f"checksum mismatch for {name}")
    return manifest


def _has_data(db: Database) -> bool:
    if db.engine == "sqlite":
        if db.is_default:
            with connection.cursor() as cursor:
                return _sqlite_has_data(cursor)
        if not Path(db.config["NAME"]).exists():
            return False
        conn = sqlite3.connect(db.config["NAME"])
        try:
            return _sqlite_has_data(conn.cursor())
        finally:
            conn.close()
    with _pg_connect(db.config) as conn, conn.cursor() as cursor:
        for table in DATA_TABLES:
            cursor.execute("SELECT to_regclass(%s)", [f"public.{table}"])
            if cursor.fetchone()[0] is None:
                continue
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608
            if cursor.fetchone()[0]:
                return True
    return False


def _sqlite_has_data(cursor: Any) -> bool:
    for table in DATA_TABLES:
        # Table names come from the constant DATA_TABLES, never from input.
        cursor.execute(f"SELECT name FROM sqlite_master WHERE type='table' AND name='{table}'")  # noqa: S608
        if cursor.fetchone() is None:
            continue
        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608
        if cursor.fetchone()[0]:
            return True
    return False


def _restore_database(db: Database, dump: Path) -> None:
    if db.engine == "sqlite":
        source = sqlite3.connect(dump)
        try:
            if db.is_default:
                connection.ensure_connection()
                source.backup(connection.connection)
            else:
                Path(db.config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
                dest = sqlite3.connect(db.config["NAME"])
                try:
                    source.backup(dest)
                finally:
                    dest.close()
        finally:
            source.close()
        return
    tool = pg_tool("pg_restore", _pg_server_major(db.config))
    args, env = _pg_args(db.config)
    # --clean: an empty deployment has usually been migrated already (tables, seeded defaults);
    # the caller has checked it holds no data, or was told to overwrite it.
    command = [
        tool,
        "--no-owner",
        "--no-acl",
        "--exit-on-error",
        "--single-transaction",
        "--clean",
        "--if-exists",
        *args,
    ]
    result = subprocess.run(
        [*command, "-d", db.config["NAME"], str(dump)], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _restore_media(source: Path, target: Path) -> Path | None:
    """Put the archive's attachments in place; an existing directory is kept aside, not deleted."""
    kept = None
    if target.exists() and any(target.iterdir()):
        kept = target.with_name(f"{target.name}.before-restore-{timezone.now():%Y%m%d%H%M%S}")
        target.rename(kept)
    elif target.exists():
        target.rmdir()
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.exists():
        shutil.copytree(source, target)
    else:
        target.mkdir()
    return kept


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    database: str
    files: int
    media_kept_at: Path | None


def restore(
    archive: Path,
    private_key: Path,
    *,
    force: bool = False,
    database_url: str = "",
    media_dir: Path | None = None,
    work_dir: Path | None = None,
) -> RestoreResult:
    db = database_from_url(database_url) if database_url else configured_database()
    clean_leftovers(work_dir or Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(prefix="aduan-restore-", dir=work_dir) as scratch:
        unpacked = Path(scratch)
        manifest = unpack_and_verify(archive, private_key, unpacked)
        if manifest["engine"] != db.engine:
            raise BackupError(
                f"the archive holds a {manifest['engine']} database but the target is {db.engine}"
            )
        media_target = media_dir or (media_root() if manifest.get("media") else None)
        if not force:
            if _has_data(db):
                raise BackupError(
                    f"the target database ({db.label}) already holds data; restore into an empty "
                    "deployment or pass --force"
                )
            if media_target is not None and media_target.exists() and any(media_target.iterdir()):
                raise BackupError(
                    f"the attachment directory {media_target} is not empty; pass --force "
                    "(the existing directory is kept aside, not deleted)"
                )
        _restore_database(db, unpacked / manifest["database"])
        kept = None
        media_count = sum(1 for name in manifest["files"] if name.startswith(f"{MEDIA}/"))
        if media_target is not None and manifest.get("media"):
            kept = _restore_media(unpacked / MEDIA, media_target)
    return RestoreResult(manifest, db.label, media_count, kept)
