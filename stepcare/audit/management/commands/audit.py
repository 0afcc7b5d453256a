from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stepcare.audit.services import audit_verify


class Command(BaseCommand):
    help = (
        "Audit trail tools: `stepcare audit verify [--expect-head HASH]` walks the keyed hash chain "
        "and prints the head it verified; keep that head outside the database (a printout, another "
        "machine) and pass it later as --expect-head to prove nothing up to it was cut off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--expect-head", help="a head printed by an earlier verify; it must still be in the chain")

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify(expect_head=options.get("expect_head"))
        if not report.ok:
            where = f" at event {report.broken_at}" if report.broken_at else ""
            raise CommandError(
                f"Audit chain BROKEN{where}: {report.reason} ({report.checked} events verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events verified."))
        self.stdout.write(f"head {report.head}")
