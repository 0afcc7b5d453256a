"""Online backups of the whole service, and restores into an empty one.

A backup is one encrypted file (stepcare/backups/crypto.py) holding a tar archive:
``manifest.json`` (format, database, when, every table's row count and the audit chain's head
as of the snapshot), the database snapshot and the data folder's ``files/`` (letters,
uploads). The snapshot is consistent while the service keeps writing: SQLite's online backup
API, or on PostgreSQL ``pg_dump`` inside an exported repeatable-read snapshot that the counts
are taken from too. Files are copied after the snapshot, so every file a row points to exists.

Not in the backup, on purpose: the secret key, the audit key and the backup key. Restoring
needs the same ``STEPCARE_AUDIT_KEY`` for the chain to verify.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec - pg_dump and pg_restore, with argument lists, never a shell
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from stepcare.audit.services import audit_verify
from stepcare.backups.crypto import BackupFileError, decrypt_stream, encrypt_stream

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int
    audit_events: int
    audit_head: str


def backup_key() -> str:
    key = getattr(settings, "BACKUP_KEY", None)
    if not key:
        raise BackupError("Set STEPCARE_BACKUP_KEY (or STEPCARE_BACKUP_KEY_FILE): backups are always encrypted.")
    return key


def _files_dir() -> Path:
    default: Any = settings.STORAGES["default"]
    return Path(default["OPTIONS"]["location"])


# --- Backup ----------------------------------------------------------------------------


def backup_create(*, out: Path, key: str | None = None) -> dict[str, Any]:
    """Write an encrypted backup of the running service to ``out``; return its manifest."""
    key = key or backup_key()
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="stepcare-backup-") as work_dir:
        work = Path(work_dir)
        if connection.vendor == "sqlite":
            database, manifest = _snapshot_sqlite(work)
        elif connection.vendor == "postgresql":
            database, manifest = _snapshot_postgresql(work)
        else:  # pragma: no cover - stepcare supports these two
            raise BackupError(f"Backups of {connection.vendor} are not supported.")
        manifest.update(format=FORMAT, created_at=timezone.now().isoformat(), database_file=database.name)
        archive = work / "backup.tar"
        files = _files_dir()
        with tarfile.open(archive, "w") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(database, arcname=database.name)
            if files.is_dir():
                tar.add(files, arcname="files")
        partial = out.with_name(out.name + ".partial")
        with archive.open("rb") as source, partial.open("wb") as target:
            encrypt_stream(source, target, key)
        partial.chmod(0o600)
        partial.replace(out)
    return manifest


def _snapshot_sqlite(work: Path) -> tuple[Path, dict[str, Any]]:
    snapshot = work / "database.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(snapshot)
    # SQLite's online backup API, through Django's own connection (whatever its file or
    # in-memory name): a consistent copy while other processes write.
    connection.connection.backup(target)
    try:
        manifest = _describe(target.cursor(), _sqlite_tables(target))
    finally:
        target.close()
    return snapshot, manifest


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [name for (name,) in rows]


def _snapshot_postgresql(work: Path) -> tuple[Path, dict[str, Any]]:
    dump = work / "database.pgdump"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        manifest = _describe(cursor, connection.introspection.table_names(cursor))
        # pg_dump reads the very snapshot the counts were taken in.
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}",
              f"--file={dump}", *_pg_args()])
    return dump, manifest


def _describe(cursor: Any, tables: list[str]) -> dict[str, Any]:
    counts = {}
    for table in tables:
        # Table names come from the database's own catalogue, never from input.
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608  # nosec
        counts[table] = cursor.fetchone()[0]
    head = ""
    if "audit_auditchainhead" in counts:
        cursor.execute("SELECT last_hash FROM audit_auditchainhead WHERE id = 1")
        row = cursor.fetchone()
        head = row[0] if row else ""
    return {"database": connection.vendor, "counts": counts, "audit_head": head}


# --- Restore ---------------------------------------------------------------------------


def backup_restore(*, path: Path, key: str | None = None) -> RestoreReport:
    """Restore a backup into this (empty) service, then check it: every table's count as in
    the manifest, and the audit chain verified up to the head the backup recorded.

    The whole file is decrypted and checked before anything is written, so a truncated,
    altered or wrongly keyed file changes nothing."""
    key = key or backup_key()
    with tempfile.TemporaryDirectory(prefix="stepcare-restore-") as work_dir:
        work = Path(work_dir)
        archive = work / "backup.tar"
        try:
            with Path(path).open("rb") as source, archive.open("wb") as target:
                for chunk in decrypt_stream(source, key):
                    target.write(chunk)
        except FileNotFoundError:
            raise BackupError(f"No backup file at {path}.") from None
        except BackupFileError as exc:
            raise BackupError(str(exc)) from None
        unpacked = work / "unpacked"
        with tarfile.open(archive) as tar:
            tar.extractall(unpacked, filter="data")
        manifest = json.loads((unpacked / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"This backup's format ({manifest.get('format')}) is not one this version reads.")
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest['database']} database; this service uses {connection.vendor}."
            )
        _refuse_unless_empty()
        database = unpacked / manifest["database_file"]
        if connection.vendor == "sqlite":
            _restore_sqlite(database)
        else:
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *_pg_args(dbname_flag=True),
                  str(database)])
        files = 0
        if (unpacked / "files").is_dir():
            shutil.copytree(unpacked / "files", _files_dir(), dirs_exist_ok=True)
            files = sum(1 for p in (unpacked / "files").rglob("*") if p.is_file())
    return _check(manifest, files)


def _refuse_unless_empty() -> None:
    if connection.vendor == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        if name.exists():
            with sqlite3.connect(name) as db:
                if _sqlite_tables(db):
                    raise BackupError(f"{name} already holds a database: restore only into an empty data folder.")
    elif connection.introspection.table_names():
        raise BackupError("The database already has tables: restore only into an empty database.")
    files = _files_dir()
    if files.is_dir() and any(files.iterdir()):
        raise BackupError(f"{files} is not empty: restore only into an empty data folder.")


def _restore_sqlite(snapshot: Path) -> None:
    name = Path(settings.DATABASES["default"]["NAME"])
    connection.close()
    for stale in (name, Path(f"{name}-wal"), Path(f"{name}-shm")):
        stale.unlink(missing_ok=True)
    name.parent.mkdir(parents=True, exist_ok=True)
    partial = name.with_name(name.name + ".partial")
    shutil.copyfile(snapshot, partial)
    partial.chmod(0o600)
    partial.replace(name)


def _check(manifest: dict[str, Any], files: int) -> RestoreReport:
    connection.close()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        found = _describe(cursor, tables)["counts"]
    wrong = {t: (n, found.get(t)) for t, n in manifest["counts"].items() if found.get(t) != n}
    if wrong:
        detail = ", ".join(f"{t}: {got} rows, backup had {n}" for t, (n, got) in sorted(wrong.items()))
        raise BackupError(f"Restored, but the counts differ: {detail}.")
    report = audit_verify(expect_head=manifest["audit_head"] or None)
    if not report.ok:
        raise BackupError(
            f"Restored, but the audit chain does not verify: {report.reason}. "
            "Is STEPCARE_AUDIT_KEY the one the backed-up service used?"
        )
    return RestoreReport(
        tables=len(manifest["counts"]), rows=sum(manifest["counts"].values()), files=files,
        audit_events=report.checked, audit_head=report.head,
    )


# --- PostgreSQL tools ------------------------------------------------------------------


def _pg_args(*, dbname_flag: bool = False) -> list[str]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    args.append(f"--dbname={db['NAME']}" if dbname_flag else db["NAME"])
    return args


def _run(command: list[str]) -> None:
    env = {**os.environ}
    password = settings.DATABASES["default"].get("PASSWORD")
    if password:
        env["PGPASSWORD"] = password
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools are needed).") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")
