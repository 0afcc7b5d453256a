from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Deployment checks: secret key, debug off, hosts, HTTPS settings, 2FA enforced (stepcare check)."

    def handle(self, *args: object, **options: object) -> None:
        problems = []
        if settings.DEBUG:
            problems.append("STEPCARE_DEBUG is on; turn it off in production.")
        if not settings.PRODUCTION:
            problems.append("STEPCARE_MODE is not 'production' (stepcare serve sets it).")
        if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
            problems.append("STEPCARE_ALLOWED_HOSTS must list the real host names (no '*').")
        if not settings.SESSION_COOKIE_SECURE or not settings.CSRF_COOKIE_SECURE:
            problems.append("Cookies are not marked secure: set STEPCARE_HTTPS=true behind a TLS proxy.")
        if not settings.SECURE_HSTS_SECONDS:
            problems.append("HSTS is off: set STEPCARE_HTTPS=true.")
        if not settings.REQUIRE_2FA:
            problems.append("STEPCARE_REQUIRE_2FA is off: staff could sign in with a password alone.")
        if settings.DEMO_MODE:
            problems.append("Demo mode is on.")
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            self.stdout.write(self.style.WARNING("Note: SQLite is fine for one machine; use PostgreSQL (DATABASE_URL) to scale out."))
        try:
            call_command("check", deploy=True, fail_level="WARNING")
        except Exception as exc:  # Django reports each issue itself
            problems.append(f"Django's deployment checks: {exc}")
        for problem in problems:
            self.stderr.write(self.style.ERROR(f"✗ {problem}"))
        if problems:
            raise CommandError(f"{len(problems)} deployment problem(s) found.")
        self.stdout.write(self.style.SUCCESS("✓ Deployment checks passed."))
