"""Requests per second of the main pages under load, next to the server's floor (/healthz).

    STEPCARE_DATA_DIR=/tmp/bench-sqlite .venv/bin/python benchmarks/load.py --clients 50000
    STEPCARE_DATA_DIR=/tmp/bench-pg DATABASE_URL=postgres://postgres@127.0.0.1:5432/stepcare_bench \\
        .venv/bin/python benchmarks/load.py --clients 50000

Generates the synthetic service if the database is empty (same seed, same data; 50,000
clients take several minutes), collects the static files, starts ``stepcare serve`` (gunicorn,
production settings, plain http on 127.0.0.1 only) as a subprocess, signs each persona in by
writing a session directly (no password, no second factor), and runs wrk against each page
with that session's cookie. A response other than 200 counts as an error (wrk itself counts
redirects as successes, so a Lua script counts the statuses). Prints a Markdown table and
stops the server. Needs wrk (apt-get install wrk). Each page takes --duration seconds plus a
short warm-up; the whole run is bounded (about 12 × (duration + 3) seconds after generation).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"  # never anything else: the benchmark loads only this machine

# wrk counts 3xx as success; count every status but 200 as an error, across threads.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("non200: %d\\n", total))
  io.write(string.format("p50ms: %.2f\\n", latency:percentile(50) / 1000))
end
"""


@dataclass
class Result:
    label: str
    persona: str
    url: str
    rps: float
    errors: int
    p50_ms: float


