"""The worker's schedule: what runs by the clock, not by a request.

- the audit chain's head, verified and written to the log and ``AUDIT_HEAD_FILE``, daily;
- an encrypted backup into ``BACKUP_DIR`` every ``BACKUP_EVERY_HOURS``, keeping the newest
  ``BACKUP_KEEP`` (only when a backup folder and a key are set).

Whether a job is due is read from what it left behind (the newest backup file, the last head
line), so a restarted worker neither repeats nor skips a job. Run the schedule in one worker
(``stepcare worker``); further workers take ``--no-schedule``.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from stepcare.audit.services import audit_head_record
from stepcare.backups.services import BackupError, backup_create

logger = logging.getLogger("stepcare.schedule")
BACKUP_GLOB = "stepcare-*.backup"


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Run every job that is due; return their names (for the log and tests)."""
    now = now or timezone.now()
    done = []
    if _head_due(now):
        audit_head_record()
        done.append("audit-head")
    if settings.BACKUP_DIR and settings.BACKUP_KEY and _backup_due(now):
        try:
            path = backup_scheduled(now)
        except BackupError as exc:
            logger.error("scheduled backup failed: %s", exc)
        else:
            logger.info("scheduled backup written: %s", path)
            done.append("backup")
    return done


def backup_scheduled(now: datetime) -> Path:
    folder = Path(str(settings.BACKUP_DIR))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"stepcare-{now:%Y%m%d-%H%M%S}.backup"
    backup_create(out=path)
    for old in sorted(folder.glob(BACKUP_GLOB))[: -settings.BACKUP_KEEP]:
        old.unlink()
    return path


def _backup_due(now: datetime) -> bool:
    newest = max((p.stat().st_mtime for p in Path(str(settings.BACKUP_DIR)).glob(BACKUP_GLOB)), default=None)
    return newest is None or now.timestamp() - newest >= settings.BACKUP_EVERY_HOURS * 3600


def _head_due(now: datetime) -> bool:
    path = Path(settings.AUDIT_HEAD_FILE)
    if not path.exists():
        return True
    return now.timestamp() - path.stat().st_mtime >= timedelta(days=1).total_seconds()


def start(interval: float = 60.0) -> threading.Event:
    """Check every ``interval`` seconds in a daemon thread; set the returned event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                run_due_jobs()
            except Exception:  # a failed job must not stop the worker; it is logged with its cause
                logger.exception("scheduled job failed")
            finally:
                close_old_connections()
            stop.wait(interval)

    threading.Thread(target=loop, name="stepcare-schedule", daemon=True).start()
    return stop
