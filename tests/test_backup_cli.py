"""`stepcare backup` while the service writes, `stepcare restore` into a new data folder."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import _env, _stepcare

KEYS = {
    "STEPCARE_BACKUP_KEY": "b4-Qe8!wT2#yU6@iO0$pA3^sD7%fG1&hJ5*kL9(zX4)cV8_bN2+mQ6=wE0",
    "STEPCARE_AUDIT_KEY": "a9-Lw3!pQ7#xV1@nB5$kR8^tY2%mC6&hJ4*dF0(gS9)uI3_oE7+zX5=wA1",
}

# Appends audit events one by one and prints each id once its transaction has committed.
WRITER = """
import django, sys
django.setup()
from stepcare.audit.services import audit_record
i = 0
while True:
    event = audit_record(actor=None, action="create", object_type="test.write", object_id=i)
    print(event.pk, flush=True)
    i += 1
"""


def test_backup_while_writing_then_restore_into_a_new_folder(tmp_path):
    env = _env(tmp_path, **KEYS)
    assert _stepcare("generate", "--clients", "40", "--seed", "3", env=env).returncode == 0
    letters = tmp_path / "data" / "files" / "letters"
    letters.mkdir(parents=True)
    (letters / "letter.pdf").write_bytes(b"%PDF-1.7 a letter")

    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER], env={**env, "DJANGO_SETTINGS_MODULE": "stepcare.settings"},
        stdout=subprocess.PIPE, text=True,
    )
    try:
        acknowledged = [int(writer.stdout.readline()) for _ in range(20)]  # writes are under way
        result = _stepcare("backup", "--out", str(tmp_path / "service.backup"), env=env)
        acknowledged += [int(writer.stdout.readline()) for _ in range(5)]
    finally:
        writer.terminate()
        writer.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert "Backup written" in result.stdout
    backup = tmp_path / "service.backup"
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    assert b"Alpha" not in backup.read_bytes() and b"%PDF" not in backup.read_bytes()

    new = _env(tmp_path / "new", **KEYS)
    restored = _stepcare("restore", str(backup), env=new)
    assert restored.returncode == 0, restored.stderr
    assert "every count matches" in restored.stdout and "audit chain intact" in restored.stdout
    assert _stepcare("audit", "verify", env=new).returncode == 0
    assert (tmp_path / "new" / "data" / "files" / "letters" / "letter.pdf").read_bytes() == b"%PDF-1.7 a letter"

    # Every write acknowledged before the backup started is in the restored service.
    with sqlite3.connect(tmp_path / "new" / "data" / "stepcare.sqlite3") as db:
        ids = {row[0] for row in db.execute("SELECT id FROM audit_auditevent WHERE object_type = 'test.write'")}
    assert set(acknowledged[:20]) <= ids


def test_restore_refuses_a_damaged_file_a_wrong_key_and_a_folder_in_use(tmp_path):
    env = _env(tmp_path, **KEYS)
    assert _stepcare("migrate", env=env).returncode == 0
    backup = tmp_path / "service.backup"
    assert _stepcare("backup", "--out", str(backup), env=env).returncode == 0

    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(backup.read_bytes()[:-100])
    target = _env(tmp_path / "t", **KEYS)
    result = _stepcare("restore", str(damaged), env=target)
    assert result.returncode != 0 and "truncated" in result.stderr
    assert not (tmp_path / "t" / "data" / "stepcare.sqlite3").exists() or _no_tables(tmp_path / "t")

    wrong = _env(tmp_path / "w", **{**KEYS, "STEPCARE_BACKUP_KEY": "x" * 40})
    result = _stepcare("restore", str(backup), env=wrong)
    assert result.returncode != 0 and "cannot be opened with this key" in result.stderr

    result = _stepcare("restore", str(backup), env=env)  # the folder that made it: not empty
    assert result.returncode != 0 and "restore only into an empty" in result.stderr


def test_backup_without_a_key_says_so(tmp_path):
    env = _env(tmp_path)
    result = _stepcare("backup", "--out", str(tmp_path / "b"), env=env)
    assert result.returncode != 0 and "STEPCARE_BACKUP_KEY" in result.stderr
    assert not (tmp_path / "b").exists()


def _no_tables(folder: Path) -> bool:
    with sqlite3.connect(folder / "data" / "stepcare.sqlite3") as db:
        return not db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs in the PostgreSQL pass")
def test_postgresql_backup_and_restore_into_an_empty_database(tmp_path):
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    names = [f"stepcare_backup_{os.getpid()}_{side}" for side in ("source", "target")]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        source = {**_env(tmp_path / "s", **KEYS), "DATABASE_URL": f"{base}/{names[0]}"}
        assert _stepcare("generate", "--clients", "30", "--seed", "4", env=source).returncode == 0
        result = _stepcare("backup", "--out", str(tmp_path / "pg.backup"), env=source)
        assert result.returncode == 0, result.stderr

        target = {**_env(tmp_path / "t", **KEYS), "DATABASE_URL": f"{base}/{names[1]}"}
        restored = _stepcare("restore", str(tmp_path / "pg.backup"), env=target)
        assert restored.returncode == 0, restored.stderr
        assert "every count matches" in restored.stdout
        again = _stepcare("restore", str(tmp_path / "pg.backup"), env=target)
        assert again.returncode != 0 and "already has tables" in again.stderr
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
