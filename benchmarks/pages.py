"""Page timings and query counts on a synthetic service (a benchmark, not a test).

    STEPCARE_DATA_DIR=/tmp/bench .venv/bin/python benchmarks/pages.py --clients 50000

Generates the service if the database is empty (same seed, same data), then requests
each page several times as the persona who uses it and prints the median time and the
query count. Use DATABASE_URL to run it against PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepcare.settings")
os.environ.setdefault("STEPCARE_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from stepcare.accounts.models import Role, Service, User
    from stepcare.clients.models import Client as ClientRecord
    from stepcare.clients.models import Referral

    settings.REQUIRE_2FA = False
    call_command("migrate", interactive=False, verbosity=0)
    if not Service.objects.exists():
        started = time.perf_counter()
        call_command("generate", clients=args.clients, seed=args.seed, verbosity=0)
        print(f"generated {args.clients} clients in {time.perf_counter() - started:.1f} s")
    pwp = User.objects.filter(role=Role.PWP).order_by("id").first()
    supervisor = User.objects.filter(role=Role.SUPERVISOR, team=pwp.team).first()
    manager = User.objects.filter(role=Role.MANAGER).first()
    referral = Referral.objects.filter(allocated_pwp=pwp, measure_responses__isnull=False).first()
    pages = [
        (pwp, "/"), (pwp, "/waiting-list/"), (pwp, "/clients/"), (pwp, "/clients/?q=כהן"),
        (pwp, f"/referrals/{referral.pk}/"), (pwp, f"/measures/clients/{referral.client_id}/PHQ9/"),
        (supervisor, "/"), (supervisor, "/reviews/"), (supervisor, "/audit/"),
        (manager, "/"), (manager, "/waiting-list/"),
    ]
    print(f"service: {ClientRecord.objects.count()} clients, {Referral.objects.count()} referrals, "
          f"database {connection.vendor}")
    print(f"{'persona':<12} {'page':<40} {'median ms':>10} {'queries':>8}")
    browser = Client()
    for user, url in pages:
        browser.force_login(user)
        browser.get(url)  # warm up
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = browser.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{user.role:<12} {url:<40} {statistics.median(times):>10.1f} {len(queries.captured_queries):>8}")


if __name__ == "__main__":
    main()
