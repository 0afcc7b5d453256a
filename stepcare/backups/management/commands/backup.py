from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stepcare.backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write an encrypted, consistent backup of the running service (database, letters and "
        "uploads) to FILE. The key comes from STEPCARE_BACKUP_KEY (or _FILE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(out=options["out"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {options['out']}: {len(manifest['counts'])} tables, {rows} rows, "
            f"audit head {manifest['audit_head'] or '(none)'}."
        ))
