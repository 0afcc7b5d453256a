"""The ``stepcare`` command.

Each sub-command is a Django management command of one of stepcare's apps, so
the same code runs from the CLI, from tests (call_command) and from scripts.
``stepcare serve`` starts gunicorn; anything not listed here is passed to
Django's own manage.py commands (``stepcare shell``, ``stepcare createcachetable``).
"""

from __future__ import annotations

import os
import sys

# stepcare sub-command -> Django management command
COMMANDS = {
    "demo": "demo",
    "worker": "worker",
    "migrate": "migrate",
    "adduser": "adduser",
    "check": "deploycheck",
    "generate": "generate",
    "audit": "audit",
    "backup": "backup",
    "restore": "restore",
    "score": "score",
    "instruments": "instruments",
}

USAGE = """usage: stepcare COMMAND [options]

  demo [--port 8000]        set up and run the demo service with the worker
  serve                     production web server (gunicorn)
  worker                    background task worker
  migrate                   apply database migrations
  adduser EMAIL --role R --team T   add a staff member
  check                     deployment checks
  generate --clients N --seed S     synthetic service for tests and benchmarks
  audit verify [--expect-head H]  verify the audit trail's keyed hash chain
  backup --out FILE         encrypted online backup (database, letters, uploads)
  restore FILE              restore a backup into an empty data folder or database
  score INSTRUMENT ANSWERS  score a questionnaire
  score INSTRUMENT --batch FILE|-  score one answer list per line (JSON Lines out)
  instruments list          list the instrument catalogue

Run `stepcare COMMAND --help` for a command's options."""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return
    command, rest = argv[0], argv[1:]
    if command == "demo":
        os.environ.setdefault("STEPCARE_MODE", "demo")
    if command == "serve":
        os.environ.setdefault("STEPCARE_MODE", "production")
        _serve(rest)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepcare.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["stepcare", COMMANDS.get(command, command), *rest])


def _serve(rest: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepcare.settings")
    # Import settings first so a misconfiguration stops start-up with its message.
    import django

    django.setup()
    bind = os.environ.get("STEPCARE_BIND", "127.0.0.1:8000")
    workers = os.environ.get("STEPCARE_WEB_WORKERS", str(min(8, (os.cpu_count() or 1) * 2 + 1)))
    args = [
        sys.executable, "-m", "gunicorn", "stepcare.wsgi:application",
        "--bind", bind, "--workers", workers, "--access-logfile", "-",
        "--logger-class", "stepcare.gunicorn_logging.RedactingLogger",
        "--forwarded-allow-ips", os.environ.get("STEPCARE_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        *rest,
    ]
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process with gunicorn


if __name__ == "__main__":
    main()
