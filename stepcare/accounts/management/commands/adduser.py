from __future__ import annotations

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from stepcare.accounts import services
from stepcare.accounts.models import Role, Team


class Command(BaseCommand):
    help = "Add a staff member: stepcare adduser EMAIL --role pwp|supervisor|manager|admin --team NAME"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--team", help="team name (created if new); required for PWPs and supervisors")
        parser.add_argument("--name", help="full name (default: the part of the e-mail before @)")
        parser.add_argument("--password", help="password; omit to be asked (or use --no-password)")
        parser.add_argument("--no-password", action="store_true", help="set no password; the user resets it by e-mail")
        parser.add_argument("--service", default="stepcare service", help="service name if none exists yet")

    def handle(self, *args: object, **options: object) -> None:
        email = str(options["email"])
        service = services.service_get_or_create(name=str(options["service"]))
        team = None
        if options["team"]:
            team = Team.objects.filter(service=service, name=options["team"]).first() or services.team_create(
                actor=None, service=service, name=str(options["team"])
            )
        password = options["password"]
        if not password and not options["no_password"]:
            password = getpass.getpass(f"Password for {email}: ")
        try:
            user = services.user_create(
                actor=None,
                email=email,
                full_name=str(options["name"] or email.split("@")[0]),
                role=str(options["role"]),
                team=team,
                service=service,
                password=str(password) if password else None,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()) if hasattr(exc, "message_dict") else " ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Added {user.email} ({user.get_role_display()}{', ' + team.name if team else ''})."))
