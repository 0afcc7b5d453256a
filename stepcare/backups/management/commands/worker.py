from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from stepcare.backups import schedule


class Command(BaseCommand):
    help = (
        "The background worker: runs queued tasks (Django's tasks API, database queue) and the "
        "schedule (daily audit head, periodic encrypted backups). Run the schedule in one worker "
        "only; start others with --no-schedule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-schedule", action="store_true", help="run queued tasks only")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = None if options["no_schedule"] else schedule.start()
        try:
            call_command("db_worker")
        finally:
            if stop is not None:
                stop.set()
