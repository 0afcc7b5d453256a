from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from stepcare.accounts.models import Service
from stepcare.demo import loader as demo


class Command(BaseCommand):
    help = "Set up and run the demo service: migrate, load demo data, start the web server and the worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-worker", action="store_true", help="do not start the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Run the demo with `stepcare demo` (it sets STEPCARE_MODE=demo).")
        port = int(options["port"])
        self.stdout.write(f"Data folder: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        if not Service.objects.exists():
            self.stdout.write("Loading the demo service ...")
            demo.load_demo()
        env = {**os.environ, "STEPCARE_MODE": "demo", "DJANGO_SETTINGS_MODULE": "stepcare.settings"}
        children: list[subprocess.Popen[bytes]] = []
        web = [
            sys.executable, "-m", "gunicorn", "stepcare.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
            "--graceful-timeout", "5", "--log-level", "warning",
        ]
        children.append(subprocess.Popen(web, env=env))
        if not options["no_worker"]:
            children.append(subprocess.Popen([sys.executable, "-m", "stepcare.cli", "worker"], env=env))

        self.stdout.write(self.style.SUCCESS(f"\nstepcare demo is running at http://127.0.0.1:{port}/\n"))
        self.stdout.write(demo.logins_text())
        self.stdout.write("\nPress Ctrl-C to stop.\n")

        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.3)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [child for child in children if child.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not stopping:
            raise CommandError("A demo process stopped unexpectedly; see the messages above.")
        self.stdout.write("Stopped.")