def _audit_key(data_dir: Path) -> str:
    key_file = data_dir / "audit_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50000, help="clients to generate when the database is empty")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=None, help="STEPCARE_WEB_WORKERS (default: stepcare serve's own)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--only", default="", help="comma-separated page labels to run (default: all)")
    args = parser.parse_args()

    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed (apt-get install wrk).")
    if "STEPCARE_DATA_DIR" not in os.environ:
        sys.exit("Set STEPCARE_DATA_DIR to a folder outside the repository (the database and static files go there).")

    port = args.port or _free_port()
    data_dir = Path(os.environ["STEPCARE_DATA_DIR"]).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    # One secret for this process and the server: sessions are signed with it.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "stepcare.settings",
        "STEPCARE_MODE": "production",
        "STEPCARE_SECRET_KEY": os.environ.get("STEPCARE_SECRET_KEY") or secrets.token_urlsafe(48),
        # The audit key must stay the same for a data folder: reuse the one generated there.
        "STEPCARE_AUDIT_KEY": os.environ.get("STEPCARE_AUDIT_KEY") or _audit_key(data_dir),
        "STEPCARE_ALLOWED_HOSTS": HOST,
        "STEPCARE_HTTPS": "false",
        "STEPCARE_REQUIRE_2FA": "false",
        "STEPCARE_BIND": f"{HOST}:{port}",
        "STEPCARE_LOG_LEVEL": os.environ.get("STEPCARE_LOG_LEVEL", "WARNING"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    if args.workers:
        env["STEPCARE_WEB_WORKERS"] = str(args.workers)
    os.environ.update(env)

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection

    from stepcare.accounts.models import Role, Service, User
    from stepcare.clients.models import Client as ClientRecord
    from stepcare.clients.models import Referral

    call_command("migrate", interactive=False, verbosity=0)
    if not Service.objects.exists():
        started = time.perf_counter()
        print(f"generating {args.clients} clients (seed {args.seed}) ...", flush=True)
        call_command("generate", clients=args.clients, seed=args.seed, verbosity=0)
        print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum keeps them in production (it may be off on a test server).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    pwp = User.objects.filter(role=Role.PWP).order_by("id").first()
    supervisor = User.objects.filter(role=Role.SUPERVISOR, team=pwp.team).first()
    manager = User.objects.filter(role=Role.MANAGER).first()
    referral = Referral.objects.filter(allocated_pwp=pwp, measure_responses__isnull=False).order_by("id").first()
    family_name = urllib.parse.quote("כהן")
    pages = [
        ("/healthz", None, "/healthz"),
        ("home", pwp, "/"),
        ("waiting list", pwp, "/waiting-list/"),
        ("client list", pwp, "/clients/"),
        ("client search", pwp, f"/clients/?q={family_name}"),
        ("referral page", pwp, f"/referrals/{referral.pk}/"),
        ("measures history", pwp, f"/measures/clients/{referral.client_id}/PHQ9/"),
        ("home", supervisor, "/"),
        ("review queue", supervisor, "/reviews/"),
        ("home", manager, "/"),
        ("waiting list", manager, "/waiting-list/"),
    ]
    if args.only:
        wanted = {label.strip() for label in args.only.split(",")}
        pages = [page for page in pages if page[0] in wanted or page[0] == "/healthz"]

    backend = settings.AUTHENTICATION_BACKENDS[-1]

    def session_for(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    cookies = {user.pk: session_for(user) for user in {pwp, supervisor, manager}}
    service = (
        f"{ClientRecord.objects.count()} clients, {Referral.objects.count()} referrals, "
        f"database {connection.vendor}"
    )
    connection.close()

    log_path = data_dir / "load-server.log"
    print(f"service: {service}; server log: {log_path}", flush=True)
    with open(log_path, "w") as log, tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
        script.flush()
        server = subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "-m", "stepcare.cli", "serve"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(data_dir), start_new_session=True,
        )
        try:
            _wait_until_up(port, server)
            results = []
            for label, user, url in pages:
                cookie = f"sessionid={cookies[user.pk]}" if user else ""
                _check(port, url, cookie)
                _run_wrk(wrk, script.name, port, url, cookie, args, duration=2)  # warm-up
                output = _run_wrk(wrk, script.name, port, url, cookie, args, duration=args.duration)
                result = _parse(output, label, user.role if user else "anyone", url)
                results.append(result)
                print(f"  {label:<17} {result.persona:<10} {result.rps:8.1f} req/s  {result.errors} errors", flush=True)
        finally:
            _stop(server)
            os.unlink(script.name)

    workers = env.get("STEPCARE_WEB_WORKERS") or f"default ({min(8, (os.cpu_count() or 1) * 2 + 1)})"
    print()
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {service}, {workers} gunicorn workers, "
          f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s")
    print()
    _print_table(results)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("stepcare serve stopped while starting; see the server log.")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    sys.exit("stepcare serve did not answer /healthz within a minute.")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _check(port: int, url: str, cookie: str) -> None:
    """The page must answer 200 for this persona, not a redirect to the login page."""
    request = urllib.request.Request(f"http://{HOST}:{port}{url}", headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200: the benchmark would measure an error page.")


def _run_wrk(wrk: str, script: str, port: int, url: str, cookie: str, args: argparse.Namespace, *, duration: int) -> str:
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--timeout", "10s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://{HOST}:{port}{url}")
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 30, check=True)  # noqa: S603
    return done.stdout


def _parse(output: str, label: str, persona: str, url: str) -> Result:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = int(re.search(r"non200: (\d+)", output).group(1))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    p50 = float(re.search(r"p50ms: ([\d.]+)", output).group(1))
    return Result(label, persona, url, rps, errors, p50)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)  # gunicorn's master and its workers: our own session
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _print_table(results: list[Result]) -> None:
    floor = results[0].rps if results and results[0].url == "/healthz" else None
    print("| page | persona | requests/s | vs /healthz | median ms | errors |")
    print("|---|---|---:|---:|---:|---:|")
    for result in results:
        ratio = f"{result.rps / floor:.2f}" if floor else "–"
        print(f"| {result.label} | {result.persona} | {result.rps:.0f} | {ratio} | {result.p50_ms:.0f} | {result.errors} |")


if __name__ == "__main__":
    main()
