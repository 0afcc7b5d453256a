from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stepcare.backups.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `stepcare backup` into an empty data folder or database, then "
        "check every table's count and the audit chain. Needs the same STEPCARE_BACKUP_KEY and "
        "STEPCARE_AUDIT_KEY as the service that made it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(path=options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Restored {report.tables} tables ({report.rows} rows) and {report.files} files; every count "
            f"matches the backup; audit chain intact: {report.audit_events} events, head {report.audit_head}."
        ))
