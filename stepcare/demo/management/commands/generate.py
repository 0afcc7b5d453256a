from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from stepcare.accounts.models import Service
from stepcare.demo.synthetic import generate_service


class Command(BaseCommand):
    help = "Create a reproducible synthetic service (same seed and --as-of date, same data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, required=True, help="number of clients")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="the 'today' of the data (YYYY-MM-DD)")
        parser.add_argument("--password", default=None, help="password for every generated staff account (default: none, so nobody can sign in)")

    def handle(self, *args: Any, **options: Any) -> None:
        clients = int(options["clients"])
        if clients < 0:
            raise CommandError("--clients must be 0 or more.")
        call_command("migrate", interactive=False, verbosity=0)
        if Service.objects.exists():
            raise CommandError(
                "This database already holds a service. Point STEPCARE_DATA_DIR (or DATABASE_URL) at an empty one."
            )
        with tqdm(total=clients, unit="client", desc="Generating", disable=options["verbosity"] == 0) as bar:
            result = generate_service(
                clients=clients,
                seed=int(options["seed"]),
                as_of=options["as_of"],
                password=options["password"],
                progress=bar.update,
            )
        self.stdout.write(
            f"Created {len(result.teams)} teams, {len(result.pwps)} PWPs, {len(result.supervisors)} supervisors, "
            f"{result.clients} clients and {result.referrals} referrals."
        )
