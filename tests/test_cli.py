"""The `stepcare` command as an operator uses it, in real subprocesses."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STEPCARE_", "DJANGO_", "DATABASE_URL"))}
    env.update({"STEPCARE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def _stepcare(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stepcare.cli", *args], env=env, capture_output=True, text=True, timeout=300)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_starts_serves_the_login_page_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "stepcare.cli", "demo", "--port", str(port)],
        env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        body = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:  # noqa: S310
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert "Demo service" in body and 'name="login"' in body
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "pwp1@demo.stepcare.example" in output and "Stopped." in output
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310


def test_a_bad_setting_stops_start_up_naming_the_variable(tmp_path):
    result = _stepcare("migrate", env=_env(tmp_path, STEPCARE_DEBUG="sometimes"))
    assert result.returncode != 0
    assert "STEPCARE_DEBUG must be true or false" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _stepcare("check", env=_env(tmp_path, STEPCARE_MODE="production", STEPCARE_ALLOWED_HOSTS="care.example.org"))
    assert result.returncode != 0
    assert "STEPCARE_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_an_audit_key(tmp_path):
    env = _env(tmp_path, STEPCARE_MODE="production", STEPCARE_ALLOWED_HOSTS="care.example.org",
               STEPCARE_SECRET_KEY="k7-Zq9!rT4#pL2@mN8$vB6^wX1%cD5&fG3*hJ0(yU8)iO4_aS2+eR7=tY9")
    result = _stepcare("check", env=env)
    assert result.returncode != 0
    assert "STEPCARE_AUDIT_KEY" in result.stderr


def test_check_passes_for_a_sound_production_configuration(tmp_path):
    env = _env(
        tmp_path, STEPCARE_MODE="production", STEPCARE_ALLOWED_HOSTS="care.example.org",
        STEPCARE_SECRET_KEY="k7-Zq9!rT4#pL2@mN8$vB6^wX1%cD5&fG3*hJ0(yU8)iO4_aS2+eR7=tY9", STEPCARE_CSRF_TRUSTED_ORIGINS="https://care.example.org",
        STEPCARE_AUDIT_KEY="a9-Lw3!pQ7#xV1@nB5$kR8^tY2%mC6&hJ4*dF0(gS9)uI3_oE7+zX5=wA1",
    )
    result = _stepcare("check", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Deployment checks passed" in result.stdout


def test_check_names_each_problem_in_local_mode(tmp_path):
    result = _stepcare("check", env=_env(tmp_path, STEPCARE_REQUIRE_2FA="false"))
    assert result.returncode != 0
    assert "STEPCARE_REQUIRE_2FA is off" in result.stderr and "STEPCARE_MODE is not 'production'" in result.stderr


def test_adduser_then_audit_verify(tmp_path):
    env = _env(tmp_path)
    assert _stepcare("migrate", env=env).returncode == 0
    result = _stepcare("adduser", "lead@example.org", "--role", "supervisor", "--team", "North", "--no-password", env=env)
    assert result.returncode == 0 and "Added lead@example.org" in result.stdout
    result = _stepcare("adduser", "pwp@example.org", "--role", "pwp", "--no-password", env=env)
    assert result.returncode != 0 and "must belong to a team" in result.stderr
    result = _stepcare("audit", "verify", env=env)
    assert result.returncode == 0 and "intact" in result.stdout


def test_files_in_the_data_folder_are_private_whatever_the_umask(tmp_path):
    env = _env(tmp_path)
    result = subprocess.run(
        ["sh", "-c", f'umask 022 && exec "{sys.executable}" -m stepcare.cli migrate'],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    assert oct(data.stat().st_mode & 0o777) == "0o700"
    for name in ("stepcare.sqlite3", "secret_key", "audit_key"):
        assert oct((data / name).stat().st_mode & 0o777) == "0o600", name


def test_the_access_log_does_not_keep_a_password_reset_key():
    from stepcare.gunicorn_logging import redact

    line = 'GET /accounts/password/reset/key/4-cf9m2a-8b1e6c0d5f/ HTTP/1.1'
    assert redact(line) == "GET /accounts/password/reset/key/[redacted]/ HTTP/1.1"
    assert redact("GET /referrals/12/ HTTP/1.1") == "GET /referrals/12/ HTTP/1.1"
