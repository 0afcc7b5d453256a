"""The worker's schedule: a backup every N hours keeping the newest few, the audit head daily."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from stepcare.audit.models import AuditChainHead
from stepcare.audit.services import audit_record
from stepcare.backups import schedule

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scheduled(settings, tmp_path):
    settings.BACKUP_DIR = str(tmp_path / "backups")
    settings.BACKUP_KEY = "b" * 40
    settings.BACKUP_KEEP = 2
    settings.BACKUP_EVERY_HOURS = 24
    settings.AUDIT_HEAD_FILE = str(tmp_path / "heads.log")
    return tmp_path


def test_due_jobs_run_once_then_wait_for_their_interval(scheduled):
    audit_record(actor=None, action="create", object_type="test.thing", object_id=1)

    assert schedule.run_due_jobs() == ["audit-head", "backup"]
    assert schedule.run_due_jobs() == []

    head = AuditChainHead.objects.get().last_hash
    assert f"head {head} events 1" in (scheduled / "heads.log").read_text()
    assert len(list((scheduled / "backups").glob("stepcare-*.backup"))) == 1


def test_a_day_later_both_run_again_and_only_the_newest_backups_are_kept(scheduled):
    start = timezone.now()
    for day in range(4):
        now = start + timedelta(days=day)
        assert schedule.run_due_jobs(now) == ["audit-head", "backup"]
        # What the next run reads: the files' times, as if a day had passed.
        past = time.time() - 86400 * (4 - day)
        for path in [scheduled / "heads.log", *(scheduled / "backups").glob("*.backup")]:
            os.utime(path, (past, past))

    backups = sorted((scheduled / "backups").glob("stepcare-*.backup"))
    assert len(backups) == 2
    assert len((scheduled / "heads.log").read_text().splitlines()) == 4


def test_without_a_backup_folder_only_the_head_is_written(scheduled, settings):
    settings.BACKUP_DIR = None

    assert schedule.run_due_jobs() == ["audit-head"]
