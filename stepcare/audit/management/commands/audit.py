from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stepcare.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit trail tools: `stepcare audit verify` walks the hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: object, **options: object) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain BROKEN at event {report.broken_at}: {report.reason} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events verified."))
